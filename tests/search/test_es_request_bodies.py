"""The requests the Elasticsearch engine sends, for every filter, facet, sort and paging
combination. No server: the bodies are built by the engine and compared with what they must be.

A pass is a few requests sent together (``pass_bodies``): the counts (the exact total and the
facets without a filter, no scoring), one count per filtered facet (disjunctive), then the
page, or for several words in relevance order the window of candidates the page is then ranked
from (``page_body`` over their ids).
"""

import itertools

from django.http import QueryDict

import pytest

from search.engines.elasticsearch import (
    ALL_WORDS_BONUS,
    PLACE_BONUS,
    PROXIMITY_WINDOW,
    WORD_BONUS,
    ElasticsearchEngine,
    candidates_body,
    counts_body,
    facet_body,
    page_body,
    pass_bodies,
)
from search.query import MAX_TERMS, PracticeQuery
from tests.factories import PracticePageFactory

from .es_fakes import FakeClient, response

FACETS = ("agenda", "level", "region", "country", "pillar", "theme")
MATCH_ALL = {"match_all": {}}


def values_of(facet):
    """A facet's terms aggregation, in the filter aggregation ``facet_counts`` reads."""
    return {"filter": MATCH_ALL, "aggs": {"values": {"terms": {"field": facet, "size": 500}}}}


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


def query(params):
    return PracticeQuery.from_params(QueryDict(params))


def page(params, every_word=True, ids=None):
    return page_body(query(params), every_word=every_word, ids=ids)


def counts(params, every_word=True):
    return counts_body(query(params), every_word=every_word)


def text_of(params, every_word=True):
    """The text's bool clauses, as the page ranks with them."""
    return page(params, every_word)["query"]["bool"]["must"][0]["bool"]


def matching(text):
    """The text's clauses a practice must meet (those a count is over): no scoring clause."""
    return {key: value for key, value in text.items() if key != "should"}


def expected_page(text=None, filters=(), sort="newest", start=0, size=20):
    """The page's request: ``text`` the bool clauses of the text, ``filters`` the years' and
    the facets' conditions, in that order."""
    clauses = {}
    if text:
        clauses["must"] = [{"bool": text}]
    if filters:
        clauses["filter"] = list(filters)
    result = {
        "sort": SORTS[sort],
        "track_total_hits": False,
        "from": start,
        "size": size,
        "_source": False,
    }
    if clauses:
        result["query"] = {"bool": clauses}
    if text and "must" in text:
        result["track_scores"] = True
        result["highlight"] = HIGHLIGHT
    return result


def expected_counts(text=None, filters=(), all_words=None):
    """The counts' request: size 0, the exact total, every facet without a filter of its own
    counted over the text's matches and every filter; with ``all_words``, the practices holding
    every word among them."""
    conditions = ([{"bool": matching(text)}] if text else []) + list(filters)
    filtered = {facet for clause in filters if "terms" in clause for facet in clause["terms"]}
    aggs = {facet: values_of(facet) for facet in FACETS if facet not in filtered}
    if all_words:
        aggs["all_words"] = {"filter": all_words}
    result = {"size": 0, "track_total_hits": True}
    if aggs:
        result["aggs"] = aggs
    if conditions:
        result["query"] = {"bool": {"filter": conditions}}
    return result


def expected_facet(facet, text=None, filters=()):
    """A filtered facet's request: its values over the text's matches, the years and every
    other facet's filter, not its own."""
    conditions = ([{"bool": matching(text)}] if text else []) + [
        clause for clause in filters if facet not in clause.get("terms", {})
    ]
    result = {"size": 0, "track_total_hits": False, "aggs": {facet: values_of(facet)}}
    if conditions:
        result["query"] = {"bool": {"filter": conditions}}
    return result


def test_no_query_lists_everything_newest_first_with_every_facet():
    assert pass_bodies(query("")) == [expected_counts(), expected_page()]


def test_text_ranks_all_words_first_with_title_and_summary_boosted():
    assert page("q=women+mediators") == expected_page(TEXT, sort="relevance")
    assert counts("q=women+mediators") == expected_counts(TEXT)


