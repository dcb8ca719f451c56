"""Switching engines changes no response: the JSON API, the CSV export, the Atom feed and the
listing page answer the same bytes whether the database engine or the Elasticsearch engine
(through its fallback wrapper, as configured at scale) answered.

No server: the Elasticsearch client is a fake that answers each search request with what a
cluster holding the same practices would send, derived from the database engine's answer, so
the Elasticsearch engine's whole path (request, response parsing, pages read back) is used.
"""

import html

from django.test import Client

import pytest

from search.engines.database import DatabaseEngine
from search.engines.elasticsearch import MARK_END, MARK_START, ElasticsearchEngine
from search.engines.fallback import FallbackEngine, breaker
from tests.factories import OrganisationFactory, PracticePageFactory

from .es_fakes import FakeClient

pytestmark = pytest.mark.django_db


def raw_highlight(marked):
    """The database engine's highlight as Elasticsearch sends it: plain text with markers."""
    return html.unescape(marked.replace("<mark>", MARK_START).replace("</mark>", MARK_END))


def cluster_answer(query):
    results = DatabaseEngine().search(query)
    hits = []
    for hit in results.hits:
        raw = {"_id": str(hit.practice.pk), "_score": hit.score}
        if hit.highlight:
            raw["highlight"] = {"summary": [raw_highlight(hit.highlight)]}
        hits.append(raw)
    return {
        "timed_out": False,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {"total": {"value": results.count, "relation": "eq"}, "hits": hits},
        "aggregations": {
            facet: {
                "doc_count": max(counts.values(), default=0),
                "values": {"buckets": [{"key": k, "doc_count": n} for k, n in counts.items()]},
            }
            for facet, counts in results.facets.items()
        },
    }


class MirrorEngine(ElasticsearchEngine):
    requests = []

    def __init__(self):
        super().__init__(FakeClient({"search": lambda **kwargs: cluster_answer(self._query)}))

    def search(self, query):
        self._query = query
        MirrorEngine.requests.append(query)
        return super().search(query)


class ConfiguredAtScale(FallbackEngine):
    def __init__(self):
        super().__init__(primary=MirrorEngine())


@pytest.fixture
def practices(practice_index):
    PracticePageFactory(
        title="Women mediators of Wajir",
        summary="Market women <mediate> between clans & elders.",
        countries=["KE"],
        organisations=[OrganisationFactory(name="Wajir Peace Women")],
        themes=["mediation"],
        start_year=1993,
        end_year=1995,
    )
    PracticePageFactory(
        title="Peace huts of Côte d'Ivoire",
        summary="Women hold dialogues in peace huts.",
        countries=["CI"],
        agendas=["WPS", "YPS"],
        level="national",
        start_year=2015,
    )
    PracticePageFactory(
        title="Radio programme in Yemen",
        summary="Young women host a weekly radio show.",
        description="Guests include a mediator from Taiz.",
        countries=["YE"],
        agendas=["YPS"],
    )


URLS = [
    "/api/v1/practices/",
    "/api/v1/practices/?q=mediator",
    "/api/v1/practices/?q=women&agenda=YPS&sort=title&page_size=1&page=2",
    "/api/v1/practices/?region=africa&year_from=1990&year_to=2000",
    "/api/v1/practices/?agenda=XYZ",
    "/practices/export.csv?q=women",
    "/practices/feed/?agenda=WPS",
    "/practices/?q=mediator&country=KE",
    "/practices/?q=%F0%9F%99%82",
]


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("url", URLS)
def test_switching_engines_changes_no_response(settings, practices, url):
    breaker.reset()
    settings.PRACTICE_SEARCH_ENGINE = "search.engines.database.DatabaseEngine"
    on_database = Client().get(url)
    settings.PRACTICE_SEARCH_ENGINE = "tests.search.test_es_same_shape.ConfiguredAtScale"
    MirrorEngine.requests = []
    on_elasticsearch = Client().get(url)
    assert on_database.status_code == on_elasticsearch.status_code == 200
    assert on_database["Content-Type"] == on_elasticsearch["Content-Type"]
    assert body(on_elasticsearch) == body(on_database)
    assert MirrorEngine.requests, "the Elasticsearch engine was not asked"
    assert not breaker.is_open()
