"""E-mails to members about their submissions (editors get Wagtail's own notifications).

Members have no admin access, so Wagtail's notifications, which link into the admin, are turned
off for them (at sign-up and on submission) and these, which link to "My submissions", are sent
instead.

Each is written in the member's language (*My account*), whoever's request sends it: an editor
reading the admin in English approves a practice, its member reads the news in Arabic."""

import functools

from django.conf import settings
from django.core.mail import send_mail
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext

from wagtail.signals import workflow_approved, workflow_cancelled, workflow_rejected

from allauth.account.signals import user_signed_up

from core.people import display_name
from monitoring.models import MonitoringNote
from practices.models import PracticePage
from practices.submission import last_comment

from .contribution import quiet_admin_notifications
from .models import in_language_of


def _practice(workflow_state):
    """The practice under review, or a monitoring note (a snippet, which has no ``specific``)."""
    obj = workflow_state.content_object
    return getattr(obj, "specific", obj) if obj is not None else None


def _recipient(workflow_state):
    """Who an e-mail about this review goes to: the practice's owner or the note's author."""
    obj = _practice(workflow_state)
    if isinstance(obj, MonitoringNote):
        return obj.author
    return getattr(obj, "owner", None)


def in_recipients_language(receive):
    @functools.wraps(receive)
    def wrapper(sender, instance, **kwargs):
        with in_language_of(_recipient(instance)):
            return receive(sender, instance, **kwargs)

    return wrapper


def _is_member(user):
    return user is not None and not user.has_perm("wagtailadmin.access_admin")


def notify_member(practice, subject, body, user=None):
    """An e-mail to the practice's member (or ``user``) that links to "My submissions", which
    they can open."""
    user = user or practice.owner
    if user is None or not user.email:
        return
    link = settings.WAGTAILADMIN_BASE_URL + reverse("my_submissions")
    # Translators: the first line of every e-mail to a member, then a blank line.
    greeting = gettext("Dear %(name)s,") % {"name": display_name(user)}
    # Translators: the last line of every e-mail to a member; the link opens "My submissions".
    footer = gettext("Your submissions: %(link)s") % {"link": link}
    send_mail(subject, f"{greeting}\n\n{body}\n\n{footer}\n", None, [user.email])


@receiver(user_signed_up)
def member_signed_up(request, user, **kwargs):
    quiet_admin_notifications(user)


@receiver(workflow_approved)
@in_recipients_language
def tell_member_approved(sender, instance, user=None, **kwargs):
    practice = _practice(instance)
    if isinstance(practice, PracticePage) and _is_member(practice.owner):
        values = {"title": practice.title, "url": practice.full_url}
        notify_member(
            practice,
            # Translators: an e-mail's subject; %(title)s is the practice's title.
            gettext("Published: %(title)s") % values,
            gettext("The editors approved your practice “%(title)s”. It is now public:\n%(url)s")
            % values,
        )


@receiver(workflow_rejected)
@in_recipients_language
def tell_member_changes_requested(sender, instance, user=None, **kwargs):
    practice = _practice(instance)
    if isinstance(practice, PracticePage) and _is_member(practice.owner):
        comment = last_comment(instance) or gettext("(no comment)")
        values = {"title": practice.title, "comment": comment}
        notify_member(
            practice,
            # Translators: an e-mail's subject; %(title)s is the practice's title.
            gettext("Changes requested: %(title)s") % values,
            gettext(
                "The editors ask for changes to your practice “%(title)s” before it can be "
                "published. Their comment:\n\n%(comment)s\n\nEdit it and submit it again."
            )
            % values,
        )


@receiver(workflow_cancelled)
@in_recipients_language
def tell_member_rejected(sender, instance, user=None, **kwargs):
    practice = _practice(instance)
    if (
        isinstance(practice, PracticePage)
        and _is_member(practice.owner)
        and user is not None
        and user.pk != practice.owner_id
    ):
        comment = last_comment(instance)
        values = {"title": practice.title, "comment": comment}
        notify_member(
            practice,
            # Translators: an e-mail's subject; %(title)s is the practice's title.
            gettext("Not accepted: %(title)s") % values,
            (
                gettext(
                    "The editors have decided not to publish your practice “%(title)s”. "
                    "Their comment:\n\n%(comment)s\n\n"
                    "It stays in your submissions: you can edit it and submit it again."
                )
                if comment
                else gettext(
                    "The editors have decided not to publish your practice “%(title)s”. "
                    "Write to the network's secretariat to ask why.\n\n"
                    "It stays in your submissions: you can edit it and submit it again."
                )
            )
            % values,
        )


def _note(workflow_state):
    obj = _practice(workflow_state)
    return obj if isinstance(obj, MonitoringNote) and _is_member(obj.author) else None


def _note_values(note, **more):
    return {"code": note.provision.code, "framework": note.provision.framework.title, **more}


@receiver(workflow_approved)
@in_recipients_language
def tell_member_note_approved(sender, instance, user=None, **kwargs):
    note = _note(instance)
    if note is not None:
        values = _note_values(note, url=f"{settings.WAGTAILADMIN_BASE_URL}{note.provision.url}")
        notify_member(
            note,
            # Translators: an e-mail's subject; %(code)s is a provision's code, such as "2.1".
            gettext("Published: your monitoring note on provision %(code)s") % values,
            gettext(
                "The editors approved your monitoring note on provision %(code)s of "
                "“%(framework)s”. It is now public:\n%(url)s"
            )
            % values,
            user=note.author,
        )


@receiver(workflow_rejected)
@in_recipients_language
def tell_member_note_changes_requested(sender, instance, user=None, **kwargs):
    note = _note(instance)
    if note is not None:
        comment = last_comment(instance) or gettext("(no comment)")
        values = _note_values(note, comment=comment)
        notify_member(
            note,
            # Translators: an e-mail's subject; %(code)s is a provision's code, such as "2.1".
            gettext("Changes requested: your monitoring note on provision %(code)s") % values,
            gettext(
                "The editors ask for changes to your monitoring note on provision "
                "%(code)s of “%(framework)s”. Their comment:\n\n%(comment)s"
            )
            % values,
            user=note.author,
        )


@receiver(workflow_cancelled)
@in_recipients_language
def tell_member_note_rejected(sender, instance, user=None, **kwargs):
    note = _note(instance)
    if note is not None and user is not None and user.pk != note.author_id:
        comment = last_comment(instance)
        values = _note_values(note, comment=comment)
        notify_member(
            note,
            # Translators: an e-mail's subject; %(code)s is a provision's code, such as "2.1".
            gettext("Not accepted: your monitoring note on provision %(code)s") % values,
            (
                gettext(
                    "The editors have decided not to publish your monitoring note on provision "
                    "%(code)s of “%(framework)s”. Their comment:\n\n%(comment)s"
                )
                if comment
                else gettext(
                    "The editors have decided not to publish your monitoring note on provision "
                    "%(code)s of “%(framework)s”. Write to the secretariat to ask why."
                )
            )
            % values,
            user=note.author,
        )