def test_counts_never_score():
    # Counted in filter context: no clause that only scores (proximity, bonuses, places).
    for every_word in (True, False):
        sent = counts("q=women+mediators+Kenya", every_word)
        assert set(sent["query"]) == {"bool"} and set(sent["query"]["bool"]) == {"filter"}
        assert "should" not in str(sent) and "constant_score" not in str(sent)
        assert sent["size"] == 0 and "sort" not in sent and "highlight" not in sent


def test_stop_words_and_repeated_word_forms_are_not_sent():
    assert text_of("q=the+women+and+mediators+of+mediator") == TEXT


def test_accents_and_operators_are_sent_as_plain_words():
    sent = text_of("q=C%C3%B4te+d%27Ivoire+AND+NOT+(peace)")["must"][0]
    assert sent["multi_match"]["query"] == "cote ivoire peace"  # "d": a stop word


def test_at_most_32_words_are_sent():
    many = " ".join(f"word{n}" for n in range(50))
    sent = text_of("q=" + many.replace(" ", "+"))
    assert len(sent["must"][0]["multi_match"]["query"].split()) == 32


@pytest.mark.parametrize("facet", FACETS)
@pytest.mark.parametrize("count", [1, 2])
def test_each_facet_filters_with_its_values_ored(facet, count):
    values = VALUES[facet][:count]
    params = "&".join(f"{facet}={v.replace(' ', '+')}" for v in values)
    filters = [{"terms": {facet: values}}]
    assert pass_bodies(query(params)) == [
        expected_counts(filters=filters),
        expected_facet(facet, filters=filters),
        expected_page(filters=filters),
    ]
    # Counted without its own filter: every value of it stays, with what it would add.
    assert "query" not in facet_body(query(params), facet)


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(FACETS, 2)))
def test_two_facets_are_anded_in_facet_order(first, second):
    params = f"{second}={VALUES[second][0]}&{first}={VALUES[first][0]}".replace(" ", "+")
    filters = [{"terms": {first: [VALUES[first][0]]}}, {"terms": {second: [VALUES[second][0]]}}]
    assert pass_bodies(query(params)) == [
        expected_counts(filters=filters),
        expected_facet(first, filters=filters),
        expected_facet(second, filters=filters),
        expected_page(filters=filters),
    ]


def test_every_facet_at_once_with_text():
    params = "q=women+mediators&" + "&".join(
        f"{facet}={value.replace(' ', '+')}" for facet in FACETS for value in VALUES[facet]
    )
    filters = [{"terms": {facet: VALUES[facet]}} for facet in FACETS]
    assert page(params) == expected_page(TEXT, filters=filters, sort="relevance")
    assert counts(params) == expected_counts(TEXT, filters=filters)
    assert "aggs" not in counts(params)  # every facet is counted by a request of its own
    for facet in FACETS:
        assert facet_body(query(params), facet) == expected_facet(facet, TEXT, filters)


def test_each_facet_counts_with_the_others_filters_and_the_years():
    # Written out: agenda counted with region's filter, region with agenda's, the others (in
    # the counts request) with both; the years in every count.
    params = "region=africa&agenda=WPS&agenda=YPS&year_to=2010"
    agenda = {"terms": {"agenda": ["WPS", "YPS"]}}
    region = {"terms": {"region": ["africa"]}}
    years = {"range": {"start_year": {"lte": 2010}}}
    assert facet_body(query(params), "agenda") == {
        "query": {"bool": {"filter": [years, region]}},
        "aggs": {"agenda": values_of("agenda")},
        "size": 0,
        "track_total_hits": False,
    }
    assert facet_body(query(params), "region")["query"] == {"bool": {"filter": [years, agenda]}}
    sent = counts(params)
    assert sent["query"] == {"bool": {"filter": [years, agenda, region]}}
    assert set(sent["aggs"]) == {"level", "country", "pillar", "theme"}
    assert page(params)["query"] == {"bool": {"filter": [years, agenda, region]}}


