"""The request body the Elasticsearch engine sends, for every filter, facet, sort and paging
combination. No server: the bodies are built by the engine and compared with what they must be.
"""

import itertools

from django.http import QueryDict

import pytest

from search.engines.elasticsearch import (
    ALL_WORDS_BONUS,
    PLACE_BONUS,
    WORD_BONUS,
    ElasticsearchEngine,
    request_body,
)
from search.query import MAX_TERMS, PracticeQuery

from .es_fakes import FakeClient, response

FACETS = ("agenda", "level", "region", "country", "pillar", "theme")
MATCH_ALL = {"match_all": {}}


def aggs(facet_filters=(), all_words=None):
    """Each facet's terms aggregation inside a filter aggregation of every OTHER facet's
    filter (disjunctive counts); ``facet_filters`` are the active facets' terms clauses. With
    ``all_words``, the filter aggregation of the practices holding every word, after every
    filter (for the partial flag)."""
    result = {}
    for facet in FACETS:
        others = [clause for clause in facet_filters if facet not in clause["terms"]]
        result[facet] = {
            "filter": {"bool": {"filter": others}} if others else MATCH_ALL,
            "aggs": {"values": {"terms": {"field": facet, "size": 500}}},
        }
    if all_words:
        result["all_words"] = {"filter": {"bool": {"filter": [all_words, *facet_filters]}}}
    return result


FIELDS = ["title^4", "summary^3", "body"]


def words(text, **options):
    return {"multi_match": {"query": text, "fields": FIELDS, "type": "cross_fields", **options}}


def phrase(text, slop=0):
    return {"multi_match": {"query": text, "fields": FIELDS, "type": "phrase", "slop": slop}}


def bonus(clause, boost):
    return {"constant_score": {"filter": clause, "boost": boost}}


