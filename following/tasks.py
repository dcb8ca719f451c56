"""The digest of one subscriber, sent by the task worker."""

import datetime
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from django_tasks import task

from members.models import language_of

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
    if not follows:
        return 0
    # Written in the subscriber's language: its words, its names of countries, its links.
    language = language_for(follows[0])
    with translation.override(language):
        found = sections(follows, until)
    if not found:
        return 0
    if not claim(follows, until):
        return 0  # another run is sending (or has sent) this digest
    try:
        with translation.override(language):
            message = digest_message(follows[0].address, subscriber, found, delivery_connection())
        message.send()
    except BaseException:
        release(follows, until)
        raise
    return 1


def language_for(follow):
    """A member's language (their profile's), or the one a visitor confirmed in."""
    if follow.user_id:
        return language_of(follow.user)
    return follow.language


def unchanged(follow):
    """The follow's row as it was read: same last digest."""
    if follow.last_sent_at is None:
        return Q(pk=follow.pk, last_sent_at__isnull=True)
    return Q(pk=follow.pk, last_sent_at=follow.last_sent_at)


def claim(follows, until):
    """Move the follows' last digest to ``until`` before sending, in one conditional update of
    the rows as they were read: True only when every row was still so, so that of two runs at
    once one sends and the other finds its rows claimed (the update locks the rows, the second
    one waits and matches none). When not all match, nothing is claimed."""
    with transaction.atomic():
        claimed = Follow.objects.filter(reduce(or_, (unchanged(f) for f in follows))).update(
            last_sent_at=until
        )
        if claimed != len(follows):
            transaction.set_rollback(True)
            return False
    return True


def release(follows, until):
    """Undo a claim after a failed send: the same news is sent next time."""
    for follow in follows:
        Follow.objects.filter(pk=follow.pk, last_sent_at=until).update(
            last_sent_at=follow.last_sent_at
        )


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