def test_without_facet_filters_no_facet_is_counted_apart():
    bodies = pass_bodies(query("q=women+mediators&year_from=1995"))
    assert len(bodies) == 2  # the counts and the page's window
    assert set(bodies[0]["aggs"]) == set(FACETS)


def test_alpha3_country_codes_are_sent_as_alpha2():
    assert page("country=KEN&country=civ") == expected_page(
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
    assert pass_bodies(query(params)) == [
        expected_counts(filters=filters),
        expected_page(filters=filters),
    ]


def test_year_range_comes_before_the_facets():
    filters = [*YEAR_TO, {"terms": {"agenda": ["SP"]}}]
    assert page("year_to=2010&agenda=SP") == expected_page(filters=filters)
    assert counts("year_to=2010&agenda=SP") == expected_counts(filters=filters)


@pytest.mark.parametrize("sort", ["relevance", "newest", "title"])
@pytest.mark.parametrize("with_text", [True, False])
def test_each_sort_with_its_tie_breakers(sort, with_text):
    params = f"sort={sort}" + ("&q=women+mediators" if with_text else "")
    assert page(params) == expected_page(TEXT if with_text else None, sort=sort)


def test_default_sort_is_relevance_with_text_and_newest_without():
    assert page("q=women+mediators")["sort"] == SORTS["relevance"]
    assert page("")["sort"] == SORTS["newest"]


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
    assert page(params) == expected_page(start=start, size=size)


@pytest.mark.parametrize("params", ["page_size=100&page=101", "page=501", "page=100000"])
def test_pages_beyond_the_result_window_ask_only_the_count_and_facets(params):
    assert pass_bodies(query(params)) == [expected_counts()]
    assert pass_bodies(query(params + "&q=women+mediators")) == [expected_counts(TEXT)]


# The proximity bonus, scored over a window of candidates.


def test_several_words_in_relevance_order_are_ranked_from_a_window_of_candidates():
    window = candidates_body(query("q=women+mediators&agenda=WPS"))
    # Every clause but the proximity's; the page's order and tie-breakers; no highlight.
    assert window == {
        "query": {
            "bool": {
                "must": [{"bool": {"must": [ALL_WORDS]}}],
                "filter": [{"terms": {"agenda": ["WPS"]}}],
            }
        },
        "sort": SORTS["relevance"],
        "track_total_hits": False,
        "from": 0,
        "size": PROXIMITY_WINDOW,
        "_source": False,
    }
    assert pass_bodies(query("q=women+mediators&agenda=WPS"))[-1] == window
    # The page is then ranked in full, proximity included, among the window's practices.
    ranked = page("q=women+mediators&agenda=WPS", ids=[7, 3])
    assert ranked["query"]["bool"]["filter"] == [
        {"terms": {"agenda": ["WPS"]}},
        {"ids": {"values": ["7", "3"]}},
    ]
    assert ranked["query"]["bool"]["must"] == [{"bool": TEXT}]
    assert ranked["from"] == 0 and ranked["size"] == 20 and ranked["highlight"] == HIGHLIGHT


def test_a_deep_page_widens_the_window_to_hold_it():
    params = "q=women+mediators&page_size=100&page=8"
    assert candidates_body(query(params))["size"] == max(PROXIMITY_WINDOW, 800)
    assert page(params, ids=[1])["from"] == 700


@pytest.mark.parametrize(
    "params", ["q=mediators", "q=women+mediators&sort=newest", "q=women+mediators&sort=title"]
)
def test_one_word_or_another_order_needs_no_window(params):
    assert candidates_body(query(params)) is None
    assert pass_bodies(query(params))[-1] == page(params)


def test_the_engine_sends_each_pass_together_to_the_practices_alias(settings):
    settings.ELASTICSEARCH_INDEX_PREFIX = "net_"
    client = FakeClient({"search": response("empty")})
    q = query("q=women+mediators&agenda=WPS&sort=title")
    ElasticsearchEngine(client).search(q)
    # No practice holds both words: the second pass follows, to the same alias.
    assert client.calls == [
        ("msearch", {"index": "net_practices", "searches": searches(pass_bodies(q))}),
        (
            "msearch",
            {"index": "net_practices", "searches": searches(pass_bodies(q, every_word=False))},
        ),
    ]


def searches(bodies):
    result = []
    for body in bodies:
        result += [{}, body]
    return result


def ranked_client(total, ids):
    """A client whose counts find ``total`` practices and whose window holds ``ids``."""

    def search(index, body):
        if body.get("size") == 0:
            return {"hits": {"total": {"value": total}, "hits": []}, "aggregations": {}}
        found = ids if "highlight" not in body else ids[:20]
        return {"hits": {"hits": [{"_id": str(pk), "_score": 1.0} for pk in found]}}

    return FakeClient({"search": search})


def test_the_page_is_ranked_in_full_among_the_window(practice_index):
    ids = [PracticePageFactory(title=f"Women mediators {n}").pk for n in range(25)]
    client = ranked_client(10_000, ids)
    q = query("q=women+mediators")
    results = ElasticsearchEngine(client).search(q)
    assert client.searched() == [*pass_bodies(q), page_body(q, ids=ids)]
    assert results.count == 10_000
    assert [hit.practice.pk for hit in results.hits] == ids[:20]


def test_nothing_found_asks_for_no_page():
    client = ranked_client(0, [])
    q = query("q=mediators")
    results = ElasticsearchEngine(client).search(q)
    assert client.methods() == ["msearch"] and results.count == 0 and results.hits == []


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
    assert page("q=women+mediators", every_word=False) == expected_page(ANY_TEXT, sort="relevance")
    assert counts("q=women+mediators", every_word=False) == expected_counts(
        ANY_TEXT, all_words=ALL_WORDS
    )
    assert "all_words" not in counts("q=women+mediators")["aggs"]


def pages(totals):
    """A client whose first counts find ``totals[0]`` practices, the next ``totals[1]``..."""
    answers = iter(totals)

    def search(index, body):
        if body.get("size") != 0 or "track_total_hits" not in body or not body["track_total_hits"]:
            return {"hits": {"hits": []}, "aggregations": {}}
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
        ("women mediators", [20], False),  # a page of all-word matches: one pass
        ("women mediators", [200], False),
        ("women mediators", [19, 25], True),  # fewer: then any word, after them
        ("women mediators", [0, 3], True),
        ("mediators", [0], False),  # one word: no second pass
        ("-military", [0], False),
    ],
)
def test_any_word_is_asked_for_only_when_fewer_than_a_page_hold_every_word(q, totals, second):
    client = pages(totals)
    q_ = PracticeQuery(q=q)
    results = ElasticsearchEngine(client).search(q_)
    passes = [kwargs["searches"][1::2] for method, kwargs in client.calls if method == "msearch"]
    assert passes[0] == pass_bodies(q_)
    assert passes[1:] == ([pass_bodies(q_, every_word=False)] if second else [])
    assert results.count == totals[-1]
    # Partial: no practice holds every word (the first pass found none), some hold some.
    assert results.partial == (totals[0] == 0 and totals[-1] > 0 and second)


