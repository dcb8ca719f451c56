"""Search that knows the language: each practice's text analysed in its own language, queries
in the visitor's language and English (one group of alternatives a word), Arabic normalised,
accents folded after stemming, translations found through their original and listed once.
Run on SQLite and, with ``make test-postgres``, on PostgreSQL."""

from django.http import QueryDict

from wagtail.models import Locale, Page

import pytest

from core.textsearch import arabic, is_stopword, normalise, query_terms
from search.engines.database import DatabaseEngine
from search.engines.fulltext import TextMatch
from search.query import Either, PracticeQuery, TextQuery
from search.service import get_engine, search_practices
from tests.factories import PracticePageFactory


@pytest.fixture
def database_engine(settings):
    settings.PRACTICE_SEARCH_ENGINE = "search.engines.database.DatabaseEngine"
    assert isinstance(get_engine(), DatabaseEngine)


def search(params, language="en"):
    return search_practices(PracticeQuery.from_params(QueryDict(params), language=language))


def titles(results):
    return [hit.practice.title for hit in results.hits]


# The analysis (no database).


def test_french_word_forms_meet_with_and_without_accents():
    assert normalise("médiatrices", "fr") == normalise("mediatrice", "fr") == "mediatric"
    assert normalise("Les réseaux", "fr") == normalise("le reseau", "fr")


def test_spanish_stems_fold_accents_after_stemming():
    assert normalise("víctimas", "es") == normalise("victima", "es")


def test_arabic_normalisation_of_alef_taa_marbuta_yaa_diacritics_tatweel_and_digits():
    assert arabic("أإآٱ") == "اااا"
    assert arabic("مدرسة") == "مدرسه"
    assert arabic("على") == "علي"
    assert arabic("الْمَرْأَةُ") == "المراه"
    assert arabic("ســلام") == "سلام"
    assert arabic("٢٠١٥ ۲۰۱۵") == "2015 2015"


def test_arabic_words_meet_with_and_without_diacritics_and_letter_variants():
    plain = normalise("المرأة", "ar")
    assert plain
    assert normalise("الْمَرْأَةُ", "ar") == plain
    assert normalise("المراه", "ar") == plain
    assert normalise("الوساطة", "ar") == normalise("الوساطه", "ar")
    assert normalise("والسلام", "ar") == normalise("السلام", "ar")
    assert normalise("السلام", "ar").isascii()


def test_stop_words_belong_to_their_language():
    assert is_stopword("les", "fr") and not is_stopword("les", "en")
    assert is_stopword("tres", "fr")  # "très" typed without its accent
    assert is_stopword("para", "es") and is_stopword("في", "ar")
    assert query_terms("les femmes et la paix", language="fr") == ["femm", "paix"]
    # English keeps its own rules, spelling included.
    assert query_terms("the organisation of women") == ["organiz", "women"]


def test_english_analysis_is_unchanged_by_default():
    assert normalise("Women's mediators organisation") == "women s mediat organiz"


def test_a_query_word_is_a_group_of_its_stems_in_both_languages():
    text = TextQuery.parse("médiatrices réseaux", "fr")
    assert text.languages == ("fr", "en")
    first, second = text.terms
    assert first == "mediatric"  # both analyses agree: one stem
    assert isinstance(second, Either) and second == ("reseau", "reseaux")  # French, English
    # Stop words of either language are left out; English alone reads q as before.
    assert TextQuery.parse("la paix", "fr").words == ("paix",)
    assert TextQuery.parse("la paix").terms == ["la", "paix"]
    assert TextQuery.parse("femmes", "pt-br").languages == ("pt", "en")
    assert TextQuery.parse("women", "sw").languages == ("en",)


def test_groups_become_alternatives_in_fts5_and_tsquery(db):
    match = TextMatch([Either(("election", "elect")), "femm"])
    assert match.fts_query() == '{title body} : ((("election" OR "elect") AND "femm"))'
    assert match.ts_query() == "((election | elect) & femm)"
    phrase = TextMatch([], phrases=[Either((("droit", "femm"), ("droit", "femm")))])
    assert phrase.fts_query() == '{title body} : (("droit femm"))'


# The database engine.


@pytest.fixture
def languages(practice_index, database_engine):
    PracticePageFactory(
        title="Réseau de médiatrices",
        summary="Une médiatrice règle les conflits fonciers sur les collines.",
        language="fr",
    )
    PracticePageFactory(
        title="Acuerdo de paz",
        summary="Las víctimas del conflicto piden justicia.",
        language="es",
    )
    PracticePageFactory(
        title="شبكة الوسيطات",
        summary="تعمل المرأة على السلام في المجتمعات المحلية.",
        language="ar",
    )
    PracticePageFactory(
        title="Water mediation",
        summary="Women mediators settle a water dispute.",
        language="en",
    )


@pytest.mark.django_db
def test_a_french_query_finds_a_french_practice_by_its_word_forms(languages):
    assert titles(search("q=médiatrices", "fr")) == ["Réseau de médiatrices"]
    assert titles(search("q=mediatrices+foncier", "fr")) == ["Réseau de médiatrices"]


@pytest.mark.django_db
def test_a_spanish_query_finds_a_spanish_practice(languages):
    assert titles(search("q=víctima", "es")) == ["Acuerdo de paz"]


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["المرأة", "الْمَرْأَةُ", "المراه", "والسلام"])
def test_an_arabic_query_finds_an_arabic_practice_however_it_is_written(languages, q):
    assert titles(search(f"q={q}", "ar")) == ["شبكة الوسيطات"]


