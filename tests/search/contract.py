"""The contract of the practice search service: text, filters, facets, sort, paging.

Every engine passes these same tests: test_service.py runs them on the configured (database)
engine, test_es_live.py on Elasticsearch when a server is given. A module that imports them
selects its engine with an autouse fixture.
"""

from django.http import QueryDict

import pytest

from search.query import BadParameter, PracticeQuery
from search.service import search_practices
from tests.factories import PracticePageFactory, draft

pytestmark = pytest.mark.django_db


def search(params=""):
    return search_practices(PracticeQuery.from_params(QueryDict(params)))


def titles(results):
    return [hit.practice.title for hit in results.hits]


@pytest.fixture
def practices(practice_index):
    return {
        "mediators": PracticePageFactory(
            title="Women mediators of Wajir",
            summary="Market women mediate between clans.",
            description="Elders and youth meet monthly.",
            countries=["KE"],
            agendas=["WPS"],
            pillars=["prevention"],
            themes=["mediation"],
            start_year=1993,
            end_year=1995,
        ),
        "ivoire": PracticePageFactory(
            title="Peace huts of Côte d'Ivoire",
            summary="Women hold dialogues in peace huts.",
            description="A local committee keeps records of every dispute.",
            countries=["CI"],
            agendas=["WPS", "YPS"],
            pillars=["participation"],
            level="national",
            start_year=2015,
        ),
        "body_only": PracticePageFactory(
            title="Radio programme in Yemen",
            summary="Young women host a weekly radio show.",
            description="Guests include a mediator from Taiz.",
            countries=["YE"],
            agendas=["YPS"],
            pillars=["participation", "prevention"],
        ),
    }


def test_everything_is_listed_without_a_query_newest_first(practices):
    results = search()
    assert results.count == 3
    assert titles(results) == [
        "Radio programme in Yemen",
        "Peace huts of Côte d'Ivoire",
        "Women mediators of Wajir",
    ]


def test_word_forms_match_and_title_ranks_above_body(practices):
    results = search("q=mediator")
    assert titles(results) == ["Women mediators of Wajir", "Radio programme in Yemen"]
    assert search("q=mediators").count == 2
    assert search("q=mediation").count == 2


def test_summary_match_ranks_above_body_match(practice_index):
    PracticePageFactory(title="B", summary="Nothing here.", description="Early warning networks.")
    PracticePageFactory(title="A", summary="Early warning by women.", description="Nothing.")
    assert titles(search("q=warning")) == ["A", "B"]


def test_accents_do_not_matter(practices):
    assert titles(search("q=Cote+d%27Ivoire")) == ["Peace huts of Côte d'Ivoire"]
    assert titles(search("q=C%C3%B4te")) == ["Peace huts of Côte d'Ivoire"]


def test_practices_with_every_word_come_first(practices):
    # The others may follow, ranked lower (the database engine lists them when fewer than a
    # page hold every word); every practice listed holds at least one word.
    results = search("q=women+huts")
    assert titles(results)[0] == "Peace huts of Côte d'Ivoire"
    assert not results.partial
    assert "Peace huts of Côte d'Ivoire" not in titles(search("q=wajir+clans"))


def test_filters_or_within_a_facet_and_across_facets(practices):
    assert search("agenda=YPS").count == 2
    assert search("agenda=YPS&agenda=WPS").count == 3
    assert titles(search("agenda=YPS&pillar=prevention")) == ["Radio programme in Yemen"]
    assert titles(search("region=africa&level=national")) == ["Peace huts of Côte d'Ivoire"]
    assert titles(search("country=KEN")) == ["Women mediators of Wajir"]  # alpha-3 accepted
    assert titles(search("theme=mediation")) == ["Women mediators of Wajir"]


def test_unknown_facet_values_give_an_empty_result_not_an_error(practices):
    results = search("agenda=XYZ")
    assert results.count == 0 and results.hits == []


def test_year_range_keeps_overlapping_periods(practices):
    assert titles(search("year_from=1990&year_to=1994")) == ["Women mediators of Wajir"]
    # An ongoing practice runs to this day; one with no years cannot be placed in a range.
    assert titles(search("year_from=2020")) == ["Peace huts of Côte d'Ivoire"]


def test_facet_counts_are_over_the_filtered_set(practices):
    results = search("pillar=participation")
    assert results.facets["agenda"] == {"YPS": 2, "WPS": 1}
    assert results.facets["region"] == {"africa": 1, "arab-states": 1}
    assert results.facets["country"] == {"CI": 1, "YE": 1}
    assert results.facets["level"] == {"local": 1, "national": 1}