def test_every_practice_with_all_the_words_gets_a_bonus_above_any_other_score():
    should = text_of("q=women+mediators+wajir", every_word=False)["should"]
    assert should[0] == bonus(words("women mediators wajir", operator="and"), ALL_WORDS_BONUS)
    # Coordination: each distinct word held adds the same; proximity: words close together.
    assert should[1:4] == [bonus(words(w), WORD_BONUS) for w in ("women", "mediators", "wajir")]
    assert should[4] == phrase("women mediators wajir", slop=10)
    # What a practice without every word can gain from the bonuses stays far below.
    assert PLACE_BONUS + (MAX_TERMS - 1) * WORD_BONUS < ALL_WORDS_BONUS / 2


def test_the_partial_aggregation_counts_all_word_matches_after_every_filter():
    params = "q=women+mediators&agenda=WPS&region=africa&year_to=2010"
    sent = counts(params, every_word=False)
    agenda = {"terms": {"agenda": ["WPS"]}}
    region = {"terms": {"region": ["africa"]}}
    years = {"range": {"start_year": {"lte": 2010}}}
    # Among the practices counted: the any-word matches, after the years and every facet.
    assert sent["aggs"]["all_words"] == {"filter": ALL_WORDS}
    assert sent["query"] == {
        "bool": {"filter": [{"bool": matching(ANY_TEXT)}, years, agenda, region]}
    }
    # The facets' counts stay disjunctive.
    assert facet_body(query(params), "agenda", every_word=False)["query"] == {
        "bool": {"filter": [{"bool": matching(ANY_TEXT)}, years, region]}
    }


