"""The request body the Elasticsearch engine sends, for every filter, facet, sort and paging
combination. No server: the bodies are built by the engine and compared with what they must be.
"""

import itertools

from django.http import QueryDict

import pytest

from search.engines.elasticsearch import ElasticsearchEngine, request_body
from search.query import PracticeQuery

from .es_fakes import FakeClient, response

FACETS = ("agenda", "level", "region", "country", "pillar", "theme")
MATCH_ALL = {"match_all": {}}


def aggs(facet_filters=()):
    """Each facet's terms aggregation inside a filter aggregation of every OTHER facet's
    filter (disjunctive counts); ``facet_filters`` are the active facets' terms clauses."""
    result = {}
    for facet in FACETS:
        others = [clause for clause in facet_filters if facet not in clause["terms"]]
        result[facet] = {
            "filter": {"bool": {"filter": others}} if others else MATCH_ALL,
            "aggs": {"values": {"terms": {"field": facet, "size": 500}}},
        }
    return result


TEXT = {
    "multi_match": {
        "query": "women mediators",
        "fields": ["title^4", "summary^3", "body"],
        "type": "cross_fields",
        "operator": "and",
    }
}
HIGHLIGHT = {
    "pre_tags": ["\ue000"],
    "post_tags": ["\ue001"],
    "require_field_match": False,
    "number_of_fragments": 0,
    "fields": {
        "summary": {},
        "title": {},
        "description": {"number_of_fragments": 1, "fragment_size": 220},
    },
}
SORTS = {
    "relevance": [
        {"_score": {"order": "desc"}},
        {"first_published_at": {"order": "desc"}},
        {"id": {"order": "desc"}},
    ],
    "newest": [{"first_published_at": {"order": "desc"}}, {"id": {"order": "desc"}}],
    "title": [{"title.sort": {"order": "asc"}}, {"id": {"order": "asc"}}],
}
VALUES = {
    "agenda": ["WPS", "YPS"],
    "level": ["local", "national"],
    "region": ["africa", "arab-states"],
    "country": ["KE", "YE"],
    "pillar": ["prevention", "participation"],
    "theme": ["mediation", "early warning"],
}


def body(params):
    return request_body(PracticeQuery.from_params(QueryDict(params)))


def expected(must=None, filters=(), sort="newest", start=0, size=20, text=False):
    """The body; ``filters`` are the facets' terms clauses (the post_filter) and the years'
    conditions (the query's filter)."""
    facet_filters = [clause for clause in filters if "terms" in clause]
    query = {}
    if must:
        query["must"] = [must]
    if years := [clause for clause in filters if "terms" not in clause]:
        query["filter"] = years
    result = {
        "aggs": aggs(facet_filters),
        "sort": SORTS[sort],
        "track_total_hits": True,
        "from": start,
        "size": size,
        "_source": False,
    }
    if query:
        result["query"] = {"bool": query}
    if facet_filters:
        result["post_filter"] = {"bool": {"filter": facet_filters}}
    if text:
        result["track_scores"] = True
        result["highlight"] = HIGHLIGHT
    return result


def test_no_query_lists_everything_newest_first_with_every_facet():
    assert body("") == expected()


def test_text_must_match_every_word_in_any_field_with_title_and_summary_boosted():
    assert body("q=women+mediators") == expected(TEXT, sort="relevance", text=True)


def test_stop_words_and_repeated_word_forms_are_not_sent():
    sent = body("q=the+women+and+mediators+of+mediator")["query"]["bool"]["must"][0]
    assert sent["multi_match"]["query"] == "women mediators"


def test_accents_and_operators_are_sent_as_plain_words():
    sent = body("q=C%C3%B4te+d%27Ivoire+AND+NOT+(peace)")["query"]["bool"]["must"][0]
    assert sent["multi_match"]["query"] == "cote d ivoire peace"


def test_at_most_32_words_are_sent():
    words = " ".join(f"word{n}" for n in range(50))
    sent = body(QueryDict(mutable=True).urlencode() + "q=" + words.replace(" ", "+"))
    assert len(sent["query"]["bool"]["must"][0]["multi_match"]["query"].split()) == 32


@pytest.mark.parametrize("facet", FACETS)
@pytest.mark.parametrize("count", [1, 2])
def test_each_facet_filters_with_its_values_ored(facet, count):
    values = VALUES[facet][:count]
    params = "&".join(f"{facet}={v.replace(' ', '+')}" for v in values)
    assert body(params) == expected(filters=[{"terms": {facet: values}}])


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(FACETS, 2)))
def test_two_facets_are_anded_in_facet_order(first, second):
    params = f"{second}={VALUES[second][0]}&{first}={VALUES[first][0]}".replace(" ", "+")
    assert body(params) == expected(
        filters=[{"terms": {first: [VALUES[first][0]]}}, {"terms": {second: [VALUES[second][0]]}}]
    )


