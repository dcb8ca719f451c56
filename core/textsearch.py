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
from functools import lru_cache

from wagtail.search import index

from anyascii import anyascii
from snowballstemmer import stemmer

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


@lru_cache(maxsize=50_000)
def stem(word):
    return _english().stemWord(american(word))


def words(text):
    """The ASCII, lower-case words of ``text``."""
    if not text:
        return []
    return WORD.findall(anyascii(str(text)).lower())


def normalise(text):
    """``text`` as the index stores it: stems separated by spaces."""
    return " ".join(stem(word) for word in words(text))


def query_terms(text, limit=32):
    """The distinct stems a query looks for, in order, without stop words; at most ``limit``."""
    seen = []
    for word in words(text):
        if word in STOPWORDS:
            continue
        term = stem(word)
        if term not in seen:
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


class NormalisedSearchField(index.SearchField):
    """A search field whose value is normalised before indexing.

    ``source`` names the attribute (or method) to read when it differs from ``field_name``:
    Wagtail's database backend puts every field named "title" in its title column, which ranks
    above the body, so ``NormalisedSearchField("title", source="summary")`` ranks a practice's
    summary with its title.
    """

    def __init__(self, field_name, source=None, **kwargs):
        super().__init__(field_name, **kwargs)
        self.source = source or field_name

    def get_value(self, obj):
        value = getattr(obj, self.source, "")
        if callable(value):
            value = value()
        return normalise(value)


class SummaryInTitleColumn(NormalisedSearchField):
    """A distinct type, so that Wagtail keeps it next to the title field of the same name."""
