"""Rate limits hold across web processes and behind the site's reverse proxies."""

from django.contrib.auth.models import AnonymousUser
from django.core.cache import CacheHandler, cache
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory

import pytest

from core import ratelimit
from core.ratelimit import client_address, client_key, hit

DATABASE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kb_cache"}
}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Counters in the local memory cache outlive a test (the database cache's table does not)."""
    cache.clear()


def anonymous_request(remote_addr="10.0.0.1", forwarded_for=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    request = RequestFactory().post("/contact/", **extra)
    request.user = AnonymousUser()
    return request


@pytest.fixture
def database_cache(db, settings):
    settings.CACHES = DATABASE_CACHE
    call_command("createcachetable", verbosity=0)
    settings.KB_RATE_LIMITS = {"relay": "2/h"}


def test_count_is_kept_in_the_shared_database_cache(database_cache, monkeypatch):
    request = anonymous_request()
    assert hit(request, "relay")
    # Another web process: its own cache connection, the same table.
    monkeypatch.setattr(ratelimit, "cache", CacheHandler()["default"])
    assert hit(request, "relay")
    assert not hit(request, "relay")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM kb_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("kb-rl:relay:" in key for key in keys)


def test_forwarded_for_is_ignored_without_trusted_proxies(settings):
    settings.KB_TRUSTED_PROXY_COUNT = 0
    request = anonymous_request("10.0.0.1", forwarded_for="203.0.113.9")
    assert client_key(request) == "ip:10.0.0.1"


def test_client_is_the_address_the_trusted_proxy_saw(settings):
    settings.KB_TRUSTED_PROXY_COUNT = 1
    assert client_address(anonymous_request("10.0.0.1", "203.0.113.9")) == "203.0.113.9"
    # A client writing its own X-Forwarded-For only adds entries on the left.
    spoofed = anonymous_request("10.0.0.1", "198.51.100.7, 192.0.2.1, 203.0.113.9")
    assert client_address(spoofed) == "203.0.113.9"

    settings.KB_TRUSTED_PROXY_COUNT = 2
    chain = anonymous_request("10.0.0.1", "198.51.100.7, 203.0.113.9, 10.0.0.2")
    assert client_address(chain) == "203.0.113.9"


def test_short_or_garbled_forwarded_for_falls_back_to_the_peer(settings):
    settings.KB_TRUSTED_PROXY_COUNT = 2
    assert client_address(anonymous_request("10.0.0.1", "203.0.113.9")) == "10.0.0.1"
    settings.KB_TRUSTED_PROXY_COUNT = 1
    assert client_address(anonymous_request("10.0.0.1", "not-an-address")) == "10.0.0.1"
    assert client_address(anonymous_request("10.0.0.1", "")) == "10.0.0.1"


def test_spoofed_entries_do_not_escape_the_limit(settings):
    settings.KB_TRUSTED_PROXY_COUNT = 1
    settings.KB_RATE_LIMITS = {"relay": "2/h"}
    attempts = [anonymous_request("10.0.0.1", f"192.0.2.{n}, 203.0.113.9") for n in range(1, 4)]
    assert [hit(request, "relay") for request in attempts] == [True, True, False]
    # Another client behind the same proxy has its own count.
    assert hit(anonymous_request("10.0.0.1", "203.0.113.10"), "relay")


def test_clients_behind_the_proxy_are_told_apart(settings):
    settings.KB_RATE_LIMITS = {"relay": "1/h"}
    settings.KB_TRUSTED_PROXY_COUNT = 1
    assert hit(anonymous_request("10.0.0.1", "203.0.113.9"), "relay")
    assert hit(anonymous_request("10.0.0.1", "203.0.113.10"), "relay")
    assert not hit(anonymous_request("10.0.0.1", "203.0.113.10"), "relay")