def test_every_facet_at_once_with_text():
    params = "q=women+mediators&" + "&".join(
        f"{facet}={value.replace(' ', '+')}" for facet in FACETS for value in VALUES[facet]
    )
    assert body(params) == expected(
        TEXT,
        filters=[{"terms": {facet: VALUES[facet]}} for facet in FACETS],
        sort="relevance",
        text=True,
    )


def test_facet_filters_are_a_post_filter_and_each_facet_counts_with_the_others_filters():
    # Written out: agenda counted with region's filter, region with agenda's, the others with
    # both; the years stay in the query, so every count keeps them.
    body_ = body("region=africa&agenda=WPS&agenda=YPS&year_to=2010")
    agenda = {"terms": {"agenda": ["WPS", "YPS"]}}
    region = {"terms": {"region": ["africa"]}}
    assert body_["query"] == {"bool": {"filter": [{"range": {"start_year": {"lte": 2010}}}]}}
    assert body_["post_filter"] == {"bool": {"filter": [agenda, region]}}
    assert body_["aggs"]["agenda"] == {
        "filter": {"bool": {"filter": [region]}},
        "aggs": {"values": {"terms": {"field": "agenda", "size": 500}}},
    }
    assert body_["aggs"]["region"] == {
        "filter": {"bool": {"filter": [agenda]}},
        "aggs": {"values": {"terms": {"field": "region", "size": 500}}},
    }
    for facet in ("level", "country", "pillar", "theme"):
        assert body_["aggs"][facet]["filter"] == {"bool": {"filter": [agenda, region]}}


def test_without_facet_filters_there_is_no_post_filter_and_counts_are_unfiltered():
    body_ = body("q=women+mediators&year_from=1995")
    assert "post_filter" not in body_
    for facet in FACETS:
        assert body_["aggs"][facet]["filter"] == MATCH_ALL


def test_alpha3_country_codes_are_sent_as_alpha2():
    assert body("country=KEN&country=civ") == expected(
        filters=[{"terms": {"country": ["KE", "CI"]}}]
    )


YEAR_FROM = [
    {"exists": {"field": "start_year"}},
    {"bool": {"must_not": [{"range": {"end_year": {"lt": 1995}}}]}},
]
YEAR_TO = [{"range": {"start_year": {"lte": 2010}}}]


@pytest.mark.parametrize(
    ("params", "filters"),
    [
        ("year_from=1995", YEAR_FROM),
        ("year_to=2010", YEAR_TO),
        ("year_from=1995&year_to=2010", YEAR_FROM + YEAR_TO),
    ],
)
def test_year_range_keeps_overlapping_periods(params, filters):
    assert body(params) == expected(filters=filters)


def test_year_range_comes_after_the_facets():
    assert body("year_to=2010&agenda=SP") == expected(
        filters=[{"terms": {"agenda": ["SP"]}}, *YEAR_TO]
    )


@pytest.mark.parametrize("sort", ["relevance", "newest", "title"])
@pytest.mark.parametrize("with_text", [True, False])
def test_each_sort_with_its_tie_breakers(sort, with_text):
    params = f"sort={sort}" + ("&q=women+mediators" if with_text else "")
    assert body(params) == expected(TEXT if with_text else None, sort=sort, text=with_text)


def test_default_sort_is_relevance_with_text_and_newest_without():
    assert body("q=women+mediators")["sort"] == SORTS["relevance"]
    assert body("")["sort"] == SORTS["newest"]


@pytest.mark.parametrize(
    ("params", "start", "size"),
    [
        ("", 0, 20),
        ("page=2", 20, 20),
        ("page_size=7&page=3", 14, 7),
        ("page_size=100&page=100", 9900, 100),
        ("page_size=1&page=10000", 9999, 1),
    ],
)
def test_paging(params, start, size):
    assert body(params) == expected(start=start, size=size)


@pytest.mark.parametrize("params", ["page_size=100&page=101", "page=501", "page=100000"])
def test_pages_beyond_the_result_window_ask_only_the_count_and_facets(params):
    assert body(params) == expected(start=0, size=0)


def test_the_engine_sends_the_body_to_the_practices_alias(settings):
    settings.ELASTICSEARCH_INDEX_PREFIX = "net_"
    client = FakeClient({"search": response("empty")})
    query = PracticeQuery.from_params(QueryDict("q=women+mediators&agenda=WPS&sort=title"))
    ElasticsearchEngine(client).search(query)
    assert client.calls == [("search", {"index": "net_practices", "body": request_body(query)})]


@pytest.mark.parametrize("q", ["AND", "NOT", '"', "*", "NEAR(", "(((", "the of and", "ـ"])
def test_queries_without_words_are_not_sent(q):
    # As the database engine: only punctuation or stop words is nothing to look for.
    client = FakeClient()
    results = ElasticsearchEngine(client).search(PracticeQuery(q=q))
    assert client.calls == []
    assert results.count == 0 and results.hits == []
    assert results.facets == {facet: {} for facet in FACETS}
