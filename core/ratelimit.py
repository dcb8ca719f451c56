"""A small rate limiter on Django's cache: no new infrastructure.

A rate is "N/period" with period s, m, h or d (``"5/h"``). Counts live in the default cache,
keyed by the action and the client's account or address, in fixed windows. That cache must be
shared by every web process, or each process counts on its own and a limit is as many times
looser: CACHE_BACKEND (kb.settings.base) is the database cache in production, and the deploy
check kb.W001 warns about a per-process cache. The database and file caches increment by
reading then writing, so simultaneous requests may each miss one another's count: under a burst
a limit can be exceeded by a few attempts, never multiplied by the number of processes.

Behind reverse proxies, the client's address is taken from X-Forwarded-For, but only as far as
``KB_TRUSTED_PROXY_COUNT`` (env TRUSTED_PROXY_COUNT) proxies of the site's own vouch for it.
"""

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period[-1]] * int(period[:-1] or 1)


def client_address(request):
    """The client's address: REMOTE_ADDR, or with N trusted proxies in front of the site, the
    N-th address from the right of X-Forwarded-For, the one the outermost trusted proxy saw.

    Each proxy appends the address it received the request from, so the right-most N entries
    are written by the site's own proxies; anything further left came from the client and may
    be forged, and never counts. A header shorter than that, or an entry that is not an
    address, falls back to REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = getattr(settings, "KB_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted <= 0 or not forwarded:
        return remote
    entries = [entry.strip() for entry in forwarded.split(",")]
    if len(entries) < trusted:
        return remote
    try:
        return str(ipaddress.ip_address(entries[-trusted]))
    except ValueError:
        return remote


def client_key(request):
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{client_address(request)}"


def _counter(request, action, key):
    """(cache key of the current window, limit, period), or None when ``action`` is unlimited."""
    rate = getattr(settings, "KB_RATE_LIMITS", {}).get(action)
    if not rate:
        return None
    limit, period = parse_rate(rate)
    window = int(time.time() // period)
    digest = hashlib.sha256((key or client_key(request)).encode()).hexdigest()[:32]
    return f"kb-rl:{action}:{digest}:{window}", limit, period


def hit(request, action, key=None):
    """Count one attempt at ``action``; answer False when the client is over its limit. With
    ``key``, count against that instead of the client (e.g. the recipient of a message)."""
    counter = _counter(request, action, key)
    if counter is None:
        return True
    cache_key, limit, period = counter
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.set(cache_key, 1, timeout=period + 1)
        count = 1
    return count <= limit


def has_room(request, action, key=None):
    """Whether one more ``action`` is within the limit, without counting it: for limits that
    count only what succeeds, checked before the work and ``hit`` once it is done."""
    counter = _counter(request, action, key)
    if counter is None:
        return True
    cache_key, limit, _ = counter
    return cache.get(cache_key, 0) < limit
