"""Every e-mail the site sends leaves through a background task.

``EMAIL_BACKEND`` is :class:`TaskEmailBackend`: it turns each message into plain JSON and
enqueues :func:`deliver_email_task` when the current transaction commits, and the task hands the
message to ``EMAIL_DELIVERY_BACKEND`` (SMTP in production, the console in development). So:

- no request waits for, or fails on, the mail server: members on slow links, editors approving
  a practice and visitors writing through the contact relay get their answer whatever the mail
  server does; a failed delivery is logged and recorded on the task result;
- nobody is told of a change that was rolled back (a rejected form, a failed approval);
- Wagtail's notifications to editors, allauth's account e-mails and the registry's own take the
  same path, with no change to the code that sends them.

With the ``ImmediateBackend`` of the default ``TASKS`` setting the task runs at once, after the
commit, in the same process; with a worker backend it runs in the worker. A message with file
attachments (none of the site's e-mails has any) is not JSON, so it is delivered at once.
"""

import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from django_tasks import task

logger = logging.getLogger(__name__)


def delivery_connection(**kwargs):
    return get_connection(settings.EMAIL_DELIVERY_BACKEND, **kwargs)


def serialise(message):
    return {
        # One line: a line break in a subject (a practice's title, say) would make the message
        # unsendable (BadHeaderError) and lose it.
        "subject": " ".join(str(message.subject).split()),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in message.extra_headers.items()},
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


def rebuild(data):
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        connection=delivery_connection(),
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


@task()
def deliver_email_task(data):
    try:
        return rebuild(data).send()
    except Exception:
        logger.warning(
            "E-mail %r to %d recipient(s) not delivered",
            data.get("subject"),
            len(data.get("to", [])) + len(data.get("cc", [])) + len(data.get("bcc", [])),
            exc_info=True,
        )
        raise


class TaskEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            if message.attachments:
                sent += delivery_connection(fail_silently=self.fail_silently).send_messages(
                    [message]
                )
                continue
            transaction.on_commit(
                partial(deliver_email_task.enqueue, serialise(message)), robust=True
            )
            sent += 1
        return sent
