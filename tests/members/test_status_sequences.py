"""Sequences of workflow events and the status the member reads."""

import pytest

from practices.models import PracticePage, PracticeReviewTask
from practices.submission import Status, status_of
from tests.utils import after_commit

from .helpers import edit, submit_new, task_state_of

pytestmark = pytest.mark.django_db


def fresh(practice):
    return PracticePage.objects.get(pk=practice.pk)


def decline(practice, editor, comment="No."):
    with after_commit():
        PracticeReviewTask.objects.get().on_action(
            task_state_of(practice), editor, "decline", comment=comment
        )


def test_rejected_resubmitted_withdrawn(member_client, an_editor, practice_index):
    practice = submit_new(member_client)
    decline(practice, an_editor)
    assert status_of(fresh(practice))[0] == Status.REJECTED
    edit(member_client, practice, action="submit")
    assert status_of(fresh(practice))[0] == Status.IN_REVIEW
    member_client.post(f"/my/submissions/{practice.pk}/withdraw/")
    assert status_of(fresh(practice)) == (Status.WITHDRAWN, "")


def test_changes_requested_resubmitted_approved(member_client, an_editor, practice_index):
    practice = submit_new(member_client)
    with after_commit():
        PracticeReviewTask.objects.get().on_action(
            task_state_of(practice), an_editor, "reject", comment="More detail"
        )
    edit(member_client, practice, action="submit", location="Wajir")
    assert status_of(fresh(practice))[0] == Status.IN_REVIEW
    with after_commit():
        task_state_of(practice).approve(user=an_editor)
    assert status_of(fresh(practice))[0] == Status.PUBLISHED
    assert fresh(practice).location == "Wajir"
