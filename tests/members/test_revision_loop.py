"""The member's side of the revision loop: the editors' latest request is repeated at the top of
the edit form; the organisation they proposed at sign-up goes with their practice to review,
never named in public while unconfirmed."""

from django.test import Client

import pytest

from members.forms import assign_organisation
from practices.models import Organisation, PracticePage
from tests.utils import after_commit

from .helpers import post_form, submit_new

pytestmark = pytest.mark.django_db


def request_changes(practice, user, comment):
    with after_commit():
        practice.current_workflow_state.current_task_state.reject(user=user, comment=comment)


def approve(practice, user):
    with after_commit():
        practice.current_workflow_state.current_task_state.approve(user=user)


def comment_section(html):
    start = html.find('<section class="notice editors-comment"')
    return html[start : html.find("</section>", start)] if start >= 0 else ""


def test_edit_form_repeats_the_latest_request_for_changes(member_client, an_editor, practice_index):
    practice = submit_new(member_client)
    url = f"/my/submissions/{practice.pk}/edit/"
    assert comment_section(member_client.get(url).content.decode()) == ""

    request_changes(practice, an_editor, "Please name the district.")
    section = comment_section(member_client.get(url).content.decode())
    assert "The editors asked for changes" in section
    assert "Please name the district." in section

    # Resubmitted, then changes requested again: only the latest request is shown.
    post_form(member_client, url, action="submit", location="Wajir")
    request_changes(PracticePage.objects.get(), an_editor, "Now add the year it started.")
    section = comment_section(member_client.get(url).content.decode())
    assert "Now add the year it started." in section
    assert "Please name the district." not in section

    # Back in review: the form no longer shows it.
    post_form(member_client, url, action="submit", start_year="2019")
    assert comment_section(member_client.get(url).content.decode()) == ""


def test_proposed_organisation_goes_with_the_submission_and_stays_private(
    member_client, member, an_editor, practice_index
):
    assign_organisation(member, None, "Garissa Mothers for Peace")
    proposed = Organisation.objects.get(name="Garissa Mothers for Peace")
    assert not proposed.confirmed

    # Saved as a draft: not yet attached.
    post_form(member_client, action="save")
    draft = PracticePage.objects.get()
    assert draft.get_latest_revision_as_object().organisations == []

    # Submitted: attached to the version the editors review, once.
    post_form(member_client, f"/my/submissions/{draft.pk}/edit/", action="submit")
    practice = PracticePage.objects.get()
    assert [o.name for o in practice.get_latest_revision_as_object().organisations] == [
        "Garissa Mothers for Peace"
    ]
    assert practice.current_workflow_state.current_task_state.revision_id == (
        practice.get_latest_revision().pk
    )

    # Published while still unconfirmed: never named in public.
    approve(practice, an_editor)
    practice = PracticePage.objects.get()
    assert practice.live
    visitor = Client()
    assert "Garissa Mothers" not in visitor.get(practice.url).content.decode()
    assert "Garissa Mothers" not in visitor.get("/api/v1/practices/").content.decode()
    assert not Organisation.objects.publicly_named().filter(pk=proposed.pk).exists()

    # Once an editor confirms it, the published practice names it.
    proposed.confirmed = True
    proposed.save()
    assert "Garissa Mothers for Peace" in visitor.get(practice.url).content.decode()


def test_confirmed_or_absent_organisation_is_not_added(member_client, member, practice_index):
    confirmed = Organisation.objects.create(name="Mandera Women's Link", confirmed=True)
    assign_organisation(member, confirmed, "")
    practice = submit_new(member_client, organisations=[])
    assert practice.get_latest_revision_as_object().organisations == []
