"""An engine that asks the cluster (Elasticsearch or OpenSearch) first and the database when
the cluster cannot answer.

The database engine's index is always kept up to date (Wagtail updates every configured search
backend, and the facet rows are the database's own), so it can answer at any moment. When the
cluster is unreachable, times out, answers a server error or has lost its index, the search is
answered from the database and a warning is logged; the site never fails because of the
cluster. After such a failure the cluster is left alone for ``ELASTICSEARCH_RETRY_AFTER``
seconds (a circuit breaker), so that a dead cluster does not cost every request a timeout.

A request the cluster rejects as malformed (a 400) is a defect of ours, not an outage: it is
logged as an error with its reason, and answered from the database too.
"""

import logging
import threading
import time

from django.conf import settings

from ..service import PracticeSearchEngine
from .database import DatabaseEngine
from .errors import describe, is_outage, is_unavailable
from .transport import LABEL

logger = logging.getLogger(__name__)


class CircuitBreaker:
    """Open for ``retry_after`` seconds after a failure; closed again after a success."""

    def __init__(self):
        self._lock = threading.Lock()
        self.open_until = 0.0
        self.last_error = ""

    def is_open(self, now=None):
        return (now if now is not None else time.monotonic()) < self.open_until

    def trip(self, error, retry_after):
        with self._lock:
            self.open_until = time.monotonic() + retry_after
            self.last_error = error

    def reset(self):
        with self._lock:
            self.open_until = 0.0
            self.last_error = ""


# One per process: engines are created per request by search.service.get_engine().
breaker = CircuitBreaker()


class FallbackEngine(PracticeSearchEngine):
    """Elasticsearch first, the database engine when the cluster cannot answer."""

    def __init__(self, primary=None, fallback=None):
        if primary is None:
            from .elasticsearch import ElasticsearchEngine

            primary = ElasticsearchEngine()
        self.primary = primary
        self.fallback = fallback or DatabaseEngine()

    @property
    def name(self):
        return self.primary.name

    def _call(self, what, primary_call, fallback_call):
        if breaker.is_open():
            return fallback_call()
        try:
            result = primary_call()
        except Exception as error:
            if not is_unavailable(error):
                raise
            description = describe(error)
            if is_outage(error):
                retry_after = getattr(settings, "ELASTICSEARCH_RETRY_AFTER", 30)
                breaker.trip(description, retry_after)
                logger.warning(
                    "%s is unavailable (%s): %s answered from the database; next try in %s s",
                    LABEL.get(self.name, self.name),
                    description,
                    what,
                    retry_after,
                )
            else:
                logger.error(
                    "%s refused the %s request (%s): answered from the database",
                    LABEL.get(self.name, self.name),
                    what,
                    description,
                )
            return fallback_call()
        breaker.reset()
        return result

    def search(self, query):
        return self._call(
            "practice search",
            lambda: self.primary.search(query),
            lambda: self.fallback.search(query),
        )

    def related_provisions(self, subject, limit=5):
        return self._call(
            "provision suggestions",
            lambda: self.primary.related_provisions(subject, limit=limit),
            lambda: self.fallback.related_provisions(subject, limit=limit),
        )

    def related_practices(self, provision, limit=5):
        return self._call(
            "practice suggestions",
            lambda: self.primary.related_practices(provision, limit=limit),
            lambda: self.fallback.related_practices(provision, limit=limit),
        )
