"""The member's side of the revision loop: the editors' latest request is repeated at the top of
the edit form; the organisation they proposed at sign-up is ticked for a new practice (never added
behind their back), and never named in public while unconfirmed."""

import re

from django.test import Client

import pytest

from members.forms import assign_organisation
from practices.models import Organisation, PracticePage
from tests.utils import after_commit

from .helpers import edit, post_form, submit_new

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


def test_proposed_organisation_is_ticked_for_a_new_practice_and_stays_private(
    member_client, member, an_editor, practice_index
):
    assign_organisation(member, None, "Garissa Mothers for Peace")
    proposed = Organisation.objects.get(name="Garissa Mothers for Peace")
    assert not proposed.confirmed

    # The new practice's form ticks it, visibly, and says when it will be named.
    response = member_client.get("/practices/submit/")
    assert response.context["form"]["organisations"].value() == [proposed.pk]
    html = response.content.decode()
    [box] = [
        tag
        for tag in re.findall(r"<input[^>]*>", html)
        if 'name="organisations"' in tag and f'value="{proposed.pk}"' in tag
    ]
    assert "checked" in box
    assert "names it in public only once they have" in html

    # Left ticked and submitted: the editors review it with the practice.
    practice = submit_new(member_client, organisations=[proposed.pk])
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


def test_an_unticked_proposed_organisation_is_never_added_back(
    member_client, member, an_editor, practice_index
):
    """The member chose not to name it: neither submitting nor resubmitting after the editors
    ask for changes adds it behind their back (confirming it later would publish it)."""
    assign_organisation(member, None, "Garissa Mothers for Peace")
    practice = submit_new(member_client, organisations=[])
    assert practice.get_latest_revision_as_object().organisations == []

    request_changes(practice, an_editor, "Please name the district.")
    edit(member_client, practice, action="submit", organisations=[], location="Wajir")
    practice = PracticePage.objects.get()
    latest = practice.get_latest_revision_as_object()
    assert latest.location == "Wajir"
    assert latest.organisations == []
    assert practice.current_workflow_state.current_task_state.revision_id == (
        practice.get_latest_revision().pk
    )


def test_confirmed_or_absent_organisation_is_not_added(member_client, member, practice_index):
    confirmed = Organisation.objects.create(name="Mandera Women's Link", confirmed=True)
    assign_organisation(member, confirmed, "")
    practice = submit_new(member_client, organisations=[])
    assert practice.get_latest_revision_as_object().organisations == []
