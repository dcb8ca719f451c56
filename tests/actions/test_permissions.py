import pytest

from tests.factories import editor

pytestmark = pytest.mark.django_db


def test_editors_manage_participants_and_nothing_more_of_this_app(home_page):
    user = editor()
    for codename in ("add", "change", "delete", "view"):
        assert user.has_perm(f"actions.{codename}_participation")
    assert not user.has_perm("auth.change_user")
    # Memberships: editors confirm them (practices 0007), nothing more.
    assert user.has_perm("practices.change_organisationmembership")
    assert not user.has_perm("practices.add_organisationmembership")
    assert not user.has_perm("practices.delete_organisationmembership")


def test_editors_can_add_joint_actions_and_events_under_their_index(home_page):
    from actions.models import EventIndexPage, JointActionIndexPage

    user = editor()
    for index in (
        JointActionIndexPage.objects.get(locale__language_code="en"),
        EventIndexPage.objects.get(locale__language_code="en"),
    ):
        assert index.permissions_for_user(user).can_add_subpage()
        assert index.permissions_for_user(user).can_publish_subpage()


def test_editor_admin_forms_for_actions_events_and_participants_work(client, home_page):
    from actions.models import EventIndexPage, JointActionIndexPage
    from tests.factories import JointActionPageFactory

    client.force_login(editor())
    actions = JointActionIndexPage.objects.get(locale__language_code="en")
    events = EventIndexPage.objects.get(locale__language_code="en")
    assert client.get(f"/admin/pages/add/actions/jointactionpage/{actions.pk}/").status_code == 200
    assert client.get(f"/admin/pages/add/actions/eventpage/{events.pk}/").status_code == 200
    action = JointActionPageFactory()
    assert client.get(f"/admin/pages/{action.pk}/edit/").status_code == 200
    assert client.get("/admin/snippets/actions/participation/").status_code == 200
    assert client.get("/admin/snippets/actions/participation/add/").status_code == 200
