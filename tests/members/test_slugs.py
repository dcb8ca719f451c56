"""Titles that make awkward slugs: no server error, a practice saved."""

import pytest

from practices.models import PracticePage

from .helpers import logged_in, post_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("title", ["🙂🙂", "—", "!!!", "   ..   ", "٣", "ǅ" * 255, "a" * 255])
def test_awkward_title(member_client, practice_index, title):
    response = post_form(member_client, title=title)
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert PracticePage.objects.count() == 1


def test_same_title_by_two_members(member_client, other_member, practice_index):
    assert post_form(member_client).status_code == 302
    assert post_form(logged_in(other_member)).status_code == 302
    assert PracticePage.objects.count() == 2


def test_same_long_title_twice(member_client, practice_index):
    """The second slug gets a "-2" suffix: 257 characters, over the slug's 255."""
    title = "a" * 255
    assert post_form(member_client, title=title).status_code == 302
    assert post_form(member_client, title=title).status_code in (302, 400)
