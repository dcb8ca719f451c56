"""Rate limits on the shared Redis cache count exactly under concurrent requests.

Runs under ``scripts/with-redis`` (which sets REDIS_URL; CI runs it); skipped otherwise."""

import os
import threading
import uuid

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import RequestFactory

import pytest

from core import ratelimit

REDIS_URL = os.environ.get("REDIS_URL")
pytestmark = pytest.mark.skipif(
    not REDIS_URL, reason="needs a Redis server: run under scripts/with-redis"
)

THREADS = 8
HITS_PER_THREAD = 60
LIMIT = 200


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A prefix of its own: parallel test processes share the server, so no FLUSHDB.
            "KEY_PREFIX": f"kb-test-{uuid.uuid4().hex}",
        }
    }
    settings.KB_RATE_LIMITS = {"submit": f"{LIMIT}/h"}
    return cache


def anonymous_request(address="203.0.113.7"):
    request = RequestFactory().post("/", REMOTE_ADDR=address)
    request.user = AnonymousUser()
    return request


def hammer(request):
    answers = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def worker():
        start.wait()
        mine = [ratelimit.hit(request, "submit") for _ in range(HITS_PER_THREAD)]
        with lock:
            answers.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_the_cache_is_redis(redis_cache):
    from django.core.cache import caches

    assert caches["default"].__class__.__name__ == "RedisCache"
    redis_cache.set("kb-probe", 1)
    assert redis_cache.incr("kb-probe") == 2


def test_concurrent_hits_count_exactly(redis_cache):
    request = anonymous_request()
    answers = hammer(request)
    total = THREADS * HITS_PER_THREAD  # 480 attempts, hand-counted: 8 threads x 60
    assert len(answers) == total
    # Exactly LIMIT attempts let through, not one more: increments are atomic.
    assert answers.count(True) == LIMIT
    assert answers.count(False) == total - LIMIT
    # The one counter in Redis holds every attempt.
    client = redis_cache._cache.get_client(write=False)
    keys = client.keys(f"{redis_cache.key_prefix}:*kb-rl:submit:*")
    assert len(keys) == 1
    assert int(client.get(keys[0])) == total
    assert ratelimit.has_room(request, "submit") is False
    # Another client has its own count.
    assert ratelimit.has_room(anonymous_request("198.51.100.9"), "submit") is True
