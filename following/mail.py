"""The e-mails of following: the visitor's confirmation, and the digest with its one-click
unsubscribe (RFC 8058), in plain text and HTML."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from . import tokens
from .targets import absolute, listing_url


def unsubscribe_url(subscriber):
    return absolute(reverse("following:unsubscribe", args=[tokens.make("unsubscribe", subscriber)]))


def manage_url(subscriber):
    return absolute(reverse("following:manage", args=[tokens.make("manage", subscriber)]))


def send_confirmation(address, follow_ids, targets):
    """The one e-mail sent to an address before it is confirmed: a link to a page with a button
    (a mail scanner that opens links confirms nothing) that confirms the follows ``follow_ids``
    only. It carries no text a visitor chose: a saved search is "a search of the practice
    listing", linked to the listing itself."""
    token = tokens.make("confirm", f"e:{address}", follow_ids)
    link = absolute(reverse("following:confirm", args=[token]))
    body = render_to_string(
        "following/confirm_email.txt",
        {"targets": targets, "link": link, "listing": absolute(listing_url())},
    )
    send_mail(gettext("Confirm that you want e-mail updates"), body, None, [address])


def digest_message(address, subscriber, found, connection=None):
    unsubscribe = unsubscribe_url(subscriber)
    context = {
        "sections": found,
        "manage_url": manage_url(subscriber),
        "unsubscribe_url": unsubscribe,
        "count": sum(len(section.items) for section in found),
    }
    mailto = settings.DEFAULT_FROM_EMAIL
    message = EmailMultiAlternatives(
        subject=ngettext(
            "What is new: %(count)s update", "What is new: %(count)s updates", context["count"]
        )
        % {"count": context["count"]},
        body=render_to_string("following/digest.txt", context),
        to=[address],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>, <mailto:{mailto}?subject=unsubscribe>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        connection=connection,
    )
    message.attach_alternative(render_to_string("following/digest.html", context), "text/html")
    return message


def delivery_connection():
    """The mail server itself: a digest is already sent from a task, so it is not queued again
    (kb.mail.TaskEmailBackend hands messages to the same backend)."""
    return get_connection(getattr(settings, "EMAIL_DELIVERY_BACKEND", settings.EMAIL_BACKEND))
