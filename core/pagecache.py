"""Whole responses for visitors who are not signed in, from a cache of their own.

A visitor who is not signed in sees the same page as every other such visitor, so the second one
can be served the first one's response without running a view, a template or a query. This
middleware does that, for pages, listing states, the API, CSV exports, feeds and the map.

Who is served from the cache: a GET or HEAD request carrying neither the session cookie nor the
messages cookie (decided from the Cookie header alone: no session is loaded). Anyone signed in,
or with a message waiting, or in the middle of anything that uses the session, goes through.

What is stored: a 200 response to such a GET, not streamed, that sets no cookie, used no CSRF
token (``CSRF_COOKIE_NEEDS_UPDATE``: a page holding a form's token is that visitor's alone),
queued no message, is not ``Cache-Control: private / no-store / no-cache``, and varies on nothing
but the Cookie header (which a cookie-less request does not have) and Accept-Language when the
response is in its address's language (``Content-Language``): the language is the path's prefix,
plain addresses are always English, and the one use of Accept-Language, the first visit's
redirect (kb.languages), is decided before this middleware runs. A response in another
language than its address's is not stored.

The key: scheme, host, path (with its language prefix: each language has its own entries) and
the query string normalised (parameters sorted, empty ones dropped), so that equivalent listing
URLs share an entry; a key longer than
``PAGE_CACHE_MAX_KEY`` characters is not stored at all, so that hostile query strings cannot
grow entries beyond bounds; the number of entries is the cache's own business (its MAX_ENTRIES
and eviction; each entry also expires after ``PAGE_CACHE_TIMEOUT`` seconds).

Invalidation: one version token, kept in the cache, is read with the entry in one round trip
and stored inside it; an entry whose version is not the current one is a miss. Any change to
what a public page shows sets a new token (``bump``), once the transaction that made it commits:
Wagtail's publish and unpublish signals (pages and snippets), ``post_save``, ``post_delete`` and
``m2m_changed`` of every model but the few that only record who did what (sessions, logs,
revisions, the task queue), and the import commands. An entry rendered before a change but
stored after it carries the version it read before rendering, so it is never served.

What pages of one version share: the parts every page of a kind repeats (the navigation's
sections, a page's breadcrumbs and its addresses in each language) are the same for every visitor
who is not signed in until the content changes, also on pages that are not stored (each listing
query is a page of its own). ``remember`` keeps them in the process, under the version the
request read, so that a listing query runs its own search and nothing else; an entry of an older
version is never read again and is pushed out by newer ones.

The Content-Security-Policy is one fixed header, with no per-response nonce (kb.middleware), so
a stored page replays nothing that belongs to another visitor.
"""

import copy
import hashlib
import logging
import secrets
import threading
import time
from collections import OrderedDict
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, set_response_etag

from .languages import language_of_path

logger = logging.getLogger(__name__)
VERSION_KEY = "pagecache:version"
KEY_PREFIX = "pagecache:page:"
SAFE_VARY = {"cookie", "accept-encoding"}
NO_STORE_DIRECTIVES = {"private", "no-store", "no-cache"}
# Models whose writes change nothing a visitor who is not signed in can see: bumping on them
# would only empty the cache for nothing (each sign-in writes a session and last_login).
IGNORED_MODELS = {
    "sessions.session",
    "admin.logentry",
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.taskstate",
    "wagtailcore.workflowstate",
    "wagtailcore.pagesubscription",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailusers.userprofile",
    "django_tasks_database.dbtaskresult",
    "django_tasks_db.dbtaskresult",
    "account.emailconfirmation",
    "kb.cache",
}


def enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", False)


def cache():
    """The page cache's own store (CACHES["pages"], kb.settings.base): never the default cache,
    where culling by number would let a flood of URLs evict rate limits' counts."""
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "pages")]


def new_version():
    return f"{time.time_ns():x}{secrets.token_hex(4)}"


