"""E-mails to members about their submissions (editors get Wagtail's own notifications).

Members have no admin access, so Wagtail's notifications, which link into the admin, are turned
off for them (at sign-up and on submission) and these, which link to "My submissions", are sent
instead."""

from django.conf import settings
from django.core.mail import send_mail
from django.dispatch import receiver
from django.urls import reverse

from wagtail.signals import workflow_approved, workflow_cancelled, workflow_rejected

from allauth.account.signals import user_signed_up

from core.people import display_name
from monitoring.models import MonitoringNote
from practices.models import PracticePage
from practices.submission import last_comment

from .contribution import quiet_admin_notifications


def _practice(workflow_state):
    """The practice under review, or a monitoring note (a snippet, which has no ``specific``)."""
    obj = workflow_state.content_object
    return getattr(obj, "specific", obj) if obj is not None else None


def _is_member(user):
    return user is not None and not user.has_perm("wagtailadmin.access_admin")


def notify_member(practice, subject, body, user=None):
    """An e-mail to the practice's member (or ``user``) that links to "My submissions", which
    they can open."""
    user = user or practice.owner
    if user is None or not user.email:
        return
    link = settings.WAGTAILADMIN_BASE_URL + reverse("my_submissions")
    greeting = f"Dear {display_name(user)},\n\n"
    send_mail(subject, f"{greeting}{body}\n\nYour submissions: {link}\n", None, [user.email])


@receiver(user_signed_up)
def member_signed_up(request, user, **kwargs):
    quiet_admin_notifications(user)


@receiver(workflow_approved)
def tell_member_approved(sender, instance, user=None, **kwargs):
    practice = _practice(instance)
    if isinstance(practice, PracticePage) and _is_member(practice.owner):
        notify_member(
            practice,
            f"Published: {practice.title}",
            f"The editors approved your practice “{practice.title}”. It is now public:\n"
            f"{practice.full_url}",
        )


@receiver(workflow_rejected)
def tell_member_changes_requested(sender, instance, user=None, **kwargs):
    practice = _practice(instance)
    if isinstance(practice, PracticePage) and _is_member(practice.owner):
        comment = last_comment(instance) or "(no comment)"
        notify_member(
            practice,
            f"Changes requested: {practice.title}",
            f"The editors ask for changes to your practice “{practice.title}” before it can be "
            f"published. Their comment:\n\n{comment}\n\nEdit it and submit it again.",
        )


@receiver(workflow_cancelled)
def tell_member_rejected(sender, instance, user=None, **kwargs):
    practice = _practice(instance)
    if (
        isinstance(practice, PracticePage)
        and _is_member(practice.owner)
        and user is not None
        and user.pk != practice.owner_id
    ):
        comment = last_comment(instance)
        reason = (
            f"Their comment:\n\n{comment}\n\n"
            if comment
            else "Write to the network's secretariat to ask why.\n\n"
        )
        notify_member(
            practice,
            f"Not accepted: {practice.title}",
            f"The editors have decided not to publish your practice “{practice.title}”. "
            f"{reason}It stays in your submissions: you can edit it and submit it again.",
        )


def _note(workflow_state):
    obj = _practice(workflow_state)
    return obj if isinstance(obj, MonitoringNote) and _is_member(obj.author) else None


@receiver(workflow_approved)
def tell_member_note_approved(sender, instance, user=None, **kwargs):
    note = _note(instance)
    if note is not None:
        notify_member(
            note,
            f"Published: your monitoring note on provision {note.provision.code}",
            f"The editors approved your monitoring note on provision {note.provision.code} of "
            f"“{note.provision.framework.title}”. It is now public:\n"
            f"{settings.WAGTAILADMIN_BASE_URL}{note.provision.url}",
            user=note.author,
        )


@receiver(workflow_rejected)
def tell_member_note_changes_requested(sender, instance, user=None, **kwargs):
    note = _note(instance)
    if note is not None:
        comment = last_comment(instance) or "(no comment)"
        notify_member(
            note,
            f"Changes requested: your monitoring note on provision {note.provision.code}",
            f"The editors ask for changes to your monitoring note on provision "
            f"{note.provision.code} of “{note.provision.framework.title}”. Their comment:\n\n"
            f"{comment}",
            user=note.author,
        )


@receiver(workflow_cancelled)
def tell_member_note_rejected(sender, instance, user=None, **kwargs):
    note = _note(instance)
    if note is not None and user is not None and user.pk != note.author_id:
        comment = last_comment(instance)
        reason = (
            f"Their comment:\n\n{comment}" if comment else "Write to the secretariat to ask why."
        )
        notify_member(
            note,
            f"Not accepted: your monitoring note on provision {note.provision.code}",
            f"The editors have decided not to publish your monitoring note on provision "
            f"{note.provision.code} of “{note.provision.framework.title}”. {reason}",
            user=note.author,
        )
