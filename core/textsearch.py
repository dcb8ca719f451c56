"""Text normalisation shared by the search index and the queries run against it.

Wagtail's database search backend indexes what it is given: on SQLite it uses FTS5's
``unicode61`` tokenizer (no stemming), on PostgreSQL the ``simple`` text-search configuration we
set. So that both databases (and every engine) find the same things, the text is normalised here
before it is indexed and before it is searched: transliterated to ASCII (accents do not matter:
"Cote d'Ivoire" finds "Côte d'Ivoire"), lower-cased, split into words, spelt the American way
where British and American spellings differ ("localisation" finds "localization") and reduced
to their English stems ("mediators" finds "mediator"). A change of these rules changes what the
index holds: rebuild it (``python manage.py update_index``, and ``es_index rebuild`` with
Elasticsearch).
"""

import re
import threading
import unicodedata
from functools import lru_cache

from wagtail.search import index

from anyascii import anyascii
from snowballstemmer import stemmer

from .stopwords import STOPWORDS_BY_LANGUAGE

WORD = re.compile(r"[a-z0-9]+")
PLAIN_WORD = re.compile(r"\w+")
# A snowball stemmer keeps the word it works on in itself: one shared by threads (gunicorn's
# threaded workers) mixes their words up and fails ("string index out of range"). One a thread.
_stemmers = threading.local()


def _english():
    english = getattr(_stemmers, "english", None)
    if english is None:
        english = _stemmers.english = stemmer("english")
    return english


# The languages the search analyses with their own Snowball stemmer and stop words, by the
# registry's code (``core.vocabulary.PRACTICE_LANGUAGES``). Text in any other language is
# analysed as English, as all text was before.
SNOWBALL = {"fr": "french", "es": "spanish", "pt": "portuguese", "ar": "arabic"}
ENGLISH = "en"
ANALYSED_LANGUAGES = (ENGLISH, *SNOWBALL)


def _stemmer(language):
    held = getattr(_stemmers, language, None)
    if held is None:
        held = stemmer(SNOWBALL[language])
        setattr(_stemmers, language, held)
    return held


def analysis_language(code):
    """The language ``code`` (a practice's, or the interface's: "fr", "pt-br", "ar") is
    analysed in: one of ``ANALYSED_LANGUAGES``, English for every other."""
    base = (code or "").split("-")[0].split("_")[0].lower()
    return base if base in SNOWBALL else ENGLISH


def query_languages(language):
    """The analyses of a query typed by a visitor reading the site in ``language``: that
    language's and English (once when it is English)."""
    return tuple(dict.fromkeys((analysis_language(language), ENGLISH)))


# Words too common to narrow or rank a search (English function words); a query made only of
# them matches nothing rather than everything. Boolean operator words are here so that typing
# AND/OR/NOT is harmless. Left out on purpose: "us" and "who" (the country, the organisation).
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "near",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        # What is left of contractions and possessives once apostrophes split words
        # ("women's", "don't", "they've").
        "s",
        "t",
        "d",
        "ll",
        "m",
        "re",
        "ve",
    ]
)

# British and American spellings meet: before stemming, a word is spelt the American way by a
# few general rules (both when indexing and when searching, so either spelling finds both).
# -ise/-isation -> -ize/-ization (localise, organisation, radicalised), except after the
# endings that make other words (advise, exercise, enterprise, promise, franchise, raise...).
_ISE = re.compile(r"^([a-z]{3,}?)is(e|es|ed|ing|ation|ations|er|ers)$")
_ISE_KEEP = re.compile(r"(v|w|c|[^aeiou]r|om|em|ch|nd|d|[aeiou]|rt)$")
# -our -> -or (behaviour, labour, neighbourhood, favourite), not tour, four, your, flour...
_OUR = re.compile(
    r"^([a-z]{2,}?)our(s|ed|ing|er|ers|ite|ites|able|al|ally|hood|hoods|ful|less|ism|ist|ists)?$"
)
_OUR_KEEP = re.compile(r"(t|f|y|fl|dev|sc)$")
_SPELLINGS = (
    (re.compile(r"^([a-z]{3,})tre(s?)$"), r"\1ter\2"),  # centre, theatre, metre
    (re.compile(r"^([a-z]{3,})tr(ed|ing)$"), r"\1ter\2"),  # centred
    (re.compile(r"^([a-z]+)logues?$"), r"\1log"),  # dialogue, catalogue
    (re.compile(r"^([a-z]+)gramme(s?)$"), r"\1gram\2"),  # programme
    (re.compile(r"^([a-z]+)ellor(s?)$"), r"\1elor\2"),  # counsellor
    (re.compile(r"^([a-z]+)lys(e|es|ed|ing)$"), r"\1lyz\2"),  # analyse, paralyse
    (re.compile(r"^(de|of)fence(s|less)?$"), r"\1fense\2"),  # defence, offence
    (re.compile(r"^(licen|preten)ce(s?)$"), r"\1se\2"),  # licence, pretence
    (re.compile(r"^judgement(s?)$"), r"judgment\1"),
)


