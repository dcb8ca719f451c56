"""Plain-language relevance of the database engine: every word first, then most of the words;
stop words neither restrict nor score; British and American spellings meet."""

from django.http import QueryDict

import pytest

from core.textsearch import american, normalise, query_terms
from search.engines.database import DatabaseEngine
from search.query import PracticeQuery
from search.service import get_engine, search_practices
from tests.factories import PracticePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_engine(settings):
    settings.PRACTICE_SEARCH_ENGINE = "search.engines.database.DatabaseEngine"
    assert isinstance(get_engine(), DatabaseEngine)


def search(params):
    return search_practices(PracticeQuery.from_params(QueryDict(params)))


def titles(results):
    return [hit.practice.title for hit in results.hits]


@pytest.fixture
def practices(practice_index):
    PracticePageFactory(
        title="Water mediation",
        summary="Women mediate a water dispute between village communities.",
        description="Elders join the talks.",
        agendas=["WPS"],
    )
    PracticePageFactory(
        title="Land committee",
        summary="A committee settles land disputes.",
        description="Held monthly.",
        agendas=["WPS"],
    )
    PracticePageFactory(
        title="Water and land",
        summary="Women settle water and land disputes between communities.",
        description="A forum of neighbours.",
        agendas=["YPS"],
    )
    PracticePageFactory(
        title="Radio show",
        summary="Young people host a radio show.",
        description="Guests call in.",
        agendas=["YPS"],
    )


def test_every_word_first_then_most_of_them(practices):
    results = search("q=disputes+over+water+and+land+between+communities")
    assert not results.partial
    # All four terms ("over", "and", "between" are stop words), then three (no "land"), then
    # two (land, dispute).
    assert titles(results) == ["Water and land", "Water mediation", "Land committee"]
    assert results.count == 3
    scores = [hit.score for hit in results.hits]
    assert scores == sorted(scores, reverse=True)


def test_no_practice_with_every_word_lists_those_with_most_and_says_so(practices):
    results = search("q=radio+water+mediation")
    assert results.partial
    # Two of the three words, then one (equal share: the text score decides).
    assert titles(results)[0] == "Water mediation"
    assert set(titles(results)) == {"Water mediation", "Water and land", "Radio show"}
    assert results.count == 3


def test_words_found_nowhere_still_find_nothing(practices):
    results = search("q=zzzunknown+qqqnothing")
    assert results.count == 0 and not results.partial


def test_filters_apply_to_most_of_the_words_too(practices):
    results = search("q=radio+water+mediation&agenda=YPS")
    assert set(titles(results)) == {"Water and land", "Radio show"}
    assert results.count == 2
    # The agenda's own counts leave its filter out (disjunctive facets): WPS would add one.
    assert results.facets["agenda"] == {"YPS": 2, "WPS": 1}


def test_any_word_is_not_looked_for_when_every_word_fills_the_page(practice_index):
    for n in range(3):
        PracticePageFactory(title=f"Water land {n}", summary="Shared wells.")
    PracticePageFactory(title="Water only", summary="A well.")
    assert search("q=water+land&page_size=3").count == 3
    assert search("q=water+land&page_size=4").count == 4


def test_stop_words_neither_restrict_nor_score(practices):
    with_stop_words = search("q=how+can+we+host+a+radio+show+for+them")
    assert titles(with_stop_words) == ["Radio show"]
    assert not with_stop_words.partial
    plain = search("q=host+radio+show")
    assert [hit.score for hit in with_stop_words.hits] == [hit.score for hit in plain.hits]
    assert query_terms("what should they do about it") == []


@pytest.mark.parametrize(
    "british, american_spelling",
    [
        ("localisation", "localization"),
        ("localise", "localize"),
        ("radicalisation", "radicalization"),
        ("organise", "organize"),
        ("organisations", "organizations"),
        ("programme", "program"),
        ("counselling", "counseling"),
        ("counsellor", "counselor"),
        ("defence", "defense"),
        ("behaviour", "behavior"),
        ("centre", "center"),
        ("dialogue", "dialog"),
        ("analyse", "analyze"),
    ],
)
def test_british_and_american_spellings_meet(british, american_spelling):
    assert normalise(british) == normalise(american_spelling)
    assert query_terms(british) == query_terms(american_spelling)


@pytest.mark.parametrize(
    "word", ["advise", "exercise", "enterprise", "promise", "raise", "tour", "four", "your"]
)
def test_words_that_only_look_british_are_left_alone(word):
    assert american(word) == word


def test_either_spelling_finds_the_other_in_the_index(practice_index):
    PracticePageFactory(title="Localisation of the plan", summary="Counselling programme.")
    PracticePageFactory(title="Localization in Kenya", summary="A defense of counseling.")
    for query in ("q=localisation", "q=localization"):
        assert search(query).count == 2
    assert titles(search("q=counselling+programme"))[0] == "Localisation of the plan"
    assert search("q=program").count == 1
    assert search("q=defence").count == 1


def test_the_listing_says_when_no_practice_has_every_word(client, practices):
    html = client.get("/practices/?q=radio+water+mediation").content.decode()
    assert "No practice has all your words; these have most of them." in html
    html = client.get("/practices/?q=water+land").content.decode()
    assert "No practice has all your words" not in html
