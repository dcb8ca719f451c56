"""The secret links of following, signed with the site's secret key (``django.core.signing``),
each with its own salt, so that a link made for one purpose never works for another and none
can be guessed:

- ``confirm``: sent to a visitor's address; confirms that address's pending follows. Valid for
  a week.
- ``manage``: in every digest; opens the subscriber's "My follows" page without signing in.
- ``unsubscribe``: the digest's ``List-Unsubscribe`` address; cancels all the subscriber's
  follows (RFC 8058 one-click).

A subscriber is "u:<user id>" or "e:<address>" (``Follow.subscriber``).
"""

from django.core import signing

CONFIRM_MAX_AGE = 7 * 24 * 3600
SALTS = {
    "confirm": "following.confirm",
    "manage": "following.manage",
    "unsubscribe": "following.unsubscribe",
}


def make(purpose, subscriber):
    return signing.dumps(subscriber, salt=SALTS[purpose], compress=True)


def read(purpose, token, max_age=None):
    """The subscriber a token was made for, or None for a forged, mistyped or expired one."""
    if purpose == "confirm":
        max_age = CONFIRM_MAX_AGE
    try:
        value = signing.loads(str(token)[:500], salt=SALTS[purpose], max_age=max_age)
    except signing.BadSignature:
        return None
    return value if isinstance(value, str) and value[:2] in ("u:", "e:") else None
