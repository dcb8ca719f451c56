"""The imports update Wagtail's search index and reference index once, at the end of the write
(core.indexing), not on every save: what they import is found by Wagtail's search and listed
as "usage" in the admin all the same, and a failed import leaves the per-save updates working."""

import io
import json
from collections import Counter

from django.core.management import call_command

from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backend
from wagtail.tasks import update_reference_index_task

import pytest
from django_tasks.signals import task_enqueued
from modelsearch.tasks import insert_or_update_object_task

from core.indexing import bulk_indexing
from frameworks.models import FrameworkPage, Provision
from practices.models import Organisation, PracticePage
from tests.factories import FrameworkPageFactory, ProvisionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def per_save_updates():
    """The index updates Wagtail enqueues on save, counted by kind as they are enqueued."""
    counts = Counter()

    def count(sender, task_result, **kwargs):
        if task_result.task.func is insert_or_update_object_task.func:
            counts["search"] += 1
        elif task_result.task.func is update_reference_index_task.func:
            counts["references"] += 1

    task_enqueued.connect(count)
    yield counts
    task_enqueued.disconnect(count)


def framework_record(**changes):
    record = {
        "external_id": "nap-zz-1",
        "kind": "nap",
        "title": "Quillamarian national action plan",
        "agendas": ["WPS"],
        "country": "KE",
        "generation": 1,
        "pillars": ["Participation"],
        "provisions": [
            {"code": "1.1", "pillar": "participation", "text": "Borravian peace committees."},
            {"code": "1.2", "pillar": "participation", "text": "A steering committee."},
        ],
    }
    record.update(changes)
    return record


def import_frameworks(tmp_path, *records):
    directory = tmp_path / "frameworks"
    directory.mkdir(exist_ok=True)
    (directory / "plans.json").write_text(json.dumps({"frameworks": list(records)}), "utf-8")
    call_command("import_frameworks", str(directory), stdout=io.StringIO(), stderr=io.StringIO())


def import_practice(tmp_path, framework):
    record = {
        "external_id": "practice-zz",
        "title": "Tessaminian women's dialogue",
        "summary": "Women mediated between neighbouring villages.",
        "description": "Monthly meetings of women and elders.",
        "organisations": ["Ossarian Women Network"],
        "countries": ["KE"],
        "level": "local",
        "agendas": ["WPS"],
        "pillars": ["participation"],
        "themes": ["mediation"],
        "provisions": [
            {"framework": framework.external_id, "code": "9.1", "relation": "implements"}
        ],
        "frameworks": [framework.external_id],
        "language": "en",
    }
    path = tmp_path / "practices.json"
    path.write_text(json.dumps({"practices": [record]}), "utf-8")
    call_command("import_practices", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    return PracticePage.objects.get(external_id="practice-zz")


def found(queryset, words):
    return list(get_search_backend().search(words, queryset))


def test_imported_frameworks_and_provisions_are_found_by_wagtails_search(
    tmp_path, framework_index, per_save_updates
):
    import_frameworks(tmp_path, framework_record())

    assert per_save_updates == {}
    page = FrameworkPage.objects.get(external_id="nap-zz-1")
    # Indexed as the specific page, so searching all pages (the admin's search) finds it too.
    assert found(FrameworkPage.objects.live(), "Quillamarian") == [page]
    assert [p.specific for p in found(Page.objects.all(), "Quillamarian")] == [page]
    assert found(Provision.objects.all(), "Borravian") == [page.provisions.get(code="1.1")]


def test_an_imported_practice_is_found_and_its_references_are_recorded(
    tmp_path, practice_index, per_save_updates
):
    framework = FrameworkPageFactory(external_id="nap-zz-9")
    provision = ProvisionFactory(framework=framework, code="9.1")
    per_save_updates.clear()

    practice = import_practice(tmp_path, framework)

    assert per_save_updates == {}
    assert found(PracticePage.objects.live(), "Tessaminian") == [practice]
    organisation = Organisation.objects.get(name="Ossarian Women Network")
    assert found(Organisation.objects.all(), "Ossarian") == [organisation]
    # The admin's "usage" of each object the practice links to, through its child rows.
    for target in (provision, organisation, framework):
        usage = ReferenceIndex.get_references_to(target)
        assert {(r.content_type.model_class(), int(r.object_id)) for r in usage} == {
            (PracticePage, practice.pk)
        }
    paths = set(ReferenceIndex.get_references_for_object(practice).values_list("model_path"))
    assert ("tagged_items.item.tag",) in paths


def test_after_an_import_a_save_updates_the_indexes_again(
    tmp_path, framework_index, per_save_updates
):
    import_frameworks(tmp_path, framework_record())
    page = FrameworkPage.objects.get(external_id="nap-zz-1")
    page.title = "Vellorian national action plan"
    page.save()

    assert per_save_updates["search"] >= 1
    assert per_save_updates["references"] >= 1
    assert found(FrameworkPage.objects.all(), "Vellorian") == [page]


def test_a_failed_import_indexes_nothing_and_leaves_the_per_save_updates_working(
    tmp_path, framework_index, per_save_updates, monkeypatch
):
    real_save_revision = FrameworkPage.save_revision

    def save_revision(page, *args, **kwargs):
        if page.external_id == "nap-zz-2":
            raise ValueError("the disk is full")
        return real_save_revision(page, *args, **kwargs)

    monkeypatch.setattr(FrameworkPage, "save_revision", save_revision)
    with pytest.raises(ValueError, match="the disk is full"):
        import_frameworks(
            tmp_path, framework_record(), framework_record(external_id="nap-zz-2", country="UG")
        )

    assert per_save_updates == {}
    assert not FrameworkPage.objects.filter(external_id__startswith="nap-zz").exists()
    page = FrameworkPageFactory(title="Vellorian national action plan")
    assert per_save_updates["search"] >= 1
    assert per_save_updates["references"] >= 1
    assert found(FrameworkPage.objects.all(), "Vellorian") == [page]


def test_a_block_indexes_once_at_its_end_and_nothing_when_it_fails(
    framework_index, per_save_updates
):
    framework = FrameworkPageFactory(title="Quillamarian plan")
    with bulk_indexing():
        framework.title = "Vellorian plan"
        framework.save()
        assert found(FrameworkPage.objects.all(), "Vellorian") == []
    assert found(FrameworkPage.objects.all(), "Vellorian") == [framework]

    # The save stands (no transaction is rolled back here), yet the block that failed indexed
    # nothing: the index keeps the title it had.
    with pytest.raises(RuntimeError), bulk_indexing():
        framework.title = "Borravian plan"
        framework.save()
        raise RuntimeError
    assert found(FrameworkPage.objects.all(), "Borravian") == []
    assert found(FrameworkPage.objects.all(), "Vellorian") == [framework]

    # Wagtail's handlers are connected again, once each: one save, one update of each index.
    per_save_updates.clear()
    framework.save()
    assert per_save_updates == {"search": 1, "references": 1}
    assert found(FrameworkPage.objects.all(), "Borravian") == [framework]
