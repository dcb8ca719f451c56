"""A submitted practice in the practice domain: the status its member reads, the "Practice
review" workflow it goes through, what taking information back does to its published version,
its attachments' privacy, and what becomes of it when its member's account is deleted. The
member's own steps (saving a draft or changes, sending it to the editors) are in
members/contribution.py; views call those and these, never the workflow itself."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.log_actions import registry as log_actions
from wagtail.models import (
    Collection,
    Page,
    ReferenceIndex,
    Workflow,
    WorkflowState,
)
from wagtail.signals import page_published

from .models import PracticeAttachment, PracticePage

WORKFLOW_NAME = "Practice review"
PRIVATE_COLLECTION = "Submissions (private)"


class Status:
    DRAFT = "draft"
    IN_REVIEW = "in-review"
    CHANGES_REQUESTED = "changes-requested"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"

    LABELS = {
        DRAFT: "Draft",
        IN_REVIEW: "In review",
        CHANGES_REQUESTED: "Changes requested",
        PUBLISHED: "Published",
        WITHDRAWN: "Withdrawn",
        REJECTED: "Not accepted",
    }


def review_workflow():
    return Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()


def private_collection():
    return Collection.objects.filter(name=PRIVATE_COLLECTION).first()


def member_practices(user):
    # Their practices as they wrote them; editors' translations are the editors'.
    return (
        PracticePage.objects.filter(owner=user)
        .originals()
        .order_by("-latest_revision_created_at", "-pk")
    )


def status_of(item, submitter_id=None):
    """The member's view of where a reviewed item stands, and the editors' last comment: a
    practice, or anything else that goes through the review workflow (a monitoring note), whose
    member is ``submitter_id`` (a practice's owner by default)."""
    if submitter_id is None:
        submitter_id = item.owner_id
    state = item.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return Status.CHANGES_REQUESTED, last_comment(state)
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return Status.IN_REVIEW, ""
    if item.live and not item.has_unpublished_changes:
        return Status.PUBLISHED, ""
    # A draft, or changes to a published item that are not published (the published version
    # stays online): where did the last review of them end?
    last = (
        WorkflowState.objects.for_instance(item).order_by("-created_at").first()
        if item.pk
        else None
    )
    if last is not None and last.status == WorkflowState.STATUS_CANCELLED:
        # Editors reject with the review task's Reject action (or by cancelling the workflow in
        # the admin); the member withdraws by cancelling it from "My submissions".
        if rejected_by_editor(item, last, submitter_id):
            return Status.REJECTED, last_comment(last)
        return Status.WITHDRAWN, ""
    return Status.DRAFT, ""


def rejected_by_editor(item, workflow_state, submitter_id):
    """Whether someone other than the member ended a cancelled review: the user of the
    workflow's cancel entry in the item's history (a member who withdraws after changes were
    requested leaves the editors' task state as it was, finished by an editor)."""
    entry = (
        log_actions.get_logs_for_instance(item)
        .filter(action="wagtail.workflow.cancel", timestamp__gte=workflow_state.created_at)
        .order_by("-timestamp", "-pk")
        .first()
    )
    if entry is not None:
        cancelled_by = entry.user_id
    else:
        task_state = workflow_state.current_task_state
        cancelled_by = task_state.finished_by_id if task_state is not None else None
    return cancelled_by is not None and cancelled_by != submitter_id


def last_comment(workflow_state):
    task_state = workflow_state.current_task_state
    if task_state is None:
        return ""
    return task_state.specific.get_comment() or ""


WITHDRAW_ACTION = "practices.withdraw"


def withdraw_from_live(practice, user):
    """Apply to the published version, at once, what ``practice`` (the member's new version)
    takes back: the organisations' names withheld, the country only, the place emptied, an
    organisation or a file removed. Safety cannot wait for an editor; additions and every other
    change still do. The published version becomes a revision of its own (logged as
    ``practices.withdraw``), and the member's new version is saved after it, still unpublished
    and still in review if it was. Answers that revision, or None when nothing is taken back."""
    live = PracticePage.objects.get(pk=practice.pk)
    changed = False
    if practice.withhold_organisation and not live.withhold_organisation:
        live.withhold_organisation = changed = True
    if practice.country_level_only and not live.country_level_only:
        live.country_level_only = changed = True
    if live.location and not practice.location.strip():
        live.location, changed = "", True
    kept_organisations = {o.pk for o in practice.organisations}
    if any(o.pk not in kept_organisations for o in live.organisations):
        live.practice_organisations = [
            link
            for link in live.practice_organisations.all()
            if link.organisation_id in kept_organisations
        ]
        changed = True
    kept_files = {a.document_id for a in practice.attachments.all()}
    removed_files = [
        a.document_id for a in live.attachments.all() if a.document_id not in kept_files
    ]
    if removed_files:
        live.attachments = [a for a in live.attachments.all() if a.document_id in kept_files]
        changed = True
    if not changed:
        return None

    # Only taking away: the published text is not checked again (text stored before today's
    # checks, a control character say, must not stop a member from withholding a name).
    live.save(clean=False)
    revision = live.save_revision(user=user, log_action=WITHDRAW_ACTION, changed=False, clean=False)
    PracticePage.objects.filter(pk=live.pk).update(
        live_revision=revision, last_published_at=timezone.now()
    )
    live.live_revision = revision
    # What follows a publication (the search and facet indices, the files' collections) follows
    # this one too: the files the published version no longer attaches become private.
    page_published.send(sender=PracticePage, instance=live, revision=revision)
    return revision


@transaction.atomic
def submit_for_review(practice, user):
    """Start the review of the practice's latest revision; resume it when changes were
    requested; restart it on the latest revision when it is in review already."""
    state = practice.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=user)
        return state
    if state is not None:
        review_latest(practice, user)
        return state
    workflow = review_workflow()
    if workflow is None:
        raise RuntimeError("The 'Practice review' workflow is missing.")
    return workflow.start(practice, user)