def bump_now(**kwargs):
    """Set a new version token: every stored page is stale from now on.

    A cache that cannot be written (the database cache's table before the first migrate ends,
    a cache server down) holds no page that could be served either: a warning, not an error."""
    try:
        cache().set(VERSION_KEY, new_version(), None)
    except Exception as error:  # noqa: BLE001  # any backend's own error
        logger.warning("page cache: could not set a new version (%s)", error)


def bump(**kwargs):
    """Make every stored page stale once the current transaction commits (at once outside one).

    After the commit, not before: a request rendering between the two would read the old data
    and store it under the new version. Takes signal arguments, so it is a receiver as it is."""
    transaction.on_commit(bump_now, robust=True)


def on_model_change(sender, **kwargs):
    if kwargs.get("raw") or sender._meta.label_lower in IGNORED_MODELS:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= {"last_login"}:
        return
    bump()


class VersionMemo:
    """Values computed from public content, kept in this process under the content version the
    request read (``request.content_version``, set by the middleware for a visitor who is not
    signed in): see the module's docstring. A request without a version (signed in, the page
    cache off) computes the value every time.

    Each kind of value (a key's first item) has its own bounded space, least recently used
    first out (``LIMITS``, else ``limit``), so that one kind (a card per practice) cannot push
    out another (the few routes every request reads). A value is also never older than
    ``PAGE_CACHE_TIMEOUT`` seconds, as a stored page is not: should a change fail to set a new
    version (the cache unreachable at that moment, or a per-process cache that a command's
    change does not reach), what is kept is forgotten as soon as what is stored is."""

    LIMITS = {"practice-card": 5000}

    def __init__(self, limit=1000):
        self.limit = limit
        self.kinds = {}
        self.lock = threading.Lock()

    def get(self, request, key, compute):
        version = getattr(request, "content_version", None)
        if version is None:
            return compute()
        kind, entry = key[0], (version, *key[1:])
        now = time.monotonic()
        with self.lock:
            values = self.kinds.setdefault(kind, OrderedDict())
            found = values.get(entry)
            if found is not None and found[0] > now:
                values.move_to_end(entry)
                return found[1]
        value = compute()
        if value is None:  # nothing to keep: computed again next time
            return value
        expires = now + getattr(settings, "PAGE_CACHE_TIMEOUT", 300)
        with self.lock:
            values = self.kinds.setdefault(kind, OrderedDict())
            values[entry] = (expires, value)
            values.move_to_end(entry)
            limit = self.LIMITS.get(kind, self.limit)
            while len(values) > limit:
                values.popitem(last=False)
        return value

    def clear(self):
        with self.lock:
            self.kinds.clear()


memo = VersionMemo()


def remember(request, key, compute):
    """``compute()``, or the value it gave for ``key`` at this request's content version: a
    tuple, its kind first, then everything the value depends on but the content (page,
    language, site...). The value is shared by every request of that version: give an
    immutable one. None is never kept."""
    return memo.get(request, key, compute)


def request_site(request):
    """The Wagtail site of the request (``Site.find_for_request``), found once per content
    version for a host and port (a copy for each request, holding none of the related objects
    another request loaded), and once per request otherwise."""
    from wagtail.models import Site

    if hasattr(request, "_wagtail_site") or getattr(request, "content_version", None) is None:
        return Site.find_for_request(request)

    def find():
        site = Site._find_for_request(request)
        if site is not None:
            site._state.fields_cache = {}
        return site

    # The key as Wagtail finds the site: the host as sent, and the port.
    site = remember(request, ("site", request._get_raw_host(), request.get_port()), find)
    if site is not None:
        site = copy.copy(site)
    request._wagtail_site = site
    return site


def site_key(request):
    """What a remembered value shown at an address depends on of the request's host: its
    site (addresses on it are relative, others absolute)."""
    site = request_site(request) if request is not None else None
    return site.pk if site is not None else None


