"""The site set-up (core/setup.py, ``manage.py setup_site``): a migrated database already has all
of it, a second run changes nothing, and what is missing (a page, the Editors' permissions, the
workflow) comes back."""

import io

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

import pytest

from actions.models import EventIndexPage
from core.setup import EDITOR_COLLECTION_PERMISSIONS, EDITOR_PERMISSIONS, EDITORS
from practices.models import PracticeReviewTask

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything the set-up declares, as it stands in the database."""
    return {
        "pages": list(
            Page.objects.order_by("path").values_list(
                "path", "depth", "numchild", "slug", "title", "url_path", "content_type__model"
            )
        ),
        "translations": sorted(
            Page.objects.values_list("url_path", "locale__language_code", "translation_key")
        ),
        "locales": sorted(Locale.objects.values_list("language_code", flat=True)),
        "sites": list(
            Site.objects.values_list(
                "hostname", "port", "root_page__url_path", "is_default_site", "site_name"
            )
        ),
        "groups": sorted(
            Group.objects.values_list(
                "name", "permissions__content_type__app_label", "permissions__codename"
            )
        ),
        "page_permissions": sorted(
            GroupPagePermission.objects.values_list(
                "group__name", "page__url_path", "permission__codename"
            )
        ),
        "collection_permissions": sorted(
            GroupCollectionPermission.objects.values_list(
                "group__name", "collection__name", "permission__codename"
            )
        ),
        "collections": list(
            Collection.objects.order_by("path").values_list("path", "depth", "numchild", "name")
        ),
        "restrictions": sorted(
            CollectionViewRestriction.objects.values_list(
                "collection__name", "restriction_type", "groups__name"
            )
        ),
        "workflows": sorted(
            WorkflowTask.objects.values_list(
                "workflow__name", "workflow__active", "task__name", "task__active", "sort_order"
            )
        ),
        "workflow_pages": sorted(
            WorkflowPage.objects.values_list("page__url_path", "workflow__name")
        ),
        "review_task": sorted(PracticeReviewTask.objects.values_list("name", "groups__name")),
    }


def setup_site():
    out = io.StringIO()
    call_command("setup_site", stdout=out)
    return out.getvalue()


def test_a_migrated_database_has_the_whole_set_up(home_page):
    before = snapshot()
    assert setup_site().strip() == "Site set-up: nothing to do."
    assert snapshot() == before
    assert [url for _, _, _, _, _, url, _ in before["pages"]] == ["/"] + [
        f"/{home}/{section}"
        for home in ("home", "home-fr", "home-es", "home-ar")
        for section in ("", "practices/", "frameworks/", "actions/", "events/")
    ]
    assert ("Practice review", True, "Review by Editors", True, 0) in before["workflows"]
    # The practices of every locale, translations included, are reviewed.
    assert [row for row in before["workflow_pages"] if row[1] == "Practice review"] == sorted(
        (f"/{home}/practices/", "Practice review")
        for home in ("home", "home-ar", "home-es", "home-fr")
    )


def test_every_declared_permission_exists_and_editors_have_exactly_those(home_page):
    editors = Group.objects.get(name=EDITORS)
    for app_label, model, codename in EDITOR_PERMISSIONS + EDITOR_COLLECTION_PERMISSIONS:
        assert Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        ).exists(), codename
    granted = set(editors.permissions.values_list("content_type__app_label", "codename"))
    assert granted == {(app_label, codename) for app_label, _, codename in EDITOR_PERMISSIONS}


def test_deleted_editor_permissions_are_restored_and_a_second_run_changes_nothing(home_page):
    before = snapshot()
    editors = Group.objects.get(name=EDITORS)
    editors.permissions.clear()
    GroupPagePermission.objects.filter(group=editors).delete()
    GroupCollectionPermission.objects.filter(group=editors).delete()
    PracticeReviewTask.objects.get().groups.clear()
    assert snapshot() != before

    out = setup_site()
    assert "Granted Editors practices.add_organisation." in out
    assert "Granted Editors publish_page on /home/." in out
    assert "Granted Editors publish_page on /home-ar/." in out
    assert snapshot() == before
    assert "nothing to do" in setup_site()
    assert snapshot() == before


def test_a_missing_index_page_and_workflow_come_back_at_their_address(client, home_page):
    before = snapshot()
    EventIndexPage.objects.get(locale__language_code="en").delete()
    Workflow.objects.filter(name="Practice review").delete()
    assert client.get("/events/").status_code == 404

    out = setup_site()
    assert "Created the page Events at /home/events/." in out
    assert "Created the workflow Practice review." in out
    assert client.get("/events/").status_code == 200
    after = snapshot()
    # The new page takes the next place under the home page: the same as before.
    assert after["pages"] == before["pages"]
    assert after["workflows"] == before["workflows"]
    assert after["workflow_pages"] == before["workflow_pages"]


def test_an_empty_site_is_built_with_the_live_models(client, home_page):
    Site.objects.all().delete()
    home_page.delete()
    Group.objects.filter(name=EDITORS).delete()
    Workflow.objects.filter(name="Practice review").delete()
    Collection.objects.filter(depth=2).delete()
    Collection.objects.filter(depth=1).update(numchild=0)

    setup_site()
    assert client.get("/").status_code == 200
    assert client.get("/practices/").status_code == 200
    assert "nothing to do" in setup_site()
    assert Group.objects.get(name=EDITORS).permissions.count() == len(EDITOR_PERMISSIONS)
    assert Collection.objects.get(name="Submissions (private)").get_parent().depth == 1


def test_each_content_language_has_its_locale_and_a_translated_tree(home_page):
    assert sorted(Locale.objects.values_list("language_code", flat=True)) == [
        "ar",
        "en",
        "es",
        "fr",
    ]
    for page in Page.objects.filter(depth__gt=1).exclude(locale__language_code="en"):
        source = page.get_translation(Locale.objects.get(language_code="en"))
        # The same page in another language: same type, same place, same address under /fr/.
        assert source.content_type_id == page.content_type_id
        assert source.slug == page.slug or page.depth == 2
        assert page.live
        assert page.get_parent().locale_id == page.locale_id or page.depth == 2
    fr_practices = Page.objects.get(url_path="/home-fr/practices/")
    assert fr_practices.url == "/fr/practices/"
    assert Page.objects.get(url_path="/home-ar/events/").url == "/ar/events/"


def test_a_missing_locale_and_its_pages_come_back(client, home_page):
    before = snapshot()
    Page.objects.get(url_path="/home-es/").delete()
    Locale.objects.filter(language_code="es").delete()
    Site.clear_site_root_paths_cache()
    # Without a Spanish tree, /es/ serves the default locale's pages.
    assert client.get("/es/practices/").context["page"].locale.language_code == "en"

    out = setup_site()
    assert "Created the locale es." in out
    assert "Created the home page in es at /home-es/." in out
    assert "Created the page Good practices in es at /home-es/practices/." in out
    assert "The workflow Practice review now applies to /home-es/practices/." in out
    response = client.get("/es/practices/")
    assert response.status_code == 200
    assert response.context["page"].locale.language_code == "es"
    after = snapshot()
    # The new pages are translations of the default ones again.
    assert {(url, lang) for url, lang, _ in after["translations"]} == {
        (url, lang) for url, lang, _ in before["translations"]
    }
    assert "nothing to do" in setup_site()


def test_editors_may_edit_and_translate_pages_in_every_locale(home_page):
    from tests.factories import editor as make_editor

    editor = make_editor()
    assert editor.has_perm("simple_translation.submit_translation")
    indexes = Page.objects.filter(depth=3)
    assert indexes.count() == 16
    for index in indexes:
        permissions = index.permissions_for_user(editor)
        assert permissions.can_add_subpage(), index.url_path
        assert permissions.can_edit(), index.url_path
        assert permissions.can_publish(), index.url_path


def test_the_locales_migration_builds_the_trees_with_its_historical_models(home_page):
    """An existing database (made before the locales) gets them from kb/0002 as it migrates."""
    import importlib

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    for home in ("/home-fr/", "/home-es/", "/home-ar/"):
        Page.objects.get(url_path=home).delete()
    Locale.objects.exclude(language_code="en").delete()
    Site.clear_site_root_paths_cache()
    migration = importlib.import_module("kb.migrations.0002_content_locales")
    state = MigrationExecutor(connection).loader.project_state(("kb", "0002_content_locales"))
    migration.apply(state.apps, None)

    assert sorted(Locale.objects.values_list("language_code", flat=True)) == [
        "ar",
        "en",
        "es",
        "fr",
    ]
    french = Page.objects.get(url_path="/home-fr/practices/")
    english = french.get_translation(Locale.objects.get(language_code="en"))
    assert english.url_path == "/home/practices/"
    assert "nothing to do" in setup_site()


def test_the_navigation_leads_to_the_sections_in_the_visitors_language(client, home_page):
    html = client.get("/fr/").content.decode()
    assert 'href="/fr/practices/"' in html
    assert 'href="/fr/frameworks/"' in html
    html = client.get("/").content.decode()
    assert 'href="/practices/"' in html
    assert 'href="/fr/practices/"' not in html
