"""Parsing realistic Elasticsearch responses into the service's results, without a server:
a normal page, an empty result, a partial-shard answer, and the error answers."""

import logging

from django.http import QueryDict

import pytest
from elasticsearch import BadRequestError

from search.engines.database import DatabaseEngine
from search.engines.elasticsearch import ElasticsearchEngine
from search.engines.fallback import FallbackEngine, breaker
from search.query import PracticeQuery
from search.service import SearchResults
from tests.factories import PracticePageFactory, draft

from .es_fakes import FakeClient, api_error, response

pytestmark = pytest.mark.django_db
FACETS = ("agenda", "level", "region", "country", "pillar", "theme")


@pytest.fixture(autouse=True)
def closed_breaker():
    breaker.reset()
    yield
    breaker.reset()


@pytest.fixture
def practices(practice_index):
    return {
        "mediators": PracticePageFactory(
            title="Women mediators of Wajir",
            summary="Market women mediate between clans.",
            description="Elders & <youth> meet monthly with mediators.",
            countries=["KE"],
        ),
        "draft": draft(PracticePageFactory(title="Draft", summary="A mediator since unpublished.")),
        "radio": PracticePageFactory(
            title="Radio programme in Yemen",
            summary="Young women host a weekly radio show.",
            description="Young women host a weekly show. Guests include a mediator from Taiz, "
            "who talks about the dialogues held in the city every month since 2016.",
            countries=["YE"],
        ),
    }


def ids(practices):
    return {name: page.pk for name, page in practices.items()}


def query(params):
    return PracticeQuery.from_params(QueryDict(params))


def engine_answering(answer):
    return ElasticsearchEngine(FakeClient({"search": answer}))


def test_a_normal_page_of_hits(practices):
    results = engine_answering(response("normal", **ids(practices))).search(query("q=mediator"))
    assert isinstance(results, SearchResults)
    assert results.count == 3
    # In the engine's order; the practice unpublished since it was indexed is left out.
    assert [hit.practice for hit in results.hits] == [practices["mediators"], practices["radio"]]
    assert [hit.score for hit in results.hits] == [9.87, 1.25]
    first, second = results.hits
    # The title comes before the description (summary, title, description, as the database).
    assert first.highlight == "Women <mark>mediators</mark> of Wajir"
    # A passage from inside the description, escaped, with an ellipsis on each cut side.
    assert second.highlight == (
        "…weekly show. Guests include a <mark>mediator</mark> from Taiz, who talks…"
    )


def test_facets_are_sorted_by_count_then_value_with_every_facet_present(practices):
    results = engine_answering(response("normal", **ids(practices))).search(query("q=mediator"))
    assert list(results.facets) == list(FACETS)
    assert list(results.facets["agenda"].items()) == [("WPS", 2), ("YPS", 2), ("SP", 1)]
    assert results.facets["country"] == {"KE": 2, "YE": 1}
    assert results.facets["theme"] == {"mediation": 1}


def test_the_hits_are_the_pages_the_templates_use_with_their_relations_prefetched(practices):
    results = engine_answering(response("normal", **ids(practices))).search(query("q=mediator"))
    page = results.hits[0].practice
    assert page.url and page.country_codes == ["KE"]
    assert "countries" in page._prefetched_objects_cache


def test_highlights_escape_html_that_practice_text_contains(practices):
    answer = response("normal", **ids(practices))
    answer["hits"]["hits"][0]["highlight"] = {
        "summary": ['<b>\ue000Mediators\ue001</b> & elders\' "meet".']
    }
    (hit, _) = engine_answering(answer).search(query("q=mediator")).hits
    assert hit.highlight == (
        "&lt;b&gt;<mark>Mediators</mark>&lt;/b&gt; &amp; elders&#x27; &quot;meet&quot;."
    )


def test_without_text_there_are_no_scores_nor_highlights(practices):
    answer = response("normal", **ids(practices))
    for hit in answer["hits"]["hits"]:
        hit["_score"] = None
    results = engine_answering(answer).search(query("sort=title"))
    assert [(hit.score, hit.highlight) for hit in results.hits] == [(None, None), (None, None)]


def test_an_empty_result(practices):
    results = engine_answering(response("empty")).search(query("q=nothing&agenda=XYZ"))
    assert (results.count, results.hits, results.num_pages) == (0, [], 1)
    assert results.facets == {facet: {} for facet in FACETS}


