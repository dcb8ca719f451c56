"""The practice search service: one query in; results, facet counts and highlights out.

The listing page, the JSON API, the CSV export and the Atom feed all call ``search_practices``,
so they always agree. Engines (the database engine now, Elasticsearch next) implement
``PracticeSearchEngine.search`` and return ``SearchResults`` of exactly this shape.
"""

from dataclasses import dataclass, field, replace

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from core.countries import lookup
from core.vocabulary import Agenda, Level, Pillar, Region

from .facets import FACETS

MAX_PAGE_SIZE = 100
MAX_QUERY_LENGTH = 500  # characters kept of q; the rest cannot change a 32-term query anyway
MAX_VALUES_PER_FACET = 50
SORTS = ("relevance", "newest", "title")


class BadParameter(ValueError):
    """A request parameter that cannot be understood; ``name`` says which."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


def _clean_text(value):
    # Control characters (NUL included) are dropped: no database or engine should see them.
    return "".join(ch for ch in value if ch.isprintable() or ch in " \t")


@dataclass(frozen=True)
class PracticeQuery:
    q: str = ""
    filters: dict = field(default_factory=dict)  # facet -> tuple of values, ORed
    year_from: int | None = None
    year_to: int | None = None
    sort: str = ""  # empty: relevance with q, else newest
    page: int = 1
    page_size: int = 20

    @property
    def effective_sort(self):
        if self.sort:
            return self.sort
        return "relevance" if self.q.strip() else "newest"

    def with_page(self, page):
        return replace(self, page=page)

    @classmethod
    def from_params(cls, params, default_page_size=20):
        """Read a query from a ``QueryDict``; raise ``BadParameter`` naming what is wrong.

        Unknown facet values are not errors: they simply match nothing.
        """
        q = _clean_text(params.get("q", ""))[:MAX_QUERY_LENGTH].strip()
        filters = {}
        for facet in FACETS:
            values = [_clean_text(v).strip() for v in params.getlist(facet)]
            values = [v[:255] for v in values if v]
            if len(values) > MAX_VALUES_PER_FACET:
                raise BadParameter(facet, f"at most {MAX_VALUES_PER_FACET} values")
            if facet == "country":
                values = [(lookup(v).code if lookup(v) else v.upper()) for v in values]
            if values:
                filters[facet] = tuple(dict.fromkeys(values))
        year_from = _year(params, "year_from")
        year_to = _year(params, "year_to")
        if year_from and year_to and year_from > year_to:
            raise BadParameter("year_from", "must not be after year_to")
        sort = params.get("sort", "")
        if sort and sort not in SORTS:
            raise BadParameter("sort", f"must be one of {', '.join(SORTS)}")
        page = _positive_int(params, "page", 1, maximum=100_000)
        page_size = _positive_int(params, "page_size", default_page_size, maximum=MAX_PAGE_SIZE)
        return cls(q, filters, year_from, year_to, sort, page, page_size)

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


def _positive_int(params, name, default, maximum):
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


def _year(params, name):
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


@dataclass
class Hit:
    practice: object  # a live PracticePage, with countries, organisations and links prefetched
    score: float | None = None
    highlight: str | None = None  # HTML, escaped, matched words in <mark>


@dataclass
class SearchResults:
    query: PracticeQuery
    count: int
    hits: list
    facets: dict  # facet -> {value: count}, most frequent first

    @property
    def page(self):
        return self.query.page

    @property
    def page_size(self):
        return self.query.page_size

    @property
    def num_pages(self):
        return max(1, -(-self.count // self.page_size))


class PracticeSearchEngine:
    """What an engine implements. ``search`` must only ever return live, public practices."""

    name = "base"

    def search(self, query: PracticeQuery) -> SearchResults:  # pragma: no cover - interface
        raise NotImplementedError

    def related_provisions(self, subject, limit=5):  # pragma: no cover - interface
        """``Suggestion``s of provisions the ``SuggestionSubject`` may implement, most similar
        first (see ``search.suggestions``): the member's form, the admin and the practice page
        all ask this."""
        raise NotImplementedError

    def related_practices(self, provision, limit=5):  # pragma: no cover - interface
        """``Suggestion``s of live, public practices that may implement ``provision``."""
        raise NotImplementedError


def get_engine():
    path = getattr(settings, "PRACTICE_SEARCH_ENGINE", "search.engines.database.DatabaseEngine")
    return import_string(path)()


def search_practices(query):
    return get_engine().search(query)


FACET_VOCABULARIES = {"agenda": Agenda, "level": Level, "pillar": Pillar, "region": Region}
