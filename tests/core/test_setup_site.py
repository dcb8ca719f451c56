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
    assert [url for _, _, _, _, _, url, _ in before["pages"]] == [
        "/",
        "/home/",
        "/home/practices/",
        "/home/frameworks/",
        "/home/actions/",
        "/home/events/",
    ]
    assert ("Practice review", True, "Review by Editors", True, 0) in before["workflows"]
    assert ("/home/practices/", "Practice review") in before["workflow_pages"]


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
    assert "Granted Editors publish_page on Local women peacebuilders." in out
    assert snapshot() == before
    assert "nothing to do" in setup_site()
    assert snapshot() == before


def test_a_missing_index_page_and_workflow_come_back_at_their_address(client, home_page):
    before = snapshot()
    EventIndexPage.objects.get().delete()
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
