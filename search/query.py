"""The practice search query and how it is read from a request's parameters.

``PracticeQuery.from_params`` is the one parser of the practice listing's parameters: the
listing, the JSON API, the CSV export and the Atom feed all read their query with it, so a URL
means the same everywhere. ``clean_text``, ``positive_int`` and ``year`` read the other
endpoints' parameters (site search, the frameworks of the API) the same way.
"""

import re
from dataclasses import dataclass, field, replace
from functools import cached_property

from django.utils import timezone

from core.countries import places_named
from core.textsearch import ENGLISH, fold, is_stopword, query_languages, stem, words

from .facets import FACETS

MAX_PAGE = 100_000
MAX_PAGE_SIZE = 100
MAX_QUERY_LENGTH = 500  # characters kept of q; the rest cannot change a 32-term query anyway
MAX_VALUES_PER_FACET = 50
MAX_TERMS = 32  # distinct words looked for; more cannot narrow a page of practices further
MAX_PHRASES = 8  # quoted phrases and exclusions, each
# A quoted phrase (straight or typographic quotes; an unclosed quote runs to the end) or a run
# of anything else; either may start with "-" (an exclusion).
_QUOTES = '"\u201c\u201d\u00ab\u00bb'
# Hyphen-minus, and the minus sign and dashes that phones and word processors type instead.
_MINUS = "-\u2010\u2012\u2013\u2014\u2212\ufe63\uff0d"
_PART = re.compile(rf"([{re.escape(_MINUS)}]*)[{_QUOTES}]([^{_QUOTES}]*)[{_QUOTES}]?|(\S+)")
SORTS = ("relevance", "newest", "title")


