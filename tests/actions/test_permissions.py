import pytest

from tests.factories import editor

pytestmark = pytest.mark.django_db


def test_editors_manage_participants_and_nothing_more_of_this_app(home_page):
    user = editor()
    for codename in ("add", "change", "delete", "view"):
        assert user.has_perm(f"actions.{codename}_participation")
    assert not user.has_perm("auth.change_user")
    assert not user.has_perm("practices.change_organisationmembership")


def test_editors_can_add_joint_actions_and_events_under_their_index(home_page):
    from actions.models import EventIndexPage, JointActionIndexPage

    user = editor()
    for index in (JointActionIndexPage.objects.get(), EventIndexPage.objects.get()):
        assert index.permissions_for_user(user).can_add_subpage()
        assert index.permissions_for_user(user).can_publish_subpage()