def test_ticking_a_value_keeps_the_other_values_of_its_facet_with_their_counts(practices):
    # A facet with an active filter is counted without its own filter: every value stays, with
    # the number of practices it would add.
    results = search("agenda=YPS")
    assert results.count == 2
    assert results.facets["agenda"] == {"WPS": 2, "YPS": 2}
    assert results.facets["region"] == {"africa": 1, "arab-states": 1}
    results = search("region=africa")
    assert results.facets["region"] == {"africa": 2, "arab-states": 1}
    assert results.facets["country"] == {"CI": 1, "KE": 1}


def test_two_values_of_one_facet_or_and_keep_their_counts(practices):
    results = search("country=KE&country=CI")
    assert titles(results) == ["Peace huts of Côte d'Ivoire", "Women mediators of Wajir"]
    assert results.facets["country"] == {"CI": 1, "KE": 1, "YE": 1}
    assert results.facets["level"] == {"local": 1, "national": 1}
    assert results.facets["region"] == {"africa": 2}


def test_values_of_two_facets_and_each_counted_with_the_others_filter(practices):
    results = search("agenda=YPS&pillar=prevention")
    assert titles(results) == ["Radio programme in Yemen"]
    # agenda, without its own filter: the practices of pillar=prevention (Wajir, Yemen).
    assert results.facets["agenda"] == {"WPS": 1, "YPS": 1}
    # pillar, without its own filter: the practices of agenda=YPS (Côte d'Ivoire, Yemen).
    assert results.facets["pillar"] == {"participation": 2, "prevention": 1}
    # a facet without a filter: over the fully filtered set.
    assert results.facets["region"] == {"arab-states": 1}
    assert results.facets["country"] == {"YE": 1}


def test_disjunctive_counts_keep_the_text_and_the_years(practices):
    results = search("q=mediator&agenda=WPS")
    assert titles(results) == ["Women mediators of Wajir"]
    assert results.facets["agenda"] == {"WPS": 1, "YPS": 1}
    results = search("year_from=2000&agenda=YPS")
    assert titles(results) == ["Peace huts of Côte d'Ivoire"]
    assert results.facets["agenda"] == {"WPS": 1, "YPS": 1}


def test_sort_and_paging(practices):
    assert titles(search("sort=title")) == [
        "Peace huts of Côte d'Ivoire",
        "Radio programme in Yemen",
        "Women mediators of Wajir",
    ]
    second = search("sort=title&page_size=2&page=2")
    assert titles(second) == ["Women mediators of Wajir"]
    assert (second.count, second.num_pages) == (3, 2)
    assert search("page=9").hits == []


def test_highlight_marks_matched_words_and_escapes_the_rest(practice_index):
    PracticePageFactory(title="X", summary="<b>Mediators</b> & elders meet.")
    (hit,) = search("q=mediator").hits
    assert hit.highlight == "&lt;b&gt;<mark>Mediators</mark>&lt;/b&gt; &amp; elders meet."


def test_unpublished_practices_are_never_found_nor_counted(practices):
    draft(practices["mediators"])
    for params in ("", "q=mediator", "agenda=WPS", "country=KE", "theme=mediation"):
        results = search(params)
        assert "Women mediators of Wajir" not in titles(results), params
        assert "KE" not in results.facets["country"], params
        assert "mediation" not in results.facets["theme"], params


def test_republished_practice_comes_back_with_its_new_facets(practices):
    page = practices["mediators"]
    page.agendas = ["SP"]
    page.save_revision().publish()
    assert titles(search("agenda=SP")) == ["Women mediators of Wajir"]
    assert search("agenda=WPS").count == 1


def test_queries_of_only_operators_or_punctuation_find_nothing(practices):
    for q in ("AND", "NOT", '"', "*", "NEAR(", "(((", "🙂"):
        assert search(QueryDict(mutable=True).urlencode() + "q=" + q).count == 0


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page_size=101", "page_size"),
        ("year_from=abc", "year_from"),
        ("year_to=1800", "year_to"),
        ("year_from=2010&year_to=2000", "year_from"),
        ("sort=random", "sort"),
    ],
)
def test_bad_parameters_are_named(params, name):
    with pytest.raises(BadParameter) as error:
        PracticeQuery.from_params(QueryDict(params))
    assert error.value.name == name
