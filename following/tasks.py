"""The digest of one subscriber, sent by the task worker."""

import datetime

from django.utils import timezone

from django_tasks import task

from .digest import sections
from .mail import delivery_connection, digest_message
from .models import Follow


def send_digest(subscriber, frequencies, until):
    """Send ``subscriber`` one e-mail with what is new for their confirmed follows of
    ``frequencies`` up to ``until``; nothing when nothing changed. Their follows' last digest
    moves to ``until`` only once the mail server has taken the message: a failed send is sent
    again, with the same news, next time. Answers the number of messages sent (0 or 1)."""
    follows = list(
        Follow.objects.of_subscriber(subscriber)
        .confirmed()
        .filter(frequency__in=frequencies)
        .select_related("user")
    )
    follows = [f for f in follows if f.address and f.since < until]
    found = sections(follows, until)
    if not found:
        return 0
    digest_message(follows[0].address, subscriber, found, delivery_connection()).send()
    Follow.objects.filter(pk__in=[f.pk for f in follows]).update(last_sent_at=until)
    return 1


@task()
def send_digest_task(subscriber, frequencies, until):
    return send_digest(subscriber, frequencies, datetime.datetime.fromisoformat(until))


def enqueue_digests(frequencies, until=None):
    """Queue one digest task per subscriber with confirmed follows of ``frequencies``."""
    until = until or timezone.now()
    subscribers = set()
    for user_id, email in (
        Follow.objects.confirmed().filter(frequency__in=frequencies).values_list("user_id", "email")
    ):
        subscribers.add(f"u:{user_id}" if user_id else f"e:{email}")
    for subscriber in sorted(subscribers):
        send_digest_task.enqueue(subscriber, list(frequencies), until.isoformat())
    return len(subscribers)
