"""The node stopped mid-traffic, then back: answers come from the database engine within the
configured timeout, the health checks say so, the breaker opens; once the node answers again
and the retry interval has passed, the cluster answers again, and a rebuild repairs what it
missed.

Against the real node of scripts/with-search-node only: the node is frozen with SIGSTOP (so
it hangs like a dead host: connections open, nothing answers) and always thawed with SIGCONT.
It stops the shared node, so it runs in a single process (``-p no:xdist``), as .ci/run does.
"""

import os
import signal
import time

from django.test import Client

import pytest

from kb import health
from search.engines import es_index
from search.engines.elasticsearch import get_client
from search.engines.fallback import breaker
from search.engines.transport import reset_clients
from search.query import PracticeQuery
from search.service import search_practices
from tests.factories import PracticePageFactory

from .test_es_live import elasticsearch_engine, live_cluster  # noqa: F401 (autouse fixture)

TIMEOUT = 1.0  # ELASTICSEARCH_TIMEOUT in these tests, seconds
RETRY_AFTER = 2.0  # ELASTICSEARCH_RETRY_AFTER

pytestmark = [
    pytest.mark.skipif(
        live_cluster() is None or not os.environ.get("SEARCH_NODE_PID"),
        reason="OPENSEARCH_URL and SEARCH_NODE_PID are not set: no search node of our own to "
        "stop (scripts/with-search-node starts one; it needs Java and Maven)",
    ),
    pytest.mark.django_db,
]


@pytest.fixture
def frozen_node():
    """freeze(): the node stops answering (SIGSTOP); thawed (SIGCONT) at the latest at the
    end of the test, and waited for until its health is yellow again."""
    pid = int(os.environ["SEARCH_NODE_PID"])
    state = {"frozen": False}

    def freeze():
        os.kill(pid, signal.SIGSTOP)
        state["frozen"] = True

    def thaw():
        if state["frozen"]:
            os.kill(pid, signal.SIGCONT)
            state["frozen"] = False
            reset_clients()
            deadline = time.monotonic() + 30
            while True:
                try:
                    if get_client().cluster.health().get("status") in ("yellow", "green"):
                        break
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                time.sleep(0.2)

    freeze.thaw = thaw
    try:
        yield freeze
    finally:
        thaw()


@pytest.fixture
def fallback_engine(settings):
    """The site's engine as configured in production: the cluster first, the database when
    the cluster cannot answer; short timeouts."""
    settings.PRACTICE_SEARCH_ENGINE = "search.engines.fallback.FallbackEngine"
    settings.ELASTICSEARCH_TIMEOUT = TIMEOUT
    settings.ELASTICSEARCH_RETRY_AFTER = RETRY_AFTER
    settings.HEALTH_READY_INTERVAL = 0
    reset_clients()
    breaker.reset()
    health.LAST_ROUND.update(at=None, answer=None)
    yield
    breaker.reset()
    reset_clients()


def timed(text):
    started = time.monotonic()
    results = search_practices(PracticeQuery(q=text))
    return results, time.monotonic() - started


def titles(results):
    return [hit.practice.title for hit in results.hits]


def test_a_frozen_node_is_answered_for_by_the_database_then_resumes(
    fallback_engine, frozen_node, django_capture_on_commit_callbacks
):
    PracticePageFactory(
        title="Women mediators of Wajir", summary="Clan elders meet.", description="Monthly."
    )
    es_index.rebuild(get_client(), "practices")
    # The node answers: the practice it holds is found, through the cluster.
    results, _ = timed("mediators")
    assert titles(results) == ["Women mediators of Wajir"]
    assert not breaker.is_open()

    frozen_node()
    # Published while the node hangs: the update task fails (logged, not raised), so the
    # node misses it; the database has it.
    with django_capture_on_commit_callbacks(execute=True):
        PracticePageFactory(
            title="Peace huts", summary="Women hold dialogues in huts.", description="Weekly."
        )
    # The first search waits for the timeout (one retry at most), then the database answers,
    # with what the node missed.
    results, elapsed = timed("huts")
    assert titles(results) == ["Peace huts"]
    assert elapsed < 2 * TIMEOUT + 1.0, elapsed
    assert breaker.is_open()
    # The breaker is open: the next searches do not wait for the node at all.
    results, elapsed = timed("mediators")
    assert titles(results) == ["Women mediators of Wajir"]
    assert elapsed < 0.5 * TIMEOUT, elapsed

    # The search health check: 503, the database answers.
    started = time.monotonic()
    answer = Client().get("/health/search/")
    assert time.monotonic() - started < 2 * 2.0 + 1.0  # its own 2 s timeout, one retry
    assert answer.status_code == 503
    assert answer.json()["status"] == "unavailable"
    assert answer.json()["fallback"] == "database"
    # Readiness: the search engine is optional (the database answers), so the instance stays
    # in rotation, and the report says the search engine is down.
    answer = Client().get("/health/ready/")
    assert answer.status_code == 200, answer.json()
    search = answer.json()["checks"]["search"]
    assert search["status"] == "unavailable" and search["required"] is False

    frozen_node.thaw()
    # The health checks' own failures kept the breaker open: wait out the retry interval.
    time.sleep(max(0.0, breaker.open_until - time.monotonic()) + 0.1)
    assert not breaker.is_open()
    # The node answers again: it does not know the practice published while it hung...
    results, elapsed = timed("huts")
    assert results.count == 0 and titles(results) == []
    assert not breaker.is_open()
    assert Client().get("/health/search/").status_code == 200
    # ... until a rebuild repairs it.
    es_index.rebuild(get_client(), "practices")
    results, _ = timed("huts")
    assert titles(results) == ["Peace huts"]
    assert timed("mediators huts")[0].count == 2


def test_traffic_through_a_freeze_never_fails_and_never_waits_past_the_timeout(
    fallback_engine, frozen_node
):
    for n in range(5):
        PracticePageFactory(title=f"Radio show {n}", summary="Women host a radio show.")
    es_index.rebuild(get_client(), "practices")
    answers = []
    for step in range(30):
        if step == 5:
            frozen_node()
        if step == 20:
            frozen_node.thaw()
            time.sleep(RETRY_AFTER + 0.2)
        results, elapsed = timed("radio show")
        answers.append((results.count, elapsed))
    assert [count for count, _ in answers] == [5] * 30
    assert max(elapsed for _, elapsed in answers) < 2 * TIMEOUT + 1.0
    # Only the first search after the freeze waited for the timeout; the breaker spared the rest.
    assert sum(1 for _, elapsed in answers[5:20] if elapsed >= TIMEOUT) <= 1
    assert not breaker.is_open()
