"""How the words of a practice search are read: plain words, quoted phrases, exclusions, places."""

import pytest

from core.countries import places_named
from core.textsearch import words
from search.query import MAX_PHRASES, MAX_TERMS, PracticeQuery, TextQuery


def test_plain_words_drop_stop_words_and_repeated_stems():
    text = TextQuery.parse("How can women keep young men out of armed groups, women's groups?")
    assert text.words == ("women", "keep", "young", "men", "armed", "groups")
    assert text.terms == ["women", "keep", "young", "men", "arm", "group"]
    assert (text.phrases, text.excluded) == ((), ())


def test_a_quoted_phrase_keeps_its_stop_words_and_its_words_are_looked_for():
    text = TextQuery.parse('"role of women" in formal negotiations')
    assert text.phrases == (("role", "of", "women"),)
    assert text.phrase_terms == [("role", "of", "women")]
    assert text.words == ("role", "women", "formal", "negotiations")


@pytest.mark.parametrize("quotes", ['"{}"', "\u201c{}\u201d", "\u00ab{}\u00bb"])
def test_straight_and_typographic_quotes_make_a_phrase(quotes):
    assert TextQuery.parse(quotes.format("early warning") + " kenya").phrases == (
        ("early", "warning"),
    )


def test_an_unclosed_quote_runs_to_the_end():
    assert TextQuery.parse('kenya "early warning').phrases == (("early", "warning"),)


def test_a_leading_minus_excludes_a_word_or_a_phrase_and_a_hyphen_inside_does_not():
    text = TextQuery.parse('peace-building -military -"armed groups" ex-combatants')
    assert text.words == ("peace", "building", "ex", "combatants")
    assert text.excluded == (("military",), ("armed", "groups"))
    assert text.excluded_terms == [("militari",), ("arm", "group")]


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "-", "-- -", '""', '"the"', '-"of the"', "the of and", "AND OR NOT", ":*()^~"],
)
def test_text_asking_for_nothing_is_empty_never_an_error(typed):
    assert not TextQuery.parse(typed)


def test_only_exclusions_still_ask_for_something():
    text = TextQuery.parse("-violence")
    assert text and text.words == () and text.excluded == (("violence",),)


def test_limits_keep_a_pasted_essay_bounded():
    text = TextQuery.parse(" ".join(f"word{n}" for n in range(100)))
    assert len(text.words) == MAX_TERMS
    many = " ".join(f'"a{n} b{n}" -c{n}' for n in range(20))
    text = TextQuery.parse(many)
    assert len(text.phrases) == MAX_PHRASES and len(text.excluded) == MAX_PHRASES


@pytest.mark.parametrize(
    ("typed", "countries", "regions"),
    [
        ("women mediators in Kenya", ["KE"], []),
        ("South Sudan and Sudan", ["SS", "SD"], []),
        ("peace in the Democratic Republic of the Congo", ["CD"], []),
        ("Congo", ["CG"], []),
        ("DRC", ["CD"], []),
        ("Côte d'Ivoire", ["CI"], []),
        ("Cote d Ivoire elections", ["CI"], []),
        ("dialogue in South Africa", ["ZA"], []),
        ("networks across Africa", [], ["africa"]),
        ("the Middle East and Latin America", [], ["arab-states", "americas-caribbean"]),
        ("women mediators", [], []),
    ],
)
def test_countries_and_regions_named_are_found_longest_name_first(typed, countries, regions):
    assert places_named(words(typed)) == (countries, regions)


def test_places_are_read_from_phrases_too_but_not_from_exclusions():
    text = TextQuery.parse('"women in Yemen" -Kenya')
    assert text.countries == ("YE",) and "kenya" not in text.words


def test_the_practice_query_reads_its_text_once():
    query = PracticeQuery(q='"early warning" Nepal')
    assert query.text is query.text
    assert query.text.countries == ("NP",)


@pytest.mark.parametrize("minus", ["-", "\u2212", "\u2013", "\u2014", "\uff0d"])
def test_a_minus_sign_or_dash_typed_instead_of_a_hyphen_still_excludes(minus):
    text = TextQuery.parse(f'radio {minus}military {minus}"armed groups"')
    assert text.words == ("radio",)
    assert text.excluded == (("military",), ("armed", "groups"))


def test_stop_words_at_a_phrase_ends_are_dropped_so_every_engine_reads_it_alike():
    text = TextQuery.parse('"the role of women in" -"of the military"')
    assert text.phrases == (("role", "of", "women"),)
    assert text.excluded == (("military",),)
