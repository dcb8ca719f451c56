"""All e-mail leaves through a task after the commit (kb/mail.py): what is sent, when, and what
a broken mail server does (nothing the user sees)."""

import logging

from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.test import TestCase

import pytest

from tests.utils import after_commit

pytestmark = pytest.mark.django_db


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


def test_a_message_is_delivered_whole_after_the_commit():
    message = EmailMultiAlternatives(
        subject="Published: Peace huts",
        body="Plain text",
        from_email="registry@example.org",
        to=["a@example.org"],
        cc=["c@example.org"],
        bcc=["b@example.org"],
        reply_to=["r@example.org"],
        headers={"X-Registry": "1"},
    )
    message.attach_alternative("<p>HTML</p>", "text/html")
    with TestCase.captureOnCommitCallbacks() as callbacks:
        assert message.send() == 1
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    (sent,) = mail.outbox
    assert (sent.subject, sent.body, sent.from_email) == (
        "Published: Peace huts",
        "Plain text",
        "registry@example.org",
    )
    assert (sent.to, sent.cc, sent.bcc, sent.reply_to) == (
        ["a@example.org"],
        ["c@example.org"],
        ["b@example.org"],
        ["r@example.org"],
    )
    assert sent.extra_headers == {"X-Registry": "1"}
    assert [tuple(a) for a in sent.alternatives] == [("<p>HTML</p>", "text/html")]


def test_nothing_is_sent_for_a_change_that_is_rolled_back():
    with after_commit() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        send_mail("Approved", "Body", None, ["a@example.org"])
        raise RuntimeError("the approval failed")
    assert callbacks == []
    assert mail.outbox == []


def test_a_mail_server_failure_never_reaches_the_visitor(client, practice_index, settings, caplog):
    from tests.factories import PracticePageFactory

    settings.EMAIL_DELIVERY_BACKEND = "tests.test_mail.BrokenBackend"
    practice = PracticePageFactory(contact_email="contact@example.org")
    message = {"name": "Researcher", "email": "r@example.org", "message": "May I ask?"}
    with caplog.at_level(logging.WARNING, logger="kb.mail"), after_commit():
        response = client.post(f"/contact/practice/{practice.pk}/", message)
    assert response.status_code == 302
    assert mail.outbox == []
    assert "not delivered" in caplog.text


def test_a_message_with_attachments_is_delivered_at_once():
    message = EmailMultiAlternatives("Data", "Attached", None, ["a@example.org"])
    message.attach("data.json", "{}", "application/json")
    with TestCase.captureOnCommitCallbacks() as callbacks:
        message.send()
    assert callbacks == []
    assert mail.outbox[0].attachments


def test_a_message_without_recipients_is_dropped():
    with after_commit() as callbacks:
        assert EmailMultiAlternatives("Nobody", "Body", None, []).send() == 0
    assert callbacks == []
