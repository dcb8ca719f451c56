"""The search health check, ``/health/search/``: for load balancers and monitoring.

200 when the configured engine can answer, 503 when it cannot. On a cluster (Elasticsearch or
OpenSearch, named as ``engine``), 503 means the
site is answering from the database (see ``search.engines.fallback``): searches still work, but
the cluster needs attention. The answer names no address, user or key.
"""

import logging

from django.db import DatabaseError
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from practices.models import PracticePage

logger = logging.getLogger(__name__)


def _database():
    try:
        return {"engine": "database", "status": "ok", "documents": _live_practices()}, 200
    except DatabaseError:
        logger.exception("Search health check: the database cannot be read")
        return {"engine": "database", "status": "unavailable"}, 503


def _live_practices():
    return PracticePage.objects.live().public().count()


def _cluster(name):
    from .engines.elasticsearch import ElasticsearchEngine
    from .engines.errors import describe, is_unavailable
    from .engines.fallback import breaker

    report = {"engine": name}
    try:
        report.update(ElasticsearchEngine().health())
    except Exception as error:
        if not is_unavailable(error):
            raise
        logger.warning("Search health check: %s is unavailable (%s)", name, describe(error))
        report.update(status="unavailable", error=describe(error), fallback="database")
        return report, 503
    if report.get("cluster_status") == "red":
        report.update(status="unavailable", fallback="database")
        return report, 503
    report["status"] = "degraded" if breaker.is_open() else "ok"
    return report, 200


def check():
    """(report, HTTP status) of the configured engine; also part of ``/health/ready/``."""
    from .engines.transport import engine

    name = engine()
    if name is not None:
        return _cluster(name)
    return _database()


@never_cache
@require_GET
def search_health(request):
    report, status = check()
    return JsonResponse(report, status=status)
