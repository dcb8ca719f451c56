"""Editors' three answers to a submission: the Reject action of the "Practice review" task ends
the review with a comment the member reads, and is recorded in the page's history."""

from django.core import mail
from django.test import Client, TestCase

from wagtail.models import PageLogEntry, TaskState

import pytest

from practices.models import PracticePage, PracticeReviewTask
from practices.submission import Status, status_of
from tests.factories import UserFactory, administrator
from tests.utils import after_commit

from .conftest import practice_data
from .helpers import form_state

pytestmark = pytest.mark.django_db

REASON = "This describes a national campaign, not a local practice."


@pytest.fixture
def submitted(member_client, practice_index):
    state = form_state(member_client)
    with after_commit():
        member_client.post("/practices/submit/", practice_data(**state, action="submit"))
    mail.outbox.clear()
    return PracticePage.objects.get()


@pytest.fixture
def editor_client(an_editor):
    client = Client()
    client.force_login(an_editor)
    return client


def task_state_of(practice):
    return practice.current_workflow_state.current_task_state.specific


def action_url(practice, action):
    return f"/admin/pages/workflow/action/{practice.pk}/{action}/{task_state_of(practice).pk}/"


def test_the_review_task_offers_editors_reject_and_members_nothing(submitted, member, an_editor):
    task = task_state_of(submitted).task.specific
    assert isinstance(task, PracticeReviewTask)
    names = [(name, label) for name, label, _modal in task.get_actions(submitted, an_editor)]
    assert ("decline", "Reject") in names
    assert ("reject", "Request changes") in names
    assert ("approve", "Approve") in names
    assert task.get_actions(submitted, member) == []
    assert task.get_actions(submitted, UserFactory(username="stranger")) == []


def test_editor_rejects_with_a_comment_the_member_reads(
    editor_client, member_client, member, an_editor, submitted
):
    with after_commit():
        response = editor_client.post(action_url(submitted, "decline"), {"comment": REASON})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert not submitted.live
    assert submitted.current_workflow_state is None
    assert status_of(submitted) == (Status.REJECTED, REASON)

    (email,) = mail.outbox
    assert email.to == [member.email]
    assert email.subject.startswith("Not accepted")
    assert REASON in email.body
    page = member_client.get("/my/submissions/").content.decode()
    assert "Not accepted" in page and REASON in page

    entry = PageLogEntry.objects.get(page=submitted, action="practices.review.reject")
    assert entry.user == an_editor
    assert entry.data["comment"] == REASON
    history = editor_client.get(f"/admin/pages/{submitted.pk}/history/").content.decode()
    assert "Rejected at" in history and REASON in history


def test_a_rejected_practice_can_be_revised_and_submitted_again(
    member_client, an_editor, submitted
):
    with after_commit():
        PracticeReviewTask.objects.get().on_action(
            task_state_of(submitted), an_editor, "decline", comment=REASON
        )
    url = f"/my/submissions/{submitted.pk}/edit/"
    state = form_state(member_client, url)
    member_client.post(url, practice_data(**state, location="Wajir", action="submit"))
    submitted.refresh_from_db()
    assert status_of(submitted)[0] == Status.IN_REVIEW
    assert task_state_of(submitted).status == TaskState.STATUS_IN_PROGRESS


def test_reject_and_request_changes_need_a_comment(editor_client, submitted):
    client = editor_client
    for action in ("decline", "reject"):
        response = client.post(action_url(submitted, action), {"comment": "  "})
        assert response.status_code == 302
        submitted.refresh_from_db()
        assert status_of(submitted)[0] == Status.IN_REVIEW
    modal = client.get(
        action_url(submitted, "decline"), headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert modal.status_code == 200
    assert "Comment to the member" in modal.content.decode()


@pytest.mark.parametrize("actor", ["anonymous", "member_a", "member_b", "editor", "admin"])
def test_who_can_reject(member, other_member, an_editor, submitted, actor):
    client = Client()
    users = {
        "anonymous": None,
        "member_a": member,
        "member_b": other_member,
        "editor": an_editor,
        "admin": administrator("admin-1"),
    }
    if users[actor] is not None:
        client.force_login(users[actor])
    response = client.post(action_url(submitted, "decline"), {"comment": REASON})
    submitted.refresh_from_db()
    rejected = status_of(submitted)[0] == Status.REJECTED
    assert rejected is (actor in {"editor", "admin"})
    if not rejected:
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"]


def test_rejection_mail_waits_for_the_commit(an_editor, submitted):
    with TestCase.captureOnCommitCallbacks() as callbacks:
        PracticeReviewTask.objects.get().on_action(
            task_state_of(submitted), an_editor, "decline", comment=REASON
        )
    assert mail.outbox == []
    assert callbacks
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_a_finished_review_cannot_be_rejected(an_editor, submitted):
    task_state = task_state_of(submitted)
    with after_commit():
        task_state.approve(user=an_editor)
    task_state.refresh_from_db()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        PracticeReviewTask.objects.get().decline(task_state, an_editor, comment=REASON)


def test_rejected_changes_to_a_published_practice_are_shown_as_not_accepted(
    member_client, an_editor, submitted
):
    with after_commit():
        task_state_of(submitted).approve(user=an_editor)
    url = f"/my/submissions/{submitted.pk}/edit/"
    state = form_state(member_client, url)
    with after_commit():
        member_client.post(url, practice_data(**state, title="A new title", action="submit"))
    submitted.refresh_from_db()
    with after_commit():
        PracticeReviewTask.objects.get().on_action(
            task_state_of(submitted), an_editor, "decline", comment=REASON
        )
    submitted.refresh_from_db()
    assert submitted.live and submitted.title == "Women mediators of Wajir"
    assert status_of(submitted) == (Status.REJECTED, REASON)
    page = member_client.get("/my/submissions/").content.decode()
    assert "Not accepted" in page and "the published version stays online" in page


def test_unsubmitted_changes_to_a_published_practice_are_a_draft(
    member_client, an_editor, submitted
):
    with after_commit():
        task_state_of(submitted).approve(user=an_editor)
    submitted.refresh_from_db()
    assert status_of(submitted)[0] == Status.PUBLISHED
    url = f"/my/submissions/{submitted.pk}/edit/"
    state = form_state(member_client, url)
    member_client.post(url, practice_data(**state, title="Work in progress"))
    submitted.refresh_from_db()
    assert submitted.live
    assert status_of(submitted)[0] == Status.DRAFT
