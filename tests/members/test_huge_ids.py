"""Huge ids in the members' URLs: 404, never a server error."""

import pytest

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.mark.parametrize(
    "url",
    [
        f"/my/submissions/{HUGE}/edit/",
        f"/my/submissions/{HUGE}/preview/",
        f"/my/submissions/1/attachments/{HUGE}/",
        f"/contact/practice/{HUGE}/",
    ],
)
def test_huge_ids(member_client, practice_index, url):
    assert member_client.get(url).status_code == 404


def test_huge_withdraw(member_client, practice_index):
    assert member_client.post(f"/my/submissions/{HUGE}/withdraw/").status_code == 404
