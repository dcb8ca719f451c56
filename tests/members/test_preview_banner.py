"""The member's preview: a banner saying it is not published, their next actions, no live relay
link, and no half-filled line when optional fields are empty."""

import re

from wagtail.models import Workflow, WorkflowState

import pytest

from practices.models import PracticePage
from practices.submission import Status, status_of

from .helpers import post_form

pytestmark = pytest.mark.django_db

# Every optional field of the form left empty (title, summary, description, countries: required).
BARE = {
    "agendas": [],
    "pillars": [],
    "themes": [],
    "other_themes": "",
    "contact_name": "",
    "contact_email": "",
    "location": "",
    "start_year": "",
    "end_year": "",
}


def save_and_preview(client, **overrides):
    response = post_form(client, action="preview", **overrides)
    assert response.status_code == 302, response.content.decode()[:1000]
    return PracticePage.objects.get(), client.get(response["Location"])


def visible_text(response):
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_preview_has_a_banner_and_the_members_next_actions(member_client, practice_index):
    practice, response = save_and_preview(member_client)
    html = response.content.decode()
    assert response.status_code == 200
    banner = re.search(
        r'<section class="notice preview-banner" role="status".*?</section>', html, re.S
    )
    assert banner, html[:2000]
    assert "Preview: not published" in banner.group(0)
    assert f'href="/my/submissions/{practice.pk}/edit/"' in banner.group(0)
    assert f'action="/my/submissions/{practice.pk}/submit/"' in banner.group(0)


def test_preview_has_no_relay_link_even_with_a_contact(member_client, practice_index):
    practice, response = save_and_preview(member_client, contact_email="amina@example.org")
    assert PracticePage.objects.get().get_latest_revision_as_object().contact_email
    assert f"/contact/practice/{practice.pk}/" not in response.content.decode()


def test_preview_of_a_bare_practice_has_no_half_filled_line(member_client, practice_index):
    _, response = save_and_preview(member_client, **BARE)
    text = visible_text(response)
    assert "Published" not in text
    # No label followed by nothing: a colon, "Published", "with" or "in" right before a full stop.
    assert not re.search(r"(?:Published|:|with|in|from)\s*\.", text), text
    assert "None" not in text
    assert "Agenda" not in text and "Pillar" not in text and "When" not in text


def test_submit_for_review_from_the_preview(member_client, member, practice_index):
    practice, _ = save_and_preview(member_client)
    assert status_of(practice)[0] == Status.DRAFT
    response = member_client.post(f"/my/submissions/{practice.pk}/submit/")
    assert response.status_code == 302
    assert status_of(PracticePage.objects.get())[0] == Status.IN_REVIEW
    # In review: the banner offers no second submission.
    html = member_client.get(f"/my/submissions/{practice.pk}/preview/").content.decode()
    assert "Submit for review</button>" not in html
    assert "In review." in html


def test_a_double_tap_on_submit_answers_a_plain_message(
    member_client, member, practice_index, monkeypatch
):
    """Two taps read the draft before either starts the review: the second start meets the
    first's (Wagtail allows one review in progress) and the member reads a plain message."""
    practice, _ = save_and_preview(member_client)
    real_start = Workflow.start

    def other_tap_first(self, obj, user, **kwargs):
        real_start(self, obj, user, **kwargs)  # the other tap's, landed between read and start
        return real_start(self, obj, user, **kwargs)

    monkeypatch.setattr(Workflow, "start", other_tap_first)
    response = member_client.post(f"/my/submissions/{practice.pk}/submit/", follow=True)
    assert response.status_code == 200
    assert "is with the editors already" in response.content.decode()
    monkeypatch.undo()

    # (Here the other tap's review went with this request's rolled-back transaction.) A tap
    # after a submission: the same message, still one review.
    assert member_client.post(f"/my/submissions/{practice.pk}/submit/").status_code == 302
    assert WorkflowState.objects.filter(object_id=str(practice.pk)).count() == 1
    response = member_client.post(f"/my/submissions/{practice.pk}/submit/", follow=True)
    assert "is with the editors already" in response.content.decode()
    assert status_of(PracticePage.objects.get())[0] == Status.IN_REVIEW
    assert WorkflowState.objects.filter(object_id=str(practice.pk)).count() == 1


def test_only_the_owner_submits_from_the_preview(member_client, other_member, practice_index):
    practice, _ = save_and_preview(member_client)
    member_client.force_login(other_member)
    assert member_client.post(f"/my/submissions/{practice.pk}/submit/").status_code == 404
    assert member_client.get(f"/my/submissions/{practice.pk}/submit/").status_code == 405
    assert status_of(PracticePage.objects.get())[0] == Status.DRAFT


def test_public_page_has_no_preview_banner(practice_index):
    from tests.factories import PracticePageFactory

    page = PracticePageFactory(parent=practice_index)
    page.save_revision().publish()
    from django.test import Client

    html = Client().get(page.url).content.decode()
    assert "Preview: not published" not in html
    assert "Published " in html
