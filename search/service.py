"""The practice search service: one query in; results, facet counts and highlights out.

The listing page, the JSON API, the CSV export and the Atom feed all read their query with
``search.query.PracticeQuery.from_params`` and call ``search_practices``, so they always agree.
Engines (the database engine now, Elasticsearch next) implement ``PracticeSearchEngine.search``
and return ``SearchResults`` of exactly this shape.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from .query import PracticeQuery


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
    # No practice holds every word of the query: the hits hold most of them.
    partial: bool = False

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
