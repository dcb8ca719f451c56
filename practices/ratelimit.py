"""A small rate limiter on Django's cache: no new infrastructure.

A rate is "N/period" with period s, m, h or d (``"5/h"``). Counts live in the default cache
(LocMemCache unless CACHES says otherwise), keyed by the action and the client's address or
account, in fixed windows.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period[-1]] * int(period[:-1] or 1)


def client_key(request):
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def hit(request, action):
    """Count one attempt at ``action``; answer False when the client is over its limit."""
    rate = getattr(settings, "KB_RATE_LIMITS", {}).get(action)
    if not rate:
        return True
    limit, period = parse_rate(rate)
    window = int(time.time() // period)
    digest = hashlib.sha256(client_key(request).encode()).hexdigest()[:32]
    key = f"kb-rl:{action}:{digest}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=period + 1)
        count = 1
    return count <= limit
