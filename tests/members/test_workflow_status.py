"""Workflow states as the member sees them (practices/submission.py status_of)."""

from django.core import mail

from wagtail.models import WorkflowState

import pytest

from practices.models import PracticePage, PracticeReviewTask
from practices.submission import Status, status_of
from tests.utils import after_commit

from .helpers import edit, submit_new, task_state_of

pytestmark = pytest.mark.django_db

CHANGES = "Please name the county."
REASON = "Not a local practice."


def test_withdrawn_after_changes_requested_is_not_shown_as_rejected(
    member_client, member, an_editor, practice_index
):
    practice = submit_new(member_client)
    with after_commit():
        PracticeReviewTask.objects.get().on_action(
            task_state_of(practice), an_editor, "reject", comment=CHANGES
        )
    practice = PracticePage.objects.get(pk=practice.pk)
    assert status_of(practice) == (Status.CHANGES_REQUESTED, CHANGES)
    # My submissions offers "Withdraw from review" in this state; the member uses it.
    mail.outbox.clear()
    with after_commit():
        response = member_client.post(f"/my/submissions/{practice.pk}/withdraw/")
    assert response.status_code == 302
    practice = PracticePage.objects.get(pk=practice.pk)
    assert WorkflowState.objects.for_instance(practice).get().status == "cancelled"
    # The member withdrew it: it must say "Withdrawn", not "Not accepted" with the old comment.
    assert status_of(practice)[0] == Status.WITHDRAWN
    page = member_client.get("/my/submissions/").content.decode()
    assert "Not accepted" not in page


def test_published_practice_whose_new_revision_is_rejected(
    member_client, member, an_editor, practice_index
):
    practice = submit_new(member_client)
    with after_commit():
        task_state_of(practice).approve(user=an_editor)
    practice = PracticePage.objects.get(pk=practice.pk)
    assert practice.live
    edit(member_client, practice, title="A new title the editors refuse", action="submit")
    practice = PracticePage.objects.get(pk=practice.pk)
    assert status_of(practice)[0] == Status.IN_REVIEW
    with after_commit():
        PracticeReviewTask.objects.get().on_action(
            task_state_of(practice), an_editor, "decline", comment=REASON
        )
    practice = PracticePage.objects.get(pk=practice.pk)
    assert practice.live and practice.title == "Women mediators of Wajir"
    page = member_client.get("/my/submissions/").content.decode()
    # The row shows the refused revision's title labelled "Published", and never the reason.
    assert REASON in page, "the editors' reason for refusing the new revision is not shown"
    assert status_of(practice)[0] != Status.PUBLISHED or status_of(practice)[1] == REASON


def test_changes_while_in_review_restart_the_review_on_the_new_version(
    member_client, member, an_editor, practice_index
):
    """Approval publishes the latest revision (Wagtail): the editors must be reviewing it. A
    change made while in review restarts the review on the new version."""
    practice = submit_new(member_client)
    first = task_state_of(practice)
    page = member_client.get(f"/my/submissions/{practice.pk}/edit/").content.decode()
    assert "Save changes for review" in page and "Save as draft" not in page
    response = edit(member_client, practice, title="Changed after submission", action="save")
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "cancelled"
    current = task_state_of(practice)
    latest = PracticePage.objects.get(pk=practice.pk).get_latest_revision()
    assert current.status == "in_progress" and current.revision_id == latest.pk
    assert status_of(PracticePage.objects.get(pk=practice.pk))[0] == Status.IN_REVIEW
    with after_commit():
        current.approve(user=an_editor)
    practice = PracticePage.objects.get(pk=practice.pk)
    assert practice.live and practice.title == "Changed after submission"
    assert practice.live_revision_id == current.revision_id
