"""After a form error, one summary at the top of the form lists every problem, each linking to
its field, and takes the focus without script (issue 14, item 2)."""

import re

from django.core.cache import cache

import pytest

from tests.utils import after_commit

from .helpers import post_form

pytestmark = pytest.mark.django_db


def summary_of(html):
    match = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert match, html[:3000]
    return match.group(0)


def test_sign_up_names_every_password_problem_at_once(client, practice_index):
    cache.clear()
    with after_commit():
        response = client.post(
            "/accounts/signup/",
            {
                "display_name": "Amina",
                "email": "amina@example.org",
                "password1": "password",
                "password2": "passw0rd",
            },
        )
    html = response.content.decode()
    summary = summary_of(html)
    assert 'id="error-summary-heading" tabindex="-1" autofocus' in summary
    assert "too common" in summary
    assert "same password" in summary
    assert 'href="#id_password1"' in summary and 'href="#id_password2"' in summary


def test_password_help_is_valid_markup(client, practice_index):
    html = client.get("/accounts/signup/").content.decode()
    help_text = re.search(r'<p class="help" id="id_password1_help">(.*?)</p>', html, re.S)
    assert help_text and "<ul" not in help_text.group(1) and "<li" not in help_text.group(1)


def test_wrong_password_sign_in_has_one_summary_and_no_list_with_a_role(client, practice_index):
    cache.clear()
    response = client.post(
        "/accounts/login/", {"login": "nobody@example.org", "password": "wrong-password"}
    )
    html = response.content.decode()
    summary = summary_of(html)
    assert "not correct" in summary
    assert '<ul class="errorlist" role=' not in html


def test_submission_form_error_is_said_once_and_linked(member_client, practice_index):
    response = post_form(member_client, title="", countries=[])
    html = response.content.decode()
    assert response.status_code == 400
    summary = summary_of(html)
    assert 'href="#id_title"' in summary
    assert "Please correct the fields marked below." not in html
    assert html.count("Please correct what is listed below") == 1


def test_sent_to_sign_in_from_submit_says_why(client, practice_index):
    response = client.get("/practices/submit/", follow=True)
    assert "Sign in or create an account to submit a practice" in response.content.decode()