# The rules above as (pattern, exception, replacement), tried in order, the first that applies
# winning: ``pattern`` matches a whole word, ``exception`` (or None) vetoes the rule when it is
# found in the pattern's first group, ``replacement`` names the groups as \1, \2. Other
# engines that spell words themselves (Elasticsearch's analyser, see
# ``search.engines.es_documents``) are generated from these, so that they cannot drift apart.
SPELLING_RULES = (
    (_ISE, _ISE_KEEP, r"\1iz\2"),
    (_OUR, _OUR_KEEP, r"\1or\2"),
    *((pattern, None, replacement) for pattern, replacement in _SPELLINGS),
)


def american(word):
    """``word`` spelt the American way where a general rule knows it (see above)."""
    for pattern, exception, replacement in SPELLING_RULES:
        match = pattern.match(word)
        if match and not (exception and exception.search(match.group(1))):
            return match.expand(replacement)
    return word


# Arabic is written with optional diacritics (tashkeel), the stretching tatweel, several
# forms of alef (with hamza above or below, madda, wasla), and two letters people often type
# for one another at the end of a word (taa marbuta and haa, alef maqsura and yaa): all are
# reduced to one form before stemming, so that every way of writing a word meets. Arabic-Indic
# and Persian digits become ASCII digits.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans(
    {
        "\u0623": "\u0627",  # أ
        "\u0625": "\u0627",  # إ
        "\u0622": "\u0627",  # آ
        "\u0671": "\u0627",  # ٱ
        "\u0629": "\u0647",  # ة -> ه
        "\u0649": "\u064a",  # ى -> ي
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
    }
)
# A word of any script: letters and digits (not the underscore).
_TOKEN = re.compile(r"[^\W_]+")


def arabic(text):
    """``text`` with its Arabic written in one form: no diacritics or tatweel, bare alef, haa
    for taa marbuta, yaa for alef maqsura, ASCII digits."""
    return _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)


def fold(word):
    """``word`` as ASCII letters and digits only, lower-case: what the index holds."""
    return "".join(WORD.findall(anyascii(word).lower()))


@lru_cache(maxsize=50_000)
def stem(word, language=ENGLISH):
    """The index's form of ``word`` (one of ``words(text, language)``) in ``language``.

    English: spelt the American way and stemmed (the word is already ASCII). Other languages:
    stemmed with the language's Snowball stemmer, then folded to ASCII, so that the stem of
    "médiatrices" and of "mediatrice" is the same ("mediatric"). May be empty (a word of
    marks only).
    """
    if language == ENGLISH:
        return _english().stemWord(american(word))
    if language == "ar":
        word = _arabic_for_stemmer(word)
    return fold(_stemmer(language).stemWord(word))


def _arabic_for_stemmer(word):
    """A normalised Arabic word as Snowball's stemmer strips it best: a final haa written as
    taa marbuta again (the stemmer removes the feminine ending only as ة, so "وساطه" and
    "وساطة" meet), and the conjunction و or ف before the article dropped ("والسلام" is
    "السلام"; the stemmer removes the article alone)."""
    if word.endswith("\u0647"):
        word = word[:-1] + "\u0629"
    if len(word) >= 5 and word[:3] in ("\u0648\u0627\u0644", "\u0641\u0627\u0644"):
        word = word[1:]
    return word


def words(text, language=ENGLISH):
    """The lower-case words of ``text`` as ``language`` analyses them: ASCII for English (as
    the index always held English); in the script they are written in for the other languages
    (accents kept for their stemmer, Arabic normalised)."""
    if not text:
        return []
    if language == ENGLISH:
        return WORD.findall(anyascii(str(text)).lower())
    return _TOKEN.findall(arabic(_composed(str(text).lower())))


def _composed(text):
    """``text`` with its letters and accents composed (NFC: "e" and a combining acute are
    "é", as a keyboard types it) and any mark left over dropped, so that text pasted or typed
    decomposed is one word for the stemmer, not a word cut in two at each accent."""
    text = unicodedata.normalize("NFC", text)
    if text.isascii():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Mn", "Me"))


