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


# How the text is read: partial matches, stop words, spellings, phrases, exclusions, places,
# proximity, and text that is not meant as syntax.


def q(text, extra=""):
    params = QueryDict(mutable=True)
    params["q"] = text
    return search(params.urlencode() + extra)


def test_partial_matches_follow_and_say_so(practices):
    # No practice holds both words: those with either are listed, and the result says so.
    results = q("wajir huts")
    assert results.partial
    assert set(titles(results)) == {"Women mediators of Wajir", "Peace huts of Côte d'Ivoire"}
    # One holds both: it comes first and the result is not partial.
    results = q("women huts")
    assert not results.partial and titles(results)[0] == "Peace huts of Côte d'Ivoire"
    assert not q("wajir").partial and not q("nothingatall").partial


def test_partial_matches_rank_by_how_many_words_they_hold(practice_index):
    PracticePageFactory(title="One", summary="Dialogue.", description="Nothing else.")
    PracticePageFactory(title="Two", summary="Dialogue and radio.", description="Nothing else.")
    results = q("dialogue radio elders")
    assert results.partial and titles(results) == ["Two", "One"]


def test_stop_words_neither_restrict_nor_score(practices):
    plain = q("women mediators wajir")
    with_stop_words = q("the women mediators of all wajir")
    assert titles(with_stop_words) == titles(plain)
    assert titles(plain)[0] == "Women mediators of Wajir"
    assert not with_stop_words.partial and with_stop_words.count == plain.count
    assert [h.score for h in with_stop_words.hits] == [h.score for h in plain.hits]


def test_british_and_american_spellings_find_each_other(practice_index):
    PracticePageFactory(title="Programme", summary="Organising women's organisations.")
    PracticePageFactory(title="Program", summary="Organizing a center for women.")
    assert set(titles(q("organization"))) == {"Programme", "Program"}
    assert set(titles(q("programmes"))) == {"Programme", "Program"}
    assert titles(q("centre")) == ["Program"]


@pytest.fixture
def word_orders(practice_index):
    return {
        "adjacent": PracticePageFactory(
            title="Adjacent", summary="Women mediators meet.", description="In the market."
        ),
        "reversed": PracticePageFactory(
            title="Reversed", summary="Mediators and women meet.", description="In the market."
        ),
        "apart": PracticePageFactory(
            title="Apart", summary="Women meet.", description="Mediators come to the market."
        ),
    }


def test_a_quoted_phrase_needs_its_words_next_to_each_other_in_order(word_orders):
    assert titles(q('"women mediators"')) == ["Adjacent"]
    assert titles(q('"mediators women"')) == []
    assert set(titles(q("women mediators"))) == {"Adjacent", "Reversed", "Apart"}
    # Stop words inside a phrase count: "mediators and women" is not "mediators women".
    assert titles(q('"mediators and women"')) == ["Reversed"]
    # A quoted single word is required like any word; an unclosed quote runs to the end.
    assert set(titles(q('"mediators" market'))) == {"Adjacent", "Reversed", "Apart"}
    assert titles(q('meet "women mediators')) == ["Adjacent"]


def test_a_phrase_holds_in_the_partial_pass_too(word_orders):
    # No practice holds every word: the partial pass still asks for the phrase.
    results = q('"women mediators" market radio')
    assert results.partial and titles(results) == ["Adjacent"]
    results = q('"mediators women" market radio')
    assert results.count == 0 and results.hits == []


def test_words_close_together_rank_first(practice_index):
    filler = " ".join(["committee"] * 30)
    PracticePageFactory(title="Far", summary="Nothing.", description=f"Radio {filler} dialogue.")
    PracticePageFactory(title="Near", summary="Nothing.", description=f"Radio dialogue {filler}.")
    assert titles(q("radio dialogue")) == ["Near", "Far"]
    assert titles(q("dialogue radio")) == ["Near", "Far"]


def test_excluded_words_and_phrases_are_not_found(practices):
    assert set(titles(q("women"))) == {
        "Women mediators of Wajir",
        "Peace huts of Côte d'Ivoire",
        "Radio programme in Yemen",
    }
    assert set(titles(q("women -radio"))) == {
        "Women mediators of Wajir",
        "Peace huts of Côte d'Ivoire",
    }
    assert titles(q('women -"peace huts" -clans')) == ["Radio programme in Yemen"]
    # The words of an excluded phrase alone do not exclude: "huts peace" is not "peace huts".
    assert q('women -"huts peace"').count == 3
    # A hyphen inside a word only separates words.
    results = q("market-women")
    assert titles(results)[0] == "Women mediators of Wajir" and not results.partial


def test_exclusions_hold_in_the_partial_pass(practices):
    results = q("wajir huts -dialogues")
    assert results.partial and titles(results) == ["Women mediators of Wajir"]


def test_only_exclusions_list_every_other_practice(practices):
    results = q("-radio")
    assert results.count == 2
    assert set(titles(results)) == {"Women mediators of Wajir", "Peace huts of Côte d'Ivoire"}
    assert results.facets["country"] == {"CI": 1, "KE": 1}
    assert titles(q('-"peace huts"', "&agenda=WPS")) == ["Women mediators of Wajir"]


def test_an_exclusion_can_remove_every_match(practices):
    results = q("mediator -women")
    assert (results.count, results.hits, results.partial) == (0, [], False)
    assert q("-women").count == 0


@pytest.fixture
def radios(practice_index):
    return {
        "kenya": PracticePageFactory(
            title="Community programme",
            summary="Women meet weekly.",
            description="A radio show with a phone-in.",
            countries=["KE"],
        ),
        "elsewhere": PracticePageFactory(
            title="Radio for peace",
            summary="A radio show with a phone-in, as in Kenya.",
            description="Women meet weekly.",
            countries=["YE"],
        ),
        "kenya_no_radio": PracticePageFactory(
            title="Kenya dialogues",
            summary="Women meet weekly in Kenya.",
            description="Dialogues with elders.",
            countries=["KE"],
        ),
    }


def test_a_named_country_ranks_its_practices_up_but_not_above_all_the_words(radios):
    # Without the place, the title match comes first.
    assert titles(q("radio show"))[0] == "Radio for peace"
    # Named, the practice in Kenya ranks above a title match elsewhere; a practice in Kenya
    # without "radio" still comes after every practice holding all the words.
    assert titles(q("radio kenya")) == ["Community programme", "Radio for peace", "Kenya dialogues"]


def test_a_named_region_ranks_its_countries_practices_up(radios):
    results = q("radio show in east africa")
    assert results.partial
    assert titles(results)[0] == "Community programme"
    assert titles(q("radio show in the arab states"))[0] == "Radio for peace"


@pytest.mark.parametrize(
    "text",
    [
        '"unbalanced quote',
        'women "',
        '""',
        "-",
        "- -",
        "--women",
        '-"',
        "women -",
        "NEAR(women mediators, 2)",
        "women AND NOT mediators OR",
        "{title body} : women",
        "title:women",
        "women*",
        "^women",
        "women & !mediators | (huts <-> peace)",
        "women:* <2> huts",
        "'women'",
        "\\",
        "women\x00mediators",
        "\x00",
        "women " * 100,
        "a" * 500,
        "-women " * 80,
        '"' + "women mediators " * 30 + '"',
        "🙂 women 🙂",
    ],
)
def test_no_text_is_syntax_nor_an_error(practices, text):
    results = q(text)
    assert results.count >= 0
    assert all(hit.practice.title for hit in results.hits)