@pytest.mark.django_db
def test_each_word_matches_either_analysis_and_all_words_first(languages):
    # "mediators" only in English's analysis, "médiatrices" in both: the English practice
    # holds every word group of "water mediators", so it comes first.
    results = search("q=water+mediators", "fr")
    assert titles(results)[0] == "Water mediation"
    # An English word typed by a French reader still finds the English practice.
    assert titles(search("q=dispute", "fr")) == ["Water mediation"]


@pytest.mark.django_db
def test_the_highlight_marks_the_word_in_the_practice_language(languages):
    results = search("q=médiatrices", "fr")
    assert "<mark>médiatrice</mark>" in results.hits[0].highlight


# Translations.


@pytest.fixture
def translated(languages, settings):
    settings.WAGTAIL_I18N_ENABLED = True
    original = PracticePageFactory(
        title="Peace huts",
        summary="Women meet in huts to settle disputes.",
        agendas=["WPS"],
        language="en",
    )
    # A page of the French locale with the original's translation key, as Wagtail's
    # translations are (the external id, unique, is the translation's own).
    french = Locale.objects.get_or_create(language_code="fr")[0]
    translation = PracticePageFactory(
        title="Cases de la paix",
        summary="Les femmes se réunissent dans des cases pour régler les différends.",
        agendas=["WPS"],
        locale=french,
        translation_key=original.translation_key,
    )
    return original, translation


@pytest.mark.django_db
def test_a_translation_is_found_through_its_original_and_listed_once(translated):
    original, translation = translated
    assert Page.objects.filter(translation_key=original.translation_key).live().count() == 2
    results = search("q=cases+réunissent", "fr")
    assert [hit.practice.pk for hit in results.hits] == [original.pk]
    results = search("q=huts")
    assert [hit.practice.pk for hit in results.hits] == [original.pk]
    # Five practices (four and the original); facet counts count the practice once.
    everything = search("")
    assert everything.count == 5
    assert everything.facets["agenda"].get("WPS") == 5  # the translation not counted


@pytest.mark.django_db
def test_an_unpublished_translation_no_longer_finds_its_original(translated):
    original, translation = translated
    translation.unpublish()
    assert titles(search("q=réunissent", "fr")) == []
    assert [h.practice.pk for h in search("q=huts").hits] == [original.pk]


@pytest.mark.django_db
def test_a_deleted_translation_no_longer_finds_its_original(translated):
    original, translation = translated
    translation.delete()
    assert titles(search("q=réunissent", "fr")) == []
    assert [h.practice.pk for h in search("q=huts").hits] == [original.pk]


# The listing.


@pytest.mark.django_db
def test_the_listing_reads_the_query_in_the_interface_language(languages, practice_index):
    from django.test import RequestFactory
    from django.utils import translation

    request = RequestFactory().get("/practices/", {"q": "médiatrices réseaux"})
    with translation.override("fr"):
        listing = practice_index.get_context(request)["search"]
    assert listing["query"].language == "fr"
    assert [hit.practice.title for hit in listing["results"].hits] == ["Réseau de médiatrices"]


@pytest.mark.django_db
def test_a_result_in_another_language_is_marked_with_it(languages):
    from django.template.loader import render_to_string
    from django.utils import translation

    from practices.models import PracticePage

    french = PracticePage.objects.get(title="Réseau de médiatrices")
    english = PracticePage.objects.get(title="Water mediation")
    with translation.override("en"):
        card = render_to_string("includes/practice_card.html", {"practice": french})
        same = render_to_string("includes/practice_card.html", {"practice": english})
    assert 'lang="fr" dir="auto">Réseau de médiatrices</a>' in card
    assert '<p lang="fr" dir="auto">Une médiatrice' in card
    assert "in French" in card
    assert "lang=" not in same and "card-language" not in same
    with translation.override("fr"):
        card = render_to_string("includes/practice_card.html", {"practice": french})
    assert "lang=" not in card and "card-language" not in card


# The API.


@pytest.mark.django_db
def test_the_api_reads_q_in_the_language_lang_names(languages, client):
    def found(params):
        response = client.get("/api/v1/practices/", params, HTTP_HOST="localhost")
        assert response.status_code == 200
        return [result["title"] for result in response.json()["results"]]

    assert found({"q": "réseaux", "lang": "fr"}) == ["Réseau de médiatrices"]
    # Without lang, English only: "réseaux" is "reseaux" in English, not the French "reseau".
    assert found({"q": "réseaux"}) == []
    # An unknown lang reads English too, never an error.
    assert found({"q": "réseaux", "lang": "xx\x00"}) == []
    assert found({"q": "المراه", "lang": "ar"}) == ["شبكة الوسيطات"]


def test_the_openapi_document_declares_lang_once():
    from api.params import LANG, practice_parameters

    assert practice_parameters().count(LANG) == 1
    assert LANG.schema["enum"] == ["en", "fr", "es", "pt", "ar"]


# Hostile input, in every language.


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "es", "pt", "ar", "zz"])
@pytest.mark.parametrize(
    "q",
    [
        'médiatrices" NEAR(a b) * -"',
        "ـــ ًٌٍ ّ",  # tatweel and diacritics alone
        "«\u200f\u200eالسلام»",  # directional marks around a quoted word
        "- - -- \u2212",
        "l' d' qu' les des",  # elisions and stop words alone
        "中国 𝔣𝔯𝔞𝔫𝔠𝔢 ﷺ ٠١٢",
        "a" * 600,
    ],
)
def test_hostile_text_in_any_language_is_plain_words(languages, language, q):
    import re

    from search.query import alternatives

    query = PracticeQuery(q=q, language=language)
    stems = [s for term in query.text.terms for s in alternatives(term)]
    # Only ASCII letters and digits reach FTS5 or to_tsquery, whatever was typed.
    assert all(re.fullmatch(r"[a-z0-9]+", s) for s in stems), stems
    search_practices(query)  # answers, never a server error
