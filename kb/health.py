"""Health endpoints for load balancers, process supervisors and monitoring.

``/health/live/``: the process answers (no database, no cache): restart it when this fails.
``/health/ready/``: every part a request needs, each with its own entry, 503 when a required
one fails (take the instance out of rotation):

- ``database``: a query answers;
- ``cache``: a value written to the default cache reads back (rate limits count there);
- ``storage``: a small file written to the media storage reads back and is removed;
- ``tasks``: on the database task backend, how many tasks wait and how old the oldest is; a
  task waiting longer than ``HEALTH_TASK_MAX_AGE`` seconds (default 600) means no worker runs;
- ``search``: the search engine (``search.health``); Elasticsearch being down is reported but
  is not a failure, since the site then answers from the database.

JSON, never cached, and nothing in it names an address, a user, a path or a key.

Anyone may ask, and each full round writes to the cache and to the media storage and queries
the database and the search engine (and a failing part logs an error, which is mailed to
ADMINS): each process runs the checks at most once every ``HEALTH_READY_INTERVAL`` seconds
(default 5) and answers the requests in between with that round's result, so a flood of
requests costs no more than one supervisor polling.
"""

import logging
import secrets
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from search import health as search_health

logger = logging.getLogger(__name__)


def _answer(report, status):
    # never_cache on the views makes it "no-store" (and private) for every proxy and browser.
    return JsonResponse(report, status=status)


@never_cache
@require_GET
def live(request):
    return _answer({"status": "ok"}, 200)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok"}


def check_cache():
    key = f"kb-health:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    cache.set(key, value, timeout=30)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return the value written")
    finally:
        cache.delete(key)
    return {"status": "ok"}


def check_storage():
    content = secrets.token_hex(8).encode()
    name = default_storage.save(f"health/{secrets.token_hex(8)}.txt", ContentFile(content))
    try:
        with default_storage.open(name) as handle:
            if handle.read() != content:
                raise RuntimeError("the storage did not return the file written")
    finally:
        default_storage.delete(name)
    return {"status": "ok"}


def check_tasks():
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks_db.DatabaseBackend":
        return {"status": "ok", "backend": backend.rsplit(".", 1)[-1]}
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready()
    depth = waiting.count()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    age = round((timezone.now() - oldest).total_seconds(), 1) if oldest else 0
    report = {"backend": "DatabaseBackend", "waiting": depth, "oldest_waiting_seconds": age}
    if age > settings.HEALTH_TASK_MAX_AGE:
        report["status"] = "stale"
        report["error"] = "tasks wait longer than HEALTH_TASK_MAX_AGE: is the worker running?"
    else:
        report["status"] = "ok"
    return report


def check_search():
    report, status = search_health.check()
    return {**report, "required": False}


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "tasks": check_tasks,
    "search": check_search,
}
OPTIONAL = {"search"}


# The last round of checks in this process: (monotonic time it ended, report, status).
LAST_ROUND = {"at": None, "answer": None}
ROUND_LOCK = threading.Lock()


@never_cache
@require_GET
def ready(request):
    interval = getattr(settings, "HEALTH_READY_INTERVAL", 5)
    with ROUND_LOCK:
        at = LAST_ROUND["at"]
        if at is not None and time.monotonic() - at < interval:
            return _answer(*LAST_ROUND["answer"])
        report, status = run_checks()
        LAST_ROUND.update(at=time.monotonic(), answer=(report, status))
    return _answer(report, status)


def run_checks():
    started = time.monotonic()
    report = {}
    healthy = True
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as error:
            logger.exception("Readiness check %r failed", name)
            report[name] = {"status": "unavailable", "error": type(error).__name__}
        if name not in OPTIONAL and report[name]["status"] != "ok":
            healthy = False
    return (
        {
            "status": "ok" if healthy else "unavailable",
            "checks": report,
            "took_ms": round((time.monotonic() - started) * 1000, 1),
        },
        200 if healthy else 503,
    )
