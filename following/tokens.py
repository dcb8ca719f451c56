"""The secret links of following, signed with the site's secret key (``django.core.signing``),
each with its own salt, so that a link made for one purpose never works for another and none
can be guessed. A link carries the subscriber's random secret (``Follow.secret``), never their
address or user id; giving the subscriber a new secret (``rotate``) revokes all their links.

- ``confirm``: sent to a visitor's address; confirms the follows it names (those pending when
  it was sent, not any added later). Valid for a week.
- ``manage``: in every digest (a fresh one each time); opens the subscriber's "My follows" page
  without signing in. Valid for 30 days.
- ``unsubscribe``: the digest's ``List-Unsubscribe`` address; cancels all the subscriber's
  follows (RFC 8058 one-click). Valid as long as the secret.

A subscriber is "u:<user id>" or "e:<address>" (``Follow.subscriber``).
"""

from django.core import signing

from .models import Follow, new_secret, subscriber_secret

MAX_AGES = {
    "confirm": 7 * 24 * 3600,
    "manage": 30 * 24 * 3600,
    "unsubscribe": None,
}
SALTS = {
    "confirm": "following.confirm.2",
    "manage": "following.manage.2",
    "unsubscribe": "following.unsubscribe.2",
}


def make(purpose, subscriber, follow_ids=None):
    value = {"s": subscriber_secret(subscriber)}
    if follow_ids is not None:
        value["f"] = sorted(follow_ids)
    return signing.dumps(value, salt=SALTS[purpose], compress=True)


def load(purpose, token):
    """The signed value of a token, or None for a forged, mistyped or expired one."""
    try:
        value = signing.loads(str(token)[:1000], salt=SALTS[purpose], max_age=MAX_AGES[purpose])
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("s"), str) or not value["s"]:
        return None
    return value


def subscriber_of(secret):
    follow = Follow.objects.filter(secret=secret).select_related(None).first()
    return follow.subscriber if follow else None


def read(purpose, token):
    """The subscriber a token was made for, or None for a forged, mistyped, expired or revoked
    one."""
    value = load(purpose, token)
    return subscriber_of(value["s"]) if value else None


def read_confirm(token):
    """The subscriber and the ids of the follows a confirmation link names, or (None, [])."""
    value = load("confirm", token)
    subscriber = subscriber_of(value["s"]) if value else None
    ids = value.get("f") if subscriber else None
    if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
        return None, []
    return subscriber, ids


def rotate(subscriber):
    """A new secret for the subscriber: every link sent to them stops working."""
    Follow.objects.of_subscriber(subscriber).update(secret=new_secret())
