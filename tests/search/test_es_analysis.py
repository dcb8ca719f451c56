"""The Elasticsearch analyser treats words as ``core.textsearch`` does for the database engine:
the same stop words and the same British-to-American spellings, generated from the same rules.

No server: the analyser's definition (``index_body``) is applied the way Elasticsearch applies
it, token filter after token filter, with Python's ``re`` reading the Java patterns (they keep
to what both dialects read alike).
"""

import json
import re
from pathlib import Path

import pytest

from core.textsearch import SPELLING_RULES, STOPWORDS, WORD, american, stem
from search.engines.es_documents import index_body, java_pattern, java_replacement

DATA = Path(__file__).resolve().parents[2] / "data"
# Each rule's examples (core.textsearch), the words its exceptions keep, and British and
# American pairs with their inflections.
EXAMPLES = WORD.findall(
    """
localise localize localised localises localising localisation localisations localization
organise organize organised organiser organisers organisation organisations organization
radicalise radicalised radicalisation radicalization mobilise mobilisation prioritise
recognise recognised criticise minimise civilisation specialise realise
advise advised advising exercise exercises enterprise enterprises promise promised
franchise raise raised praise surprise revise devise supervise televise compromise
premise despise expertise merchandise treatise chastise paradise concise precise
behaviour behaviours behavioural labour labourer neighbour neighbourhood neighbourhoods
favour favourite favourable colour coloured honour honourable humour rumour vigour
tour tours detour four your yours flour devour scour pour hour sour our
centre centres centred centring theatre metre metres litre fibre
dialogue dialogues catalogue monologue
programme programmes programmed
counsellor counsellors councillor
counselling counselling counselled traveller travelling
analyse analysed analyses analysing paralyse catalyse
defence defences defenceless offence offences
licence licences pretence
judgement judgements
localize organize behavior labor center program programs dialog counselor analyze defense
offense license judgment
"""
)


def analysis():
    return index_body("practices")["settings"]["analysis"]


def token_filters():
    """The text analyser's token filters, in order, as their definitions."""
    settings = analysis()
    names = settings["analyzer"]["kb_text"]["filter"]
    return [(name, settings["filter"].get(name, {"type": name})) for name in names]


def elasticsearch_spelling(word):
    """``word`` through the analyser's filters up to the stemmer, the way Elasticsearch applies
    them: ``pattern_replace`` is Java's ``replaceAll`` (``$1`` names a group); a stop word is
    left out (None)."""
    for _name, definition in token_filters():
        kind = definition["type"]
        if kind == "stop":
            if word in definition["stopwords"]:
                return None
        elif kind == "pattern_replace":
            replacement = re.sub(r"\$(\d)", r"\\g<\1>", definition["replacement"])
            word = re.sub(definition["pattern"], replacement, word)
        elif kind == "snowball":
            return word
    return word


def data_words():
    found = set()
    for path in DATA.glob("*.json"):
        found |= set(WORD.findall(json.dumps(json.loads(path.read_text())).lower()))
    return found


def test_the_stop_filter_holds_exactly_the_stop_words_of_the_database_engine():
    stop = analysis()["filter"]["kb_stop"]
    assert stop == {"type": "stop", "stopwords": sorted(STOPWORDS)}
    for word in sorted(STOPWORDS):
        assert elasticsearch_spelling(word) is None


def test_filters_run_stop_words_then_spellings_then_the_stemmer():
    kinds = [definition["type"] for _name, definition in token_filters()]
    assert kinds == [
        "lowercase",
        "asciifolding",
        "stop",
        *["pattern_replace"] * len(SPELLING_RULES),
        "snowball",
    ]


@pytest.mark.parametrize("word", EXAMPLES)
def test_every_example_is_spelt_as_american_spells_it(word):
    expected = None if word in STOPWORDS else american(word)  # "your", "our": stop words
    assert elasticsearch_spelling(word) == expected


def test_british_and_american_spellings_meet():
    pairs = [
        ("localise", "localize"),
        ("localisation", "localization"),
        ("radicalisation", "radicalization"),
        ("organise", "organize"),
        ("programme", "program"),
        ("counsellor", "counselor"),
        ("defence", "defense"),
        ("behaviour", "behavior"),
        ("centre", "center"),
        ("analysed", "analyzed"),
        ("dialogue", "dialog"),
    ]
    for british, us in pairs:
        assert elasticsearch_spelling(british) == elasticsearch_spelling(us) == american(us)
        assert stem(british) == stem(us)
    # Exceptions stay as they are.
    for word in ("advise", "exercise", "promise", "tour", "four", "flour", "raise"):
        assert elasticsearch_spelling(word) == word


def test_every_word_of_the_sample_data_is_spelt_as_american_spells_it():
    words = data_words()
    assert len(words) > 1000
    different = {
        word: (elasticsearch_spelling(word), american(word))
        for word in words
        if word not in STOPWORDS and elasticsearch_spelling(word) != american(word)
    }
    assert different == {}


def test_a_changed_rule_changes_the_generated_filter():
    # Generated, not copied: the filters follow the rules as they are.
    for (pattern, exception, replacement), (_name, definition) in zip(
        SPELLING_RULES,
        [item for item in token_filters() if item[1]["type"] == "pattern_replace"],
        strict=True,
    ):
        assert definition["pattern"] == java_pattern(pattern, exception)
        assert definition["replacement"] == java_replacement(replacement)


def test_exceptions_become_fixed_width_look_behinds():
    rule = re.compile(r"^([a-z]{3,}?)is(e|es)$")
    pattern = java_pattern(rule, re.compile(r"(v|[^aeiou]r|om)$"))
    assert pattern == r"^([a-z]{3,}?)(?<!v)(?<![^aeiou]r)(?<!om)is(e|es)$"
    assert re.sub(pattern, "$1iz$2".replace("$", "\\"), "realise") == "realize"
    assert re.sub(pattern, "x", "advise") == "advise"


@pytest.mark.parametrize("exception", [r"(a|(b|c))$", r"a|b", r"(ab|cd)"])
def test_an_exception_that_cannot_be_a_look_behind_is_refused(exception):
    with pytest.raises(ValueError):
        java_pattern(re.compile(r"^([a-z]+)is(e)$"), re.compile(exception))


def test_replacements_name_groups_as_java_does():
    assert java_replacement(r"\1iz\2") == "$1iz$2"
    with pytest.raises(ValueError):
        java_replacement(r"\12")