# The other languages' stop words (``core.stopwords``), as written and folded to ASCII (typed
# without accents: "tres", "esta").
_STOPWORDS = {
    language: frozenset(arabic(word) for word in listed)
    for language, listed in STOPWORDS_BY_LANGUAGE.items()
}
_FOLDED_STOPWORDS = {
    language: frozenset(fold(word) for word in listed if language != "ar")
    for language, listed in STOPWORDS_BY_LANGUAGE.items()
}


def is_stopword(word, language=ENGLISH):
    """Whether ``word`` (one of ``words(text, language)``) is a stop word of ``language``."""
    if language == ENGLISH:
        return word in STOPWORDS
    return word in _STOPWORDS[language] or fold(word) in _FOLDED_STOPWORDS[language]


def normalise(text, language=ENGLISH):
    """``text`` as the index stores it: stems separated by spaces, analysed in ``language``
    (a code of ``core.vocabulary.PRACTICE_LANGUAGES``; English when it has no analysis)."""
    language = analysis_language(language)
    stems = (stem(word, language) for word in words(text, language))
    return " ".join(s for s in stems if s)


def query_terms(text, limit=32, language=ENGLISH):
    """The distinct stems a query looks for, in order, without stop words; at most ``limit``."""
    language = analysis_language(language)
    seen = []
    for word in words(text, language):
        if is_stopword(word, language):
            continue
        term = stem(word, language)
        if term and term not in seen:
            seen.append(term)
        if len(seen) == limit:
            break
    return seen


def plain_words(text, limit=32):
    """The words of ``text`` as typed (accents kept, lower-cased), for fields indexed without
    normalisation. Only letters, digits and underscores survive, and lower case is never an
    operator, so no query syntax (quotes, brackets, ``*``, ``NEAR``, ``AND``, ``-``, ``:``...)
    reaches a search backend."""
    return [word.lower() for word in PLAIN_WORD.findall(str(text or ""))][:limit]


def text_language(obj):
    """The language ``obj``'s text is written in: its ``language`` field (a practice's), else
    its locale's (a page of another locale), else English."""
    language = getattr(obj, "language", None)
    if isinstance(language, str) and language:
        return language
    locale = getattr(obj, "locale", None)
    return getattr(locale, "language_code", None) or ENGLISH


def live_translations(obj):
    """(translation, its language) of the other live pages holding ``obj``'s text in other
    locales (the same ``translation_key``), when ``obj`` is the original: the oldest live page
    of them, whose index entry holds them all. Empty for the translations themselves and for
    objects that are not translatable pages. Read once per object."""
    held = obj.__dict__.get("_live_translations")
    if held is not None:
        return held
    held = []
    manager = type(obj)._default_manager
    if obj.pk and getattr(obj, "translation_key", None) and hasattr(manager, "live"):
        siblings = (
            manager.live()
            .filter(translation_key=obj.translation_key)
            .exclude(pk=obj.pk)
            .select_related("locale")
            .order_by("pk")
        )
        siblings = list(siblings)
        if all(sibling.pk > obj.pk for sibling in siblings):
            for sibling in siblings:
                language = text_language(sibling)
                # A copy made for a translation keeps the original's language field: the
                # locale it was made for says what it is written in.
                if sibling.locale_id != obj.locale_id:
                    language = sibling.locale.language_code
                held.append((sibling, language))
    obj.__dict__["_live_translations"] = held
    return held


class NormalisedSearchField(index.SearchField):
    """A search field whose value is normalised before indexing, in the language the object
    is written in (``text_language``); a page's field also holds the same field of its live
    translations, each normalised in its own language (``live_translations``), so that the
    original is found through any of them.

    ``source`` names the attribute (or method) to read when it differs from ``field_name``:
    Wagtail's database backend puts every field named "title" in its title column, which ranks
    above the body, so ``NormalisedSearchField("title", source="summary")`` ranks a practice's
    summary with its title.
    """

    def __init__(self, field_name, source=None, **kwargs):
        super().__init__(field_name, **kwargs)
        self.source = source or field_name

    def read(self, obj):
        value = getattr(obj, self.source, "")
        if callable(value):
            value = value()
        return value

    def get_value(self, obj):
        texts = [normalise(self.read(obj), text_language(obj))]
        texts += [normalise(self.read(t), language) for t, language in live_translations(obj)]
        return " ".join(text for text in texts if text)


class SummaryInTitleColumn(NormalisedSearchField):
    """A distinct type, so that Wagtail keeps it next to the title field of the same name."""
