"""A monitoring note's review: the status its member reads, sending it to the editors through
the "Practice review" workflow (the one practices go through), and what deleting an account does
to the member's notes. Views call these, never the workflow itself."""

from django.db import transaction

from wagtail.models import WorkflowState

from practices.submission import Status, review_workflow
from practices.submission import status_of as submission_status_of

from .models import MonitoringNote


def member_notes(user):
    return (
        MonitoringNote.objects.filter(author=user)
        .select_related("provision__framework")
        .order_by("-created_at", "-pk")
    )


def may_report(user):
    """Only members of a confirmed organisation, confirmed as its members, write notes."""
    membership = getattr(user, "organisation_membership", None) if user else None
    return bool(
        membership is not None and membership.confirmed and membership.organisation.confirmed
    )


def status_of(note):
    """(status code, the editors' last comment): as of a practice, the note's author being its
    member."""
    return submission_status_of(note, submitter_id=note.author_id)


@transaction.atomic
def submit(note, user):
    """Save the member's note as a draft revision and send it to the editors."""
    note.author = user
    note.live = False
    note.has_unpublished_changes = True
    note.save()
    note.save_revision(user=user, log_action=True)
    workflow = review_workflow()
    if workflow is None:
        raise RuntimeError("The 'Practice review' workflow is missing.")
    return workflow.start(note, user)


EDITABLE = (Status.CHANGES_REQUESTED, Status.REJECTED, Status.WITHDRAWN, Status.DRAFT)


@transaction.atomic
def resubmit(note, user):
    """The member's corrected note (the latest revision as an object, changed): saved as a new
    revision and sent to the editors again; a review that asked for changes resumes on it."""
    if not note.live:
        note.save()
    note.save_revision(user=user, log_action=True)
    state = note.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=user)
        return state
    workflow = review_workflow()
    if workflow is None:
        raise RuntimeError("The 'Practice review' workflow is missing.")
    return workflow.start(note, user)


@transaction.atomic
def remove_member_notes(user):
    """Deleting an account: published notes stay online, detached from the account (a review
    in progress is cancelled); the others are deleted with their files that were never
    published."""
    from practices.submission import delete_unpublished_files

    for note in member_notes(user):
        if not note.live:
            document = note.attachment_id
            note.delete()
            if document:
                delete_unpublished_files([document], practice_id=None, user=user)
            continue
        state = note.current_workflow_state
        if state is not None:
            state.cancel(user=None)
        MonitoringNote.objects.filter(pk=note.pk).update(author=None)
        note.revisions.update(user=None)