def test_one_word_needs_no_bonus_nor_partial_aggregation():
    for every_word in (True, False):
        assert text_of("q=mediators", every_word) == {"must": [words("mediators", operator="and")]}
        assert "all_words" not in counts("q=mediators", every_word)["aggs"]


def test_stop_words_are_absent_from_every_clause():
    sent = str(pass_bodies(query("q=the+role+of+women+in+the+peace+process"), every_word=False))
    assert text_of("q=the+role+of+women+in+the+peace+process", every_word=False)["must"][0][
        "multi_match"
    ]["query"] == ("role women peace process")
    for stop in ("the", "of", "in"):
        assert f"'{stop} " not in sent and f" {stop} " not in sent and f" {stop}'" not in sent


def test_quoted_phrases_must_appear_as_typed_stop_words_kept():
    text = text_of("q=%22role+of+women%22+mediators")
    assert text["filter"] == [phrase("role of women")]
    assert text["must"][0]["multi_match"]["query"] == "role women mediators"
    text = text_of("q=%22peace+huts%22+%22Wajir%22")
    assert text["filter"] == [phrase("peace huts"), phrase("wajir")]
    # And in every count.
    (text,) = counts("q=%22peace+huts%22")["query"]["bool"]["filter"]
    assert text["bool"]["filter"] == [phrase("peace huts")]


def test_excluded_words_and_phrases_must_not_appear():
    text = text_of("q=mediators+-military+-%22armed+groups%22")
    assert text["must_not"] == [phrase("military"), phrase("armed groups")]
    assert text["must"][0]["multi_match"]["query"] == "mediators"


def test_a_query_of_exclusions_alone_lists_every_practice_but_those():
    sent = page("q=-military&agenda=WPS")
    assert sent["query"]["bool"]["must"] == [{"bool": {"must_not": [phrase("military")]}}]
    assert "highlight" not in sent and "track_scores" not in sent
    assert "all_words" not in counts("q=-military&agenda=WPS")["aggs"]
    client = FakeClient({"search": response("empty")})
    ElasticsearchEngine(client).search(PracticeQuery(q="-military"))
    assert client.methods() == ["msearch"]


def test_places_named_rank_their_practices_higher_below_the_all_words_bonus():
    for every_word in (True, False):
        should = text_of("q=women+mediators+Kenya", every_word)["should"]
        assert should[-1] == bonus({"terms": {"country": ["KE"]}}, PLACE_BONUS)
        should = text_of("q=peace+huts+West+Africa", every_word)["should"]
        assert should[-1] == bonus({"terms": {"region": ["africa"]}}, PLACE_BONUS)
        should = text_of("q=mediators+Kenya+Africa", every_word)["should"]
        both = {
            "bool": {"should": [{"terms": {"country": ["KE"]}}, {"terms": {"region": ["africa"]}}]}
        }
        assert should[-1] == bonus(both, PLACE_BONUS)
    assert PLACE_BONUS < ALL_WORDS_BONUS
    # No place named, no place clause.
    assert "terms" not in str(page("q=women+mediators")["query"])


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
    for every_word in (True, False):
        bodies = pass_bodies(PracticeQuery(q=q), every_word)
        bodies.append(page_body(PracticeQuery(q=q), every_word, ids=[1]))
        sent = str(bodies)
        assert "query_string" not in sent and "simple_query_string" not in sent
        found = list(texts(bodies))
        assert found, q
        for text in found:
            assert all(word.isascii() and word.isalnum() for word in text.split()), text


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