def in_review(practice):
    state = practice.current_workflow_state
    return state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS


@transaction.atomic
def review_latest(practice, user):
    """The member changed a practice that is in review: the review restarts on the new
    revision, so that approving publishes what the editors read (Wagtail publishes the latest
    revision). The editors are told of the new version as of a new submission."""
    if not in_review(practice):
        return False
    task_state = practice.current_workflow_state.current_task_state
    latest = PracticePage.objects.get(pk=practice.pk).get_latest_revision()
    if (
        task_state is None
        or task_state.status != task_state.STATUS_IN_PROGRESS
        or latest is None
        or task_state.revision_id == latest.pk
    ):
        return False
    task_state.specific.cancel(user=user, resume=True)
    return True


@transaction.atomic
def withdraw(practice, user):
    state = practice.current_workflow_state
    if state is not None:
        state.cancel(user=user)


def attached_document_ids(practice):
    """Every document the practice attaches, in its published rows or in any revision."""
    ids = set(
        PracticeAttachment.objects.filter(practice_id=practice.pk).values_list(
            "document_id", flat=True
        )
    )
    for content in practice.revisions.values_list("content", flat=True):
        for row in (content or {}).get("attachments") or []:
            if isinstance(row, dict) and row.get("document"):
                ids.add(row["document"])
    return ids


def used_elsewhere(document_ids, practice_id):
    """The documents among ``document_ids`` that something other than this practice uses: a
    framework's text, a joint action, another practice (Wagtail's reference index, and other
    practices' attachment rows). Those are never made private or deleted on its account."""
    ids = [str(pk) for pk in document_ids]
    if not ids:
        return set()
    page_type = ContentType.objects.get_for_model(Page)
    references = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(get_document_model()),
        to_object_id__in=ids,
    ).exclude(base_content_type=page_type, object_id=str(practice_id))
    used = {int(pk) for pk in references.values_list("to_object_id", flat=True)}
    used |= set(
        PracticeAttachment.objects.filter(document_id__in=document_ids)
        .exclude(practice_id=practice_id)
        .values_list("document_id", flat=True)
    )
    return used


def make_attachments_private(practice, document_ids=None):
    """Move the practice's files (or ``document_ids`` of them) that are public back to the
    private collection, where only editors open them: when it is unpublished or deleted, or no
    longer attaches them. Files something else uses stay as they are."""
    private = private_collection()
    if private is None:
        return
    ids = attached_document_ids(practice) if document_ids is None else set(document_ids)
    ids -= used_elsewhere(ids, practice.pk)
    get_document_model().objects.filter(pk__in=ids).exclude(collection=private).update(
        collection=private
    )


def still_private(document_ids):
    """The documents among ``document_ids`` that are in the private collection (never
    published, or taken back)."""
    private = private_collection()
    if private is None or not document_ids:
        return []
    return list(
        get_document_model()
        .objects.filter(pk__in=document_ids, collection=private)
        .values_list("pk", flat=True)
    )


def delete_unpublished_files(document_ids, practice_id, user):
    """Delete the files among ``document_ids`` that the member uploaded and that were never
    published (still in the private collection), unless the practice's own rows (its published
    version, or a draft's current one) or something else still use them."""
    private = private_collection()
    if private is None or not document_ids:
        return
    still_attached = PracticeAttachment.objects.filter(
        practice_id=practice_id, document_id__in=document_ids
    ).values_list("document_id", flat=True)
    ids = set(document_ids) - set(still_attached) - used_elsewhere(document_ids, practice_id)
    get_document_model().objects.filter(
        pk__in=ids, collection=private, uploaded_by_user=user
    ).delete()


@transaction.atomic
def remove_member_practices(user):
    """What deleting an account does to the member's practices: published ones stay online,
    detached from the account, without their unpublished changes (a review in progress is
    cancelled, later revisions deleted); the others are deleted. Files the member uploaded
    that were never published go with them."""
    for practice in member_practices(user):
        documents = attached_document_ids(practice)
        if not practice.live:
            practice_id = practice.pk
            practice.delete()
            delete_unpublished_files(documents, practice_id, user)
            continue
        state = practice.current_workflow_state
        if state is not None:
            state.cancel(user=None)
        live_revision = practice.live_revision
        unpublished = practice.revisions.all()
        if live_revision is not None:
            unpublished = unpublished.filter(created_at__gt=live_revision.created_at)
        PracticePage.objects.filter(pk=practice.pk).update(
            owner=None,
            latest_revision=live_revision,
            has_unpublished_changes=False,
            draft_title=practice.title,
        )
        unpublished.delete()
        practice.revisions.update(user=None)
        delete_unpublished_files(documents, practice.pk, user)
