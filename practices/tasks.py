"""E-mails as background tasks (django-tasks), so that no request waits for, or fails on, the
mail server.

``send_after_commit`` enqueues when the transaction that decided the e-mail commits: nobody is
told of a change that was rolled back, and a worker never reads data that is not there yet.
The task's arguments are the finished message (plain JSON), so it needs nothing from the
database. With the ``ImmediateBackend`` of the default settings the task runs at once, after
the commit; a failure is logged and recorded on the task result, never raised to the user who
acted. With a worker backend it runs in the worker.
"""

import logging

from django.core.mail import EmailMessage
from django.db import transaction

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_email_task(subject, body, to, reply_to=None):
    try:
        EmailMessage(subject=subject, body=body, to=to, reply_to=reply_to or None).send()
    except Exception:
        logger.warning("E-mail %r to %s not sent", subject, len(to), exc_info=True)
        raise
    return len(to)


def send_after_commit(subject, body, to, reply_to=None):
    to = [address for address in to if address]
    if not to:
        return
    transaction.on_commit(
        lambda: send_email_task.enqueue(subject, body, to, reply_to=list(reply_to or []))
    )
