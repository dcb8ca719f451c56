"""A member's contribution, step by step: their practice saved as a new draft or as a new
revision of their own, with the files they took off, and sent to the editors. The views call
these; where a submitted practice stands, its review, what taking information back does and its
files' privacy are the practice domain's (practices/submission.py)."""

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from wagtail.models import Page
from wagtail.users.models import UserProfile

from practices import submission
from practices.models import (
    PracticeIndexPage,
)


def free_slug(title, parent):
    """A slug from the title that no sibling uses, and fits the field: Wagtail's own gives up
    on a title without letters or digits ("🙂", "—") and overflows on a 255-character one."""
    allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
    base = slugify(title, allow_unicode=allow_unicode)[:200].strip("-") or "practice"
    slug, number = base, 1
    while not Page._slug_is_available(slug, parent):
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def create_draft(practice, user):
    """Add ``practice`` (unsaved, live=False) under the practice index of the locale of its
    language (a French practice in the French tree; a language that is not one of the content
    languages in the default tree), owned by ``user``. The page stays in that locale."""
    index = PracticeIndexPage.for_language(practice.language)
    practice.slug = free_slug(practice.title, index)
    practice.owner = user
    practice.live = False
    practice.has_unpublished_changes = True
    index.add_child(instance=practice)
    practice.save_revision(user=user, log_action=True)
    return practice


@transaction.atomic
def save_changes(practice, user):
    """A new revision of the member's practice. A published practice stays online as it is,
    but for what the member takes back (``submission.withdraw_from_live``): that is public no
    longer. Answers the revision that withdrew it, or None."""
    withdrawn = None
    if practice.live:
        withdrawn = submission.withdraw_from_live(practice, user)
    else:
        practice.save()
    practice.save_revision(user=user, log_action=True)
    return withdrawn


@transaction.atomic
def save(practice, user, removed_document_ids=()):
    """Save what the member sent: a new practice as their draft, their own as a new revision.
    The files they took off (``removed_document_ids``) that were never published are deleted;
    which those are is read before saving, since taking a published file back makes it private
    at once. Answers the revision that withdrew information from the published version, or
    None."""
    never_published = submission.still_private(removed_document_ids)
    withdrawn = None
    if practice.pk is None:
        create_draft(practice, user)
    else:
        withdrawn = save_changes(practice, user)
    submission.delete_unpublished_files(never_published, practice.pk, user)
    return withdrawn


def quiet_admin_notifications(user):
    """Wagtail's workflow e-mails link into the admin, which members cannot open: members get
    the registry's own e-mails instead (members/signals.py)."""
    if user.has_perm("wagtailadmin.access_admin"):
        return
    profile = UserProfile.get_for_user(user)
    if profile.approved_notifications or profile.rejected_notifications:
        profile.submitted_notifications = False
        profile.approved_notifications = False
        profile.rejected_notifications = False
        profile.updated_comments_notifications = False
        profile.save()


@transaction.atomic
def send_to_review(practice, user):
    """The member submits their practice: its latest revision goes to the editors, and the
    member hears of the outcome by the registry's e-mails, not Wagtail's."""
    quiet_admin_notifications(user)
    return submission.submit_for_review(practice, user)