ALL_WORDS = words("women mediators", operator="and")
# The first pass: every word must match (cross fields), the words close together rank higher.
TEXT = {"must": [ALL_WORDS], "should": [phrase("women mediators", slop=10)]}
# The second pass (fewer practices than a page hold every word): any word matches; all of
# them earn a bonus above everything else, each word held adds to the score, the words close
# together add more.
ANY_TEXT = {
    "must": [words("women mediators", operator="or")],
    "should": [
        bonus(ALL_WORDS, 1000.0),
        bonus(words("women"), 10.0),
        bonus(words("mediators"), 10.0),
        phrase("women mediators", slop=10),
    ],
}
HIGHLIGHT = {
    "pre_tags": ["\ue000"],
    "post_tags": ["\ue001"],
    "require_field_match": False,
    "number_of_fragments": 0,
    "highlight_query": {
        "multi_match": {"query": "women mediators", "fields": ["summary", "title", "description"]}
    },
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


def body(params, every_word=True):
    return request_body(PracticeQuery.from_params(QueryDict(params)), every_word=every_word)


def expected(text=None, filters=(), sort="newest", start=0, size=20, all_words=None):
    """The body; ``text`` the bool clauses of the text, ``filters`` the facets' terms clauses
    (the post_filter) and the years' conditions (the query's filter)."""
    facet_filters = [clause for clause in filters if "terms" in clause]
    query = dict(text or {})
    if years := [clause for clause in filters if "terms" not in clause]:
        query["filter"] = query.get("filter", []) + years
        if "should" in query:
            query["minimum_should_match"] = 0  # the should clauses only score
    if text and "must" in text and len(text["should"]) > 1 and all_words is None:
        all_words = ALL_WORDS
    result = {
        "aggs": aggs(facet_filters, all_words),
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
    if text and "must" in text:
        result["track_scores"] = True
        result["highlight"] = HIGHLIGHT
    return result


def test_no_query_lists_everything_newest_first_with_every_facet():
    assert body("") == expected()


def test_text_ranks_all_words_first_then_most_of_them_with_title_and_summary_boosted():
    assert body("q=women+mediators") == expected(TEXT, sort="relevance")


def test_stop_words_and_repeated_word_forms_are_not_sent():
    sent = body("q=the+women+and+mediators+of+mediator")["query"]["bool"]
    assert sent == TEXT


def test_accents_and_operators_are_sent_as_plain_words():
    sent = body("q=C%C3%B4te+d%27Ivoire+AND+NOT+(peace)")["query"]["bool"]["must"][0]
    assert sent["multi_match"]["query"] == "cote ivoire peace"  # "d": a stop word


def test_at_most_32_words_are_sent():
    many = " ".join(f"word{n}" for n in range(50))
    sent = body(QueryDict(mutable=True).urlencode() + "q=" + many.replace(" ", "+"))
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
        TEXT, filters=[{"terms": {facet: VALUES[facet]}} for facet in FACETS], sort="relevance"
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
    assert body(params) == expected(TEXT if with_text else None, sort=sort)


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
    # No practice holds both words: the second pass follows, to the same alias.
    assert client.calls == [
        ("search", {"index": "net_practices", "body": request_body(query)}),
        ("search", {"index": "net_practices", "body": request_body(query, every_word=False)}),
    ]


@pytest.mark.parametrize("q", ["AND", "NOT", '"', "*", "NEAR(", "(((", "the of and", "ـ"])
def test_queries_without_words_are_not_sent(q):
    # As the database engine: only punctuation or stop words is nothing to look for.
    client = FakeClient()
    results = ElasticsearchEngine(client).search(PracticeQuery(q=q))
    assert client.calls == []
    assert results.count == 0 and results.hits == []
    assert results.facets == {facet: {} for facet in FACETS}


# The plain-language reading of the text, as the database engine's.


def test_the_second_pass_matches_any_word_and_only_it_counts_all_word_matches():
    assert body("q=women+mediators", every_word=False) == expected(ANY_TEXT, sort="relevance")
    assert "all_words" not in body("q=women+mediators")["aggs"]


def pages(totals):
    """A client answering the first search with a total of ``totals[0]``, the next with
    ``totals[1]``..., and the bodies it was sent."""
    answers = iter(totals)

    def search(index, body):
        total = next(answers)
        # The second pass counts the all-word matches: the first pass's total.
        aggregations = (
            {"all_words": {"doc_count": totals[0]}} if "all_words" in body["aggs"] else {}
        )
        return {"hits": {"total": {"value": total}, "hits": []}, "aggregations": aggregations}

    return FakeClient({"search": search})


@pytest.mark.parametrize(
    "q, totals, second",
    [
        ("women mediators", [20], False),  # a page of all-word matches: one request
        ("women mediators", [200], False),
        ("women mediators", [19, 25], True),  # fewer: then any word, after them
        ("women mediators", [0, 3], True),
        ("mediators", [0], False),  # one word: no second pass
        ("-military", [0], False),
    ],
)
def test_any_word_is_asked_for_only_when_fewer_than_a_page_hold_every_word(q, totals, second):
    client = pages(totals)
    query = PracticeQuery(q=q)
    results = ElasticsearchEngine(client).search(query)
    bodies = [kw["body"] for method, kw in client.calls]
    assert bodies[0] == request_body(query)
    assert bodies[1:] == ([request_body(query, every_word=False)] if second else [])
    assert results.count == totals[-1]
    # Partial: no practice holds every word (the first pass found none), some hold some.
    assert results.partial == (totals[0] == 0 and totals[-1] > 0 and second)


def test_every_practice_with_all_the_words_gets_a_bonus_above_any_other_score():
    should = body("q=women+mediators+wajir", every_word=False)["query"]["bool"]["should"]
    assert should[0] == bonus(words("women mediators wajir", operator="and"), ALL_WORDS_BONUS)
    # Coordination: each distinct word held adds the same; proximity: words close together.
    assert should[1:4] == [bonus(words(w), WORD_BONUS) for w in ("women", "mediators", "wajir")]
    assert should[4] == phrase("women mediators wajir", slop=10)
    # What a practice without every word can gain from the bonuses stays far below.
    assert PLACE_BONUS + (MAX_TERMS - 1) * WORD_BONUS < ALL_WORDS_BONUS / 2


def test_the_partial_aggregation_counts_all_word_matches_after_every_filter():
    params = "q=women+mediators&agenda=WPS&region=africa&year_to=2010"
    body_ = body(params, every_word=False)
    agenda = {"terms": {"agenda": ["WPS"]}}
    region = {"terms": {"region": ["africa"]}}
    assert body_["aggs"]["all_words"] == {
        "filter": {"bool": {"filter": [ALL_WORDS, agenda, region]}}
    }
    # The facets' aggregations stay disjunctive, the facet filters a post_filter.
    assert body_["aggs"]["agenda"]["filter"] == {"bool": {"filter": [region]}}
    assert body_["aggs"]["level"]["filter"] == {"bool": {"filter": [agenda, region]}}
    assert body_["post_filter"] == {"bool": {"filter": [agenda, region]}}
    assert body_["query"]["bool"]["filter"] == [{"range": {"start_year": {"lte": 2010}}}]


def test_one_word_needs_no_bonus_nor_partial_aggregation():
    for every_word in (True, False):
        body_ = body("q=mediators", every_word=every_word)
        assert body_["query"] == {"bool": {"must": [words("mediators", operator="and")]}}
        assert "all_words" not in body_["aggs"]


def test_stop_words_are_absent_from_every_clause():
    body_ = body("q=the+role+of+women+in+the+peace+process", every_word=False)
    sent = str(body_["query"]) + str(body_["aggs"]["all_words"])
    assert body_["query"]["bool"]["must"][0]["multi_match"]["query"] == "role women peace process"
    for stop in ("the", "of", "in"):
        assert f"'{stop} " not in sent and f" {stop} " not in sent and f" {stop}'" not in sent


def test_quoted_phrases_must_appear_as_typed_stop_words_kept():
    bool_ = body("q=%22role+of+women%22+mediators")["query"]["bool"]
    assert bool_["filter"] == [phrase("role of women")]
    assert bool_["must"][0]["multi_match"]["query"] == "role women mediators"
    bool_ = body("q=%22peace+huts%22+%22Wajir%22")["query"]["bool"]
    assert bool_["filter"] == [phrase("peace huts"), phrase("wajir")]


def test_excluded_words_and_phrases_must_not_appear():
    bool_ = body("q=mediators+-military+-%22armed+groups%22")["query"]["bool"]
    assert bool_["must_not"] == [phrase("military"), phrase("armed groups")]
    assert bool_["must"][0]["multi_match"]["query"] == "mediators"


def test_a_query_of_exclusions_alone_lists_every_practice_but_those():
    body_ = body("q=-military&agenda=WPS")
    assert body_["query"] == {"bool": {"must_not": [phrase("military")]}}
    assert "highlight" not in body_ and "track_scores" not in body_
    assert "all_words" not in body_["aggs"]
    client = FakeClient({"search": response("empty")})
    ElasticsearchEngine(client).search(PracticeQuery(q="-military"))
    assert client.methods() == ["search"]


def test_places_named_rank_their_practices_higher_below_the_all_words_bonus():
    for every_word in (True, False):
        should = body("q=women+mediators+Kenya", every_word)["query"]["bool"]["should"]
        assert should[-1] == bonus({"terms": {"country": ["KE"]}}, PLACE_BONUS)
        should = body("q=peace+huts+West+Africa", every_word)["query"]["bool"]["should"]
        assert should[-1] == bonus({"terms": {"region": ["africa"]}}, PLACE_BONUS)
        should = body("q=mediators+Kenya+Africa", every_word)["query"]["bool"]["should"]
        both = {
            "bool": {"should": [{"terms": {"country": ["KE"]}}, {"terms": {"region": ["africa"]}}]}
        }
        assert should[-1] == bonus(both, PLACE_BONUS)
    assert PLACE_BONUS < ALL_WORDS_BONUS
    # No place named, no place clause.
    assert "terms" not in str(body("q=women+mediators")["query"])


HOSTILE = [
    'women AND "peace',
    "mediat* OR (title:wajir)",
    "+women -(military) ~2 ^4 {1 TO 5} [a TO z] \\ / ! ?",
    'field:"x" _exists_:title NOT NEAR( <script>alert(1)</script>',
    "'; DROP TABLE practices; --",
    "women\u201cpeace\u201d -\u00abarmed\u00bb \u0640\u0640 \U0001f642",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_text_never_reaches_elasticsearch_as_query_syntax(q):
    body_ = request_body(PracticeQuery(q=q))
    sent = str(body_)
    assert "query_string" not in sent and "simple_query_string" not in sent

    def texts(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("multi_match", "match", "match_phrase"):
                    yield value["query"]
                else:
                    yield from texts(value)
        elif isinstance(node, list):
            for item in node:
                yield from texts(item)

    found = list(texts(body_))
    assert found, q
    for text in found:
        assert all(word.isascii() and word.isalnum() for word in text.split()), text
