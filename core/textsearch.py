"""Text normalisation shared by the search index and the queries run against it.

Wagtail's database search backend indexes what it is given: on SQLite it uses FTS5's
``unicode61`` tokenizer (no stemming), on PostgreSQL the ``simple`` text-search configuration we
set. So that both databases (and every engine) find the same things, the text is normalised here
before it is indexed and before it is searched: transliterated to ASCII (accents do not matter:
"Cote d'Ivoire" finds "Côte d'Ivoire"), lower-cased, split into words and reduced to their
English stems ("mediators" finds "mediator").
"""

import re
from functools import lru_cache

from wagtail.search import index

from anyascii import anyascii
from snowballstemmer import stemmer

WORD = re.compile(r"[a-z0-9]+")
PLAIN_WORD = re.compile(r"\w+")
_english = stemmer("english")

# Words too common to narrow a search; a query made only of them matches nothing rather than
# everything. Boolean operator words are here so that typing AND/OR/NOT is harmless.
STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "near",
        "not",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "were",
        "with",
    }
)


@lru_cache(maxsize=50_000)
def stem(word):
    return _english.stemWord(word)


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