def test_a_partial_shard_answer_is_used_and_logged(practices, caplog):
    with caplog.at_level(logging.WARNING, logger="search.engines.elasticsearch"):
        results = engine_answering(response("partial_shards", **ids(practices))).search(
            query("agenda=YPS")
        )
    assert [hit.practice for hit in results.hits] == [practices["radio"]]
    assert results.count == 1
    assert results.facets["pillar"] == {"participation": 1, "prevention": 1}
    (record,) = caplog.records
    assert "1 of 2 shards" in record.getMessage()
    assert "node_not_connected_exception" in record.getMessage()


def test_a_timed_out_answer_is_used_and_logged(practices, caplog):
    answer = response("empty")
    answer["timed_out"] = True
    with caplog.at_level(logging.WARNING, logger="search.engines.elasticsearch"):
        assert engine_answering(answer).search(query("")).count == 0
    assert "timed out" in caplog.text


def test_a_total_given_as_a_number_by_older_clusters(practices):
    answer = response("empty")
    answer["hits"]["total"] = 4
    assert engine_answering(answer).search(query("")).count == 4


def database_answer(params):
    return DatabaseEngine().search(query(params))


def same_shape(left, right):
    return (
        left.count == right.count
        and [h.practice for h in left.hits] == [h.practice for h in right.hits]
        and [h.highlight for h in left.hits] == [h.highlight for h in right.hits]
        and left.facets == right.facets
    )


def test_a_rejected_request_is_logged_as_an_error_and_answered_from_the_database(practices, caplog):
    error = api_error(400, response("error_400"), BadRequestError)
    engine = FallbackEngine(primary=engine_answering(error))
    with caplog.at_level(logging.WARNING, logger="search.engines.fallback"):
        results = engine.search(query("q=mediator"))
    assert same_shape(results, database_answer("q=mediator"))
    assert results.count == 2
    (record,) = caplog.records
    assert record.levelname == "ERROR"
    assert "search_phase_execution_exception" in record.getMessage()
    # A defect of ours, not an outage: the cluster is asked again next time.
    assert not breaker.is_open()


@pytest.mark.parametrize(("status", "name"), [(503, "error_503"), (404, "index_not_found")])
def test_an_unavailable_cluster_or_missing_index_is_answered_from_the_database(
    practices, caplog, status, name
):
    engine = FallbackEngine(primary=engine_answering(api_error(status, response(name))))
    with caplog.at_level(logging.WARNING, logger="search.engines.fallback"):
        results = engine.search(query("agenda=WPS"))
    assert same_shape(results, database_answer("agenda=WPS"))
    (record,) = caplog.records
    assert record.levelname == "WARNING"
    assert str(status) in record.getMessage()
    assert breaker.is_open()


def test_the_error_description_names_no_address_nor_credentials(practices, caplog):
    engine = FallbackEngine(primary=engine_answering(api_error(503, response("error_503"))))
    with caplog.at_level(logging.WARNING, logger="search.engines.fallback"):
        engine.search(query(""))
    assert "es.invalid" not in caplog.text and "9200" not in caplog.text


def test_partial_when_no_practice_holds_every_word_but_some_hold_most(practices):
    # The all_words aggregation (every word, after every filter) counted none; 3 hold most.
    results = engine_answering(response("most_words", **ids(practices))).search(
        query("q=mediators+radio+wajir&agenda=WPS")
    )
    assert results.partial is True
    assert results.count == 3
    assert [hit.practice for hit in results.hits] == [practices["mediators"], practices["radio"]]
    # The partial aggregation does not disturb the facets' counts.
    assert list(results.facets) == list(FACETS)
    assert list(results.facets["agenda"].items()) == [("WPS", 2), ("YPS", 2), ("SP", 1)]


def test_not_partial_when_some_practice_holds_every_word(practices):
    answer = response("most_words", **ids(practices))
    answer["aggregations"]["all_words"]["doc_count"] = 1
    results = engine_answering(answer).search(query("q=mediators+radio+wajir"))
    assert results.partial is False


def test_not_partial_when_nothing_is_found(practices):
    answer = response("empty")
    answer["aggregations"]["all_words"] = {"doc_count": 0}
    assert engine_answering(answer).search(query("q=mediators+radio")).partial is False


def test_one_word_is_never_partial(practices):
    # One word: every match holds it all; no all_words aggregation is asked for.
    answer = response("most_words", **ids(practices))
    assert engine_answering(answer).search(query("q=mediator")).partial is False
