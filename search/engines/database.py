"""The practice search engine on Wagtail's database search backend.

Wagtail keeps the full-text index up to date (FTS5 on SQLite, tsvector columns on PostgreSQL)
from the normalised search fields of ``PracticePage``; ``search.PracticeFacet`` holds the facet
values of live practices. This engine asks both directly, in a few statements per search:

1. the page of hits, ranked, with a join to the filtered set of live, public practices;
2. the count and every facet's counts over the same set, in one statement.

Going to the index tables directly (instead of ``queryset.search()``) is what keeps it fast:
Wagtail's queryset search ranks with a correlated subquery per row and cannot count facets.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from wagtail.models import Page
from wagtail.search.models import IndexEntry

from frameworks.textsearch import query_terms
from practices.models import PracticePage

from ..facets import FACETS
from ..highlight import excerpt
from ..models import PracticeFacet
from ..service import Hit, PracticeSearchEngine, SearchResults

ORDER_BY = {
    "relevance": "m.score DESC, p.first_published_at DESC, p.id DESC",
    "newest": "p.first_published_at DESC, p.id DESC",
    "title": "LOWER(p.title) ASC, p.id ASC",
}
PAGE_TABLE = Page._meta.db_table
PREFETCH = (
    "countries",
    "tagged_items__tag",
    "practice_organisations__organisation",
    "provision_links__provision__framework",
)


def filtered_practices(query):
    """Live, public practices that pass every filter of ``query`` (facets ANDed, values ORed)."""
    practices = PracticePage.objects.live().public()
    for facet in FACETS:
        values = query.filters.get(facet)
        if values:
            practices = practices.filter(
                pk__in=PracticeFacet.objects.filter(facet=facet, value__in=values).values(
                    "practice_id"
                )
            )
    # A period overlaps the asked years; an ongoing practice runs to this day.
    if query.year_from:
        practices = practices.filter(start_year__isnull=False).exclude(end_year__lt=query.year_from)
    if query.year_to:
        practices = practices.filter(start_year__isnull=False, start_year__lte=query.year_to)
    return practices


class TextMatch:
    """SQL of the ids (and scores) of practices whose index entry matches the query terms."""

    def __init__(self, terms, operator="AND"):
        self.terms = terms
        self.operator = operator  # AND: every term must match; OR: any (for similarity)
        self.content_type_id = ContentType.objects.get_for_model(PracticePage).pk
        self.entries = IndexEntry._meta.db_table

    def sql(self, with_score):
        if connection.vendor == "postgresql":
            return self._postgresql(with_score)
        return self._sqlite(with_score)

    def _sqlite(self, with_score):
        fts = f"{self.entries}_fts"
        # Columns of the FTS table: autocomplete, body, title. Title (which also holds the
        # summary) weighs four times the body; autocomplete is not searched.
        score = f", -bm25({fts}, 0.0, 1.0, 4.0) AS score" if with_score else ""
        joiner = f" {self.operator} "
        match = "{title body} : (" + joiner.join(f'"{t}"' for t in self.terms) + ")"
        sql = (
            f"SELECT CAST(e.object_id AS INTEGER) AS id{score} FROM {fts} "
            f"JOIN {self.entries} e ON e.id = {fts}.rowid "
            f"WHERE {fts} MATCH %s AND e.content_type_id = %s"
        )
        return sql, [match, self.content_type_id]

    def _postgresql(self, with_score):
        vector = "(e.title || e.body)"
        score = (
            ", (4 * ts_rank(e.title, q.query) + ts_rank(e.body, q.query)) AS score"
            if with_score
            else ""
        )
        sql = (
            f"SELECT CAST(e.object_id AS INTEGER) AS id{score} "
            f"FROM {self.entries} e, to_tsquery('simple', %s) AS q(query) "
            f"WHERE e.content_type_id = %s AND {vector} @@ q.query"
        )
        joiner = " & " if self.operator == "AND" else " | "
        return sql, [joiner.join(self.terms), self.content_type_id]


class DatabaseEngine(PracticeSearchEngine):
    name = "database"

    def search(self, query):
        terms = query_terms(query.q)
        if query.q and not terms:
            # Only punctuation or stop words: nothing to look for, so nothing is found.
            return SearchResults(query, 0, [], {facet: {} for facet in FACETS})

        base_sql, base_params = filtered_practices(query).values("pk").query.sql_with_params()
        match = TextMatch(terms) if terms else None
        counts, facets = self._count_and_facets(match, base_sql, base_params)
        ids_scores = self._page(query, match, base_sql, base_params) if counts else []
        hits = self._hits(ids_scores, terms)
        return SearchResults(query, counts, hits, facets)

    def _matched_cte(self, match, base_sql, base_params, with_score):
        if match is None:
            score = ", 0.0 AS score" if with_score else ""
            return (
                f"SELECT b.id{score} FROM {PAGE_TABLE} b WHERE b.id IN ({base_sql})",
                list(base_params),
            )
        text_sql, text_params = match.sql(with_score)
        return (
            f"SELECT t.* FROM ({text_sql}) AS t WHERE t.id IN ({base_sql})",
            text_params + list(base_params),
        )

    def _count_and_facets(self, match, base_sql, base_params):
        matched, params = self._matched_cte(match, base_sql, base_params, with_score=False)
        facet_table = PracticeFacet._meta.db_table
        sql = (
            f"WITH matched AS MATERIALIZED ({matched}) "
            f"SELECT '', '', COUNT(*) FROM matched "
            f"UNION ALL "
            f"SELECT f.facet, f.value, COUNT(*) FROM {facet_table} f "
            f"WHERE f.practice_id IN (SELECT id FROM matched) GROUP BY f.facet, f.value"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        count = 0
        facets = {facet: {} for facet in FACETS}
        for facet, value, n in rows:
            if facet == "":
                count = n
            elif facet in facets:
                facets[facet][value] = n
        for facet, values in facets.items():
            facets[facet] = dict(sorted(values.items(), key=lambda item: (-item[1], item[0])))
        return count, facets

    def _page(self, query, match, base_sql, base_params):
        matched, params = self._matched_cte(match, base_sql, base_params, with_score=True)
        offset = (query.page - 1) * query.page_size
        sql = (
            f"WITH matched AS ({matched}) "
            f"SELECT m.id, m.score FROM matched m JOIN {PAGE_TABLE} p ON p.id = m.id "
            f"ORDER BY {ORDER_BY[query.effective_sort]} LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, query.page_size, offset])
            return cursor.fetchall()

    def _hits(self, ids_scores, terms):
        if not ids_scores:
            return []
        pages = PracticePage.objects.filter(pk__in=[pk for pk, _ in ids_scores]).prefetch_related(
            *PREFETCH
        )
        by_id = {page.pk: page for page in pages}
        hits = []
        for pk, score in ids_scores:
            page = by_id.get(pk)
            if page is None:  # unpublished between the two statements
                continue
            highlight = None
            if terms:
                highlight = excerpt([page.summary, page.title, page.description], terms)
            hits.append(Hit(page, float(score) if terms else None, highlight))
        return hits