class BadParameter(ValueError):
    """A request parameter that cannot be understood; ``name`` says which."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


def clean_text(value):
    """``value`` without control characters (NUL included): no database or engine sees them."""
    return "".join(ch for ch in value if ch.isprintable() or ch in " \t")


class Either(tuple):
    """Alternatives, any of which matches: a word's (or a phrase's) stems in each language a
    query is analysed in, in the order of ``TextQuery.languages`` (so the n-th of every
    word's alternatives is the same language's). A word whose analyses give one stem is that
    stem alone, not an ``Either``."""

    def distinct(self):
        return tuple(dict.fromkeys(self))


def alternatives(term):
    """The distinct stems (or stem tuples) of ``term``: itself alone unless an ``Either``."""
    return term.distinct() if isinstance(term, Either) else (term,)


def in_language(term, index):
    """The alternative of ``term`` in the ``index``-th language of its query."""
    return term[index] if isinstance(term, Either) else term


def _form(word, language):
    """``word`` (a token of the query's first language) as ``language`` reads it: English
    reads ASCII (``core.textsearch.words``), the others read the token as typed."""
    return fold(word) if language == ENGLISH else word


def _analysed(forms):
    """One stem, or an ``Either`` of each language's, from (stem, ...) in language order."""
    return forms[0] if len(set(forms)) == 1 else Either(forms)


def _trimmed(part_words, languages=(ENGLISH,)):
    """``part_words`` without the stop words at either end: a phrase's stop words count only
    between its words ("of women" asks for "women"), in every engine alike."""
    start, end = 0, len(part_words)

    def stop(word):
        return any(is_stopword(_form(word, language), language) for language in languages)

    while start < end and stop(part_words[start]):
        start += 1
    while end > start and stop(part_words[end - 1]):
        end -= 1
    return part_words[start:end]


@dataclass(frozen=True)
class TextQuery:
    """What the words of a practice search ask for, read from the text a person typed.

    Everything typed is plain text; nothing in it is syntax that can fail:

    - ``words``: the words looked for (lower-case ASCII, as typed), without stop words and one
      per stem, at most ``MAX_TERMS``; the words of quoted phrases are among them. ``terms``:
      their stems, as the index stores words (``core.textsearch``). In English, the words are
      ASCII; in another language (``languages``: the visitor's, then English), as typed,
      lower-case, and each is analysed in both.
    - ``phrases``: each quoted phrase's words, stop words kept between words (``"role of
      women"``) and dropped at its ends (``"of women"`` is ``women``); a match must hold them
      in that order, next to each other. A quoted single word is required too.
    - ``excluded``: words or quoted phrases after a leading ``-`` (``-military``,
      ``-"armed groups"``; a minus sign or a dash typed instead counts too); a match must hold
      none. A hyphen inside a word
      ("peace-building", "ex-combatants") only separates words.
    - ``countries`` and ``regions``: the places named (``core.countries.places_named``), a strong
      ranking signal for practices in them; the names stay words to look for.
    """

    words: tuple = ()
    phrases: tuple = ()
    excluded: tuple = ()
    countries: tuple = ()
    regions: tuple = ()
    languages: tuple = (ENGLISH,)

    @classmethod
    def parse(cls, text, language=ENGLISH):
        """Read ``text`` typed by a visitor reading the site in ``language``: each word is
        analysed in that language and in English (``core.textsearch.query_languages``), and
        matches either analysis. A word that is a stop word in either is left out."""
        languages = query_languages(language)
        found, seen, phrases, excluded, named = [], set(), [], [], []

        def stop(word):
            return any(is_stopword(_form(word, lang), lang) for lang in languages)

        def look_for(part_words):
            for word in part_words:
                if stop(word) or len(found) == MAX_TERMS:
                    continue
                term = cls._term(word, languages)
                if term not in seen:
                    seen.add(term)
                    found.append(word)

        for minus, quoted, plain in _PART.findall(text or ""):
            if plain and plain[0] in _MINUS:
                minus, plain = "-", plain.lstrip(_MINUS)
                if not plain:
                    continue
            part_words = words(quoted if plain == "" else plain, languages[0])
            # A word without an analysis in every language (marks alone) is no word.
            part_words = [w for w in part_words if all(cls._stems(w, languages))]
            part_words = _trimmed(part_words, languages)
            if not part_words:
                continue
            # Trimmed, a part that is not empty starts and ends with a word that is not a stop
            # word: stop words alone ask for nothing.
            if minus:
                if len(excluded) < MAX_PHRASES:
                    excluded.append(tuple(part_words))
                continue
            named += [fold(word) for word in part_words]
            look_for(part_words)
            if plain == "" and len(phrases) < MAX_PHRASES:
                phrases.append(tuple(part_words))
        countries, regions = places_named(named)
        return cls(
            tuple(found),
            tuple(phrases),
            tuple(excluded),
            tuple(countries),
            tuple(regions),
            languages,
        )

    @staticmethod
    def _stems(word, languages):
        return tuple(stem(_form(word, language), language) for language in languages)

    @classmethod
    def _term(cls, word, languages):
        return _analysed(cls._stems(word, languages))

    def _phrase(self, phrase):
        by_language = tuple(
            tuple(stem(_form(word, language), language) for word in phrase)
            for language in self.languages
        )
        return _analysed(by_language)

    @property
    def terms(self):
        """What the database index holds of ``words``: for each word its stem, or an
        ``Either`` of its stems in each of the query's languages (any of them matches; a word
        counts once however many of them a practice holds)."""
        return [self._term(word, self.languages) for word in self.words]

    @property
    def phrase_terms(self):
        return [self._phrase(phrase) for phrase in self.phrases]

    @property
    def excluded_terms(self):
        return [self._phrase(phrase) for phrase in self.excluded]

    @property
    def places(self):
        """Whether a country or region is named."""
        return bool(self.countries or self.regions)

    def __bool__(self):
        """Whether the text asks for anything: words to find or to exclude."""
        return bool(self.words or self.excluded)


@dataclass(frozen=True)
class PracticeQuery:
    q: str = ""
    filters: dict = field(default_factory=dict)  # facet -> tuple of values, ORed
    year_from: int | None = None
    year_to: int | None = None
    sort: str = ""  # empty: relevance with q, else newest
    page: int = 1
    page_size: int = 20
    # The visitor's language (the interface's, or the API's ``lang``): ``q`` is analysed in it
    # and in English.
    language: str = ENGLISH

    @cached_property
    def text(self):
        """``q`` read as a ``TextQuery``."""
        return TextQuery.parse(self.q, self.language)

    @property
    def effective_sort(self):
        if self.sort:
            return self.sort
        return "relevance" if self.q.strip() else "newest"

    def with_page(self, page):
        return replace(self, page=page)

    @classmethod
    def from_params(cls, params, default_page_size=20, language=ENGLISH):
        """Read a query from a ``QueryDict``; raise ``BadParameter`` naming what is wrong.
        ``language``: the visitor's, in which (and in English) ``q`` is analysed.

        Unknown facet values are not errors: they simply match nothing.
        """
        q = clean_text(params.get("q", ""))[:MAX_QUERY_LENGTH].strip()
        filters = {}
        for name, facet in FACETS.items():
            values = [clean_text(v).strip() for v in params.getlist(name)]
            values = [v[:255] for v in values if v]
            if len(values) > MAX_VALUES_PER_FACET:
                raise BadParameter(name, f"at most {MAX_VALUES_PER_FACET} values")
            values = [facet.vocabulary.read(v) for v in values]
            if values:
                filters[name] = tuple(dict.fromkeys(values))
        year_from = year(params, "year_from")
        year_to = year(params, "year_to")
        if year_from and year_to and year_from > year_to:
            raise BadParameter("year_from", "must not be after year_to")
        sort = params.get("sort", "")
        if sort and sort not in SORTS:
            raise BadParameter("sort", f"must be one of {', '.join(SORTS)}")
        page = positive_int(params, "page", 1, maximum=MAX_PAGE)
        page_size = positive_int(params, "page_size", default_page_size, maximum=MAX_PAGE_SIZE)
        return cls(q, filters, year_from, year_to, sort, page, page_size, language)

    def to_params(self):
        """The query as a list of (name, value) pairs, for shareable URLs."""
        pairs = []
        if self.q:
            pairs.append(("q", self.q))
        for facet in FACETS:
            pairs += [(facet, value) for value in self.filters.get(facet, ())]
        if self.year_from:
            pairs.append(("year_from", str(self.year_from)))
        if self.year_to:
            pairs.append(("year_to", str(self.year_to)))
        if self.sort:
            pairs.append(("sort", self.sort))
        return pairs


def positive_int(params, name, default, maximum):
    """The whole number ``params[name]`` in 1..``maximum``, ``default`` when absent or empty."""
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise BadParameter(name, "must be a whole number") from None
    if not 1 <= value <= maximum:
        raise BadParameter(name, f"must be between 1 and {maximum}")
    return value


def year(params, name):
    """The year ``params[name]``, from 1900 to ten years from now; None when absent or empty."""
    raw = params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise BadParameter(name, "must be a year, e.g. 2015") from None
    latest = timezone.now().year + 10
    if not 1900 <= value <= latest:
        raise BadParameter(name, f"must be a year between 1900 and {latest}")
    return value
