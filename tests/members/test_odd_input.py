"""Odd input to the members' forms answers 4xx, never a server error (SQLite and PostgreSQL)."""

import pytest

from .helpers import post_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "overrides",
    [
        {"countries": ["K\x00"]},
        {"countries": ["KE", "\x00"], "action": "refresh"},
        {"title": "Peace\x00huts", "action": "refresh"},
        {"description": "\x00", "action": "refresh"},
        {"countries": ["x" * 10000], "action": "refresh"},
    ],
    ids=["nul-country", "nul-country-refresh", "nul-title-refresh", "nul-desc-refresh", "long"],
)
def test_odd_input_is_no_server_error(member_client, practice_index, overrides):
    response = post_form(member_client, **overrides)
    assert response.status_code < 500
