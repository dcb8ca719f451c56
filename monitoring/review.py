"""A monitoring note's review: the status its member reads, sending it to the editors through
the "Practice review" workflow (the one practices go through), and what deleting an account does
to the member's notes. Views call these, never the workflow itself."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from wagtail.models import ModelLogEntry, WorkflowState

from practices.submission import Status, last_comment, review_workflow

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
    """(status code, the editors' last comment): the codes and labels of practices'
    ``Status``."""
    state = note.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return Status.CHANGES_REQUESTED, last_comment(state)
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return Status.IN_REVIEW, ""
    if note.live and not note.has_unpublished_changes:
        return Status.PUBLISHED, ""
    last = (
        WorkflowState.objects.for_instance(note).order_by("-created_at").first()
        if note.pk
        else None
    )
    if last is not None and last.status == WorkflowState.STATUS_CANCELLED:
        if rejected_by_editor(note, last):
            return Status.REJECTED, last_comment(last)
        return Status.WITHDRAWN, ""
    return Status.DRAFT, ""


def rejected_by_editor(note, workflow_state):
    entry = (
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(MonitoringNote),
            object_id=str(note.pk),
            action="wagtail.workflow.cancel",
            timestamp__gte=workflow_state.created_at,
        )
        .order_by("-timestamp", "-pk")
        .first()
    )
    if entry is not None:
        cancelled_by = entry.user_id
    else:
        task_state = workflow_state.current_task_state
        cancelled_by = task_state.finished_by_id if task_state is not None else None
    return cancelled_by is not None and cancelled_by != note.author_id


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