def connect_signals():
    from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

    from wagtail.signals import page_published, page_unpublished, published, unpublished

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(on_model_change, dispatch_uid=f"pagecache-{id(signal)}")
    for signal in (page_published, page_unpublished, published, unpublished):
        signal.connect(bump, dispatch_uid=f"pagecache-{id(signal)}")
    # Migrations write through historical models, some before the cache table exists: the
    # version changes once they have all run.
    post_migrate.connect(bump_now, dispatch_uid="pagecache-migrate")


def cache_key(request):
    """The entry's key, or None when the URL is too long to be worth a bounded entry."""
    pairs = sorted((k, v) for k, v in parse_qsl(request.META.get("QUERY_STRING", "")) if v)
    query = urlencode(pairs)
    url = f"{request.scheme}://{request.get_host()}{request.path}" + (f"?{query}" if query else "")
    if len(url) > getattr(settings, "PAGE_CACHE_MAX_KEY", 1000):
        return None
    # Hashed: memcached-style backends refuse long keys and odd characters.
    return KEY_PREFIX + hashlib.sha256(url.encode()).hexdigest()


def has_session(request):
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME in cookies
        or getattr(settings, "MESSAGES_COOKIE_NAME", "messages") in cookies
    )


def storable(request, response):
    if response.status_code != 200 or response.cookies:
        return False
    if response.streaming and getattr(response, "is_async", False):
        return False
    meta = request.META
    if meta.get("CSRF_COOKIE_NEEDS_UPDATE") or meta.get("CSRF_COOKIE_USED"):
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "_queued_messages", None):
        return False
    control = cc_delim_re.split(response.get("Cache-Control", ""))
    directives = {d.split("=")[0].strip().lower() for d in control}
    if directives & NO_STORE_DIRECTIVES:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    if "accept-language" in vary:
        if response.get("Content-Language") != language_of_path(request.path_info):
            return False
        vary.discard("accept-language")
    return vary <= SAFE_VARY


def freeze(version, response):
    if not response.has_header("ETag"):
        set_response_etag(response)
    return (version, response.status_code, list(response.items()), response.content)


def tee(content, response, store, key, version):
    """Stream the response as it is, keeping a copy; store it once sent, if small enough."""
    limit = getattr(settings, "PAGE_CACHE_MAX_STREAMED", 2_000_000)
    chunks, size = [], 0
    headers = list(response.items())
    for chunk in content:
        if chunks is not None:
            size += len(chunk)
            if size > limit:
                chunks = None
            else:
                chunks.append(chunk)
        yield chunk
    if chunks is not None:
        copy = HttpResponse(b"".join(chunks), status=response.status_code)
        for name, value in headers:
            copy[name] = value
        store.set(key, freeze(version, copy), settings.PAGE_CACHE_TIMEOUT)


def thaw(entry):
    _, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


class AnonymousPageCacheMiddleware:
    """See the module's docstring. Placed before the session, CSRF and auth middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or not enabled()
            or has_session(request)
            or (key := cache_key(request)) is None
        ):
            return self.get_response(request)
        store = cache()
        found = store.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        entry = found.get(key)
        if version is not None and entry is not None and entry[0] == version:
            response = thaw(entry)
            response["X-Page-Cache"] = "hit"
            return response
        if version is None:
            store.add(VERSION_KEY, new_version(), None)
            version = store.get(VERSION_KEY)
        if version is not None:
            request.content_version = version
        response = self.get_response(request)
        if request.method == "GET" and version is not None and storable(request, response):
            if response.streaming:
                # A CSV export: stored once streamed, when no larger than PAGE_CACHE_MAX_STREAMED.
                content = response.streaming_content
                response.streaming_content = tee(content, response, store, key, version)
            else:
                store.set(key, freeze(version, response), settings.PAGE_CACHE_TIMEOUT)
            response["X-Page-Cache"] = "miss"
        return response
