"""The practice search engine on Wagtail's database search backend.

Wagtail keeps the full-text index up to date (FTS5 on SQLite, tsvector columns on PostgreSQL)
from the normalised search fields of ``PracticePage``; ``search.PracticeFacet`` holds the facet
values of live practices. This engine asks both directly, in one statement per search: the
full-text match, filtered to live, public practices, is computed once (a materialised CTE) and
gives the count, every facet's counts and the ranked page of hits together (on SQLite, after
a look-up of the match size that chooses how the filters are applied: ``_matched``); with
filters, the text is matched once and each match flagged with the filters it passes
(``_flagged``), so that a facet with an active filter is counted without its own filter
(``_count_facets_and_page``). The 20 hits are then loaded with their relations in one query
per relation.

Going to the index tables directly (instead of ``queryset.search()``) is what keeps it fast:
Wagtail's queryset search ranks with a correlated subquery per row and cannot count facets.
"""

from dataclasses import replace

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch
from django.db.models.expressions import RawSQL

from wagtail.models import Page
from wagtail.search.models import IndexEntry

from practices.models import (
    PracticeOrganisation,
    PracticePage,
    PracticeProvisionLink,
    PracticeTag,
)

from ..facets import FACETS
from ..highlight import excerpt
from ..models import PracticeFacet
from ..service import Hit, PracticeSearchEngine, SearchResults
from .fulltext import AnyTerms, TextMatch

ORDER_BY = {
    "relevance": "m.score DESC, p.first_published_at DESC, p.id DESC",
    "newest": "p.first_published_at DESC, p.id DESC",
    "title": "LOWER(p.title) ASC, p.id ASC",
}
PAGE_TABLE = Page._meta.db_table
# A search reads index entries, pages and facet rows all over the database file. Through
# SQLite's default 2 MB page cache each of those reads is a system call; memory-mapped, it is a
# memory access (the pages are the operating system's file cache, shared by every connection).
# A per-connection setting; setting it again remaps the file, so it is set only when not yet.
SQLITE_MMAP_BYTES = 1 << 30
SQLITE_MMAP = f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}"
# Document counts per term of the FTS index (SQLite), for the choice of plan in ``_matched``.
VOCABULARY = "practice_search_vocabulary"


def _map_sqlite_file(cursor):
    cursor.execute("PRAGMA mmap_size")
    current = cursor.fetchone()  # no row for an in-memory database: nothing to map
    if current is not None and current[0] != SQLITE_MMAP_BYTES:
        cursor.execute(SQLITE_MMAP)


# The same relations as prefetching "tagged_items__tag", "practice_organisations__organisation"
# and "provision_links__provision__framework", each in one query with a join instead of two or
# three: a third of the cost of loading a page of hits.
PREFETCH = (
    "countries",
    Prefetch("tagged_items", queryset=PracticeTag.objects.select_related("tag")),
    Prefetch(
        "practice_organisations",
        queryset=PracticeOrganisation.objects.select_related("organisation"),
    ),
    Prefetch(
        "provision_links",
        queryset=PracticeProvisionLink.objects.select_related("provision__framework"),
    ),
)


def filtered_practices(query, facets=True):
    """Live, public practices that pass every filter of ``query`` (facets ANDed, values ORed).

    With ``facets=False``, only the live, public and year conditions (see ``facet_filter_sql``).
    """
    practices = PracticePage.objects.live().public()
    for facet in FACETS if facets else ():
        values = query.filters.get(facet)
        if values:
            # Correlated, so that each candidate is checked with one index look-up.
            practices = practices.filter(
                Exists(
                    PracticeFacet.objects.filter(
                        practice_id=OuterRef("pk"), facet=facet, value__in=values
                    )
                )
            )
    # A period overlaps the asked years; an ongoing practice runs to this day.
    if query.year_from:
        practices = practices.filter(start_year__isnull=False).exclude(end_year__lt=query.year_from)
    if query.year_to:
        practices = practices.filter(start_year__isnull=False, start_year__lte=query.year_to)
    return practices


def facet_filter_sql(query):
    """SQL of the ids of practices with the facet filters of ``query``, as a set; None if none.

    One range of the (facet, value, practice) index per facet, intersected: the same practices
    as ``filtered_practices``' EXISTS conditions (facets ANDed, values ORed), but read once as a
    whole instead of looked up per candidate.
    """
    table = PracticeFacet._meta.db_table
    selects, params = [], []
    for facet in FACETS:
        values = query.filters.get(facet)
        if values:
            placeholders = ", ".join(["%s"] * len(values))
            selects.append(
                f"SELECT practice_id FROM {table} WHERE facet = %s AND value IN ({placeholders})"
            )
            params += [facet, *values]
    if not selects:
        return None
    return " INTERSECT ".join(selects), params


class DatabaseEngine(PracticeSearchEngine):
    name = "database"

    def search(self, query):
        text = query.text
        terms = text.terms
        if query.q and not text:
            # Only punctuation or stop words: nothing to look for, so nothing is found.
            return SearchResults(query, 0, [], {facet: {} for facet in FACETS})
        count, facets, ids_scores = self._count_facets_and_page(query, terms)
        partial = False
        if len(terms) > 1 and count < query.page_size:
            # Fewer practices than a page hold every word: those first, then those holding
            # most of them (the second statement only when the first page is not full, so a
            # common query costs what it did). Phrases and exclusions hold in both passes.
            # ``partial``: none holds them all.
            all_words = count
            count, facets, ids_scores = self._count_facets_and_page(query, AnyTerms(terms))
            partial = all_words == 0 and count > 0
        hits = self._hits(ids_scores, terms)
        return SearchResults(query, count, hits, facets, partial=partial)

    # The match size from which filters are applied as sets (see ``_matched``): a fraction of
    # all index entries. Measured with the benchmark's query mix on 10,000 and 100,000
    # practices (SQLite 3.40): per-candidate look-ups win below about 10% (rare words: the
    # sets cost a read of each filter's whole index range, up to 20-40 ms at 100,000, for a
    # few hundred matches), the sets win above about 15% (at 100,000 a near-universal word:
    # 70-145 ms instead of 140-210 ms), and both are within a few ms of each other between.
    FILTERS_AS_SETS_FROM = 0.15

    def _matched(self, query, terms):
        """SQL of (id, score) of the live, public practices matching text and filters.

        Without text, the filtered set is the answer. With text, the full-text match drives,
        and the facet filters are applied in one of two ways, chosen by the size of the match
        (``_filters_as_sets``); both give the same rows:

        - per candidate (few matches): each matching index entry is checked against the filters
          by primary key and index look-ups (a correlated EXISTS), so the cost follows the
          number of matches, not the size of the filtered set;
        - as sets (many matches): the practices of each filter are read from the facet index
          and intersected once (``facet_filter_sql``), and a match is kept if its id is in that
          set; the score (bm25) is then computed only for the matches that pass.
        """
        text = query.text
        if not terms:
            practices = filtered_practices(query).order_by()
            base_sql, base_params = practices.values("pk").query.sql_with_params()
            sql = f"SELECT b.pk AS id, 0.0 AS score FROM ({base_sql}) AS b"
            if text.excluded:
                # Only exclusions: every practice but those holding an excluded word or
                # phrase (neither FTS5 nor an index scan can match a NOT alone).
                excluded_sql, excluded_params = TextMatch(
                    [], operator="OR", phrases=text.excluded_terms
                ).sql(with_score=False)
                sql += f" WHERE b.pk NOT IN ({excluded_sql})"
                return sql, [*base_params, *excluded_params]
            return sql, list(base_params)
        any_terms = isinstance(terms, AnyTerms)
        text_sql, text_params = TextMatch(
            terms,
            operator="OR" if any_terms else "AND",
            rank_by_coordination=any_terms,
            phrases=text.phrase_terms,
            excluded=text.excluded_terms,
            places=(text.countries, text.regions),
        ).sql(with_score=True)
        as_sets = facet_filter_sql(query)
        if as_sets is not None and self._filters_as_sets(terms):
            practices = filtered_practices(query, facets=False).order_by()
            in_sets, set_params = as_sets
            condition, condition_params = f"t.id IN ({in_sets}) AND ", set_params
        else:
            practices = filtered_practices(query).order_by()
            condition, condition_params = "", []
        one = practices.filter(pk=RawSQL("t.id", ())).values("pk")
        base_sql, base_params = one.query.sql_with_params()
        return (
            f"SELECT t.id, t.score FROM ({text_sql}) AS t WHERE {condition}EXISTS ({base_sql})",
            text_params + condition_params + list(base_params),
        )

    def _filters_as_sets(self, terms):
        """Whether the text is expected to match ``FILTERS_AS_SETS_FROM`` of the index or more.

        On SQLite the estimate is the number of documents holding the rarest term (an upper
        bound of the match, which needs every term), or all the terms' numbers added up when
        any term may match (``AnyTerms``), read from an ``fts5vocab`` table over the
        FTS index, against the number of index entries (the largest id): two index look-ups.
        Elsewhere (PostgreSQL plans the filters itself), per candidate.
        """
        if connection.vendor != "sqlite":
            return False
        placeholders = ", ".join(["%s"] * len(terms))
        with connection.cursor() as cursor:
            # A per-connection table of the temporary schema (nothing is written to the file);
            # created again if a rolled-back transaction took it away.
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{VOCABULARY} "
                f"USING fts5vocab(main, {IndexEntry._meta.db_table}_fts, 'row')"
            )
            bound = "SUM" if isinstance(terms, AnyTerms) else "MIN"
            cursor.execute(
                f"SELECT (SELECT {bound}(doc) FROM temp.{VOCABULARY} "
                f"WHERE term IN ({placeholders})), "
                f"(SELECT MAX(id) FROM {IndexEntry._meta.db_table})",
                list(terms),
            )
            rarest, entries = cursor.fetchone()
        return bool(rarest and entries) and rarest >= self.FILTERS_AS_SETS_FROM * entries

    def _count_facets_and_page(self, query, terms):
        """The count, every facet's counts and the page of (id, score), in one statement.

        The matched set is computed once (a materialised CTE): the full-text match, the
        filters and the scores are evaluated a single time for the count, the facets and the
        page together.

        Facet counts are disjunctive: a facet with an active filter is counted over the
        practices matching the text, the years and every other facet's filter, not its own, so
        each of its values keeps the number it would add when ticked; a facet without a filter
        is counted over the matched set. With filters, the text and years are matched once
        (``_flagged``), each match flagged with the active facets it passes; the matched set is
        the matches passing every flag, and an active facet is counted over those passing
        every other facet's flag.
        """
        facet_table = PracticeFacet._meta.db_table
        active = [facet for facet in FACETS if query.filters.get(facet)]
        others, other_counts, other_params, count_params = "", "", [], []
        if active:
            flagged, other_params = self._flagged(query, terms, active)
            every = " AND ".join(f"flag_{n}" for n in range(len(active)))
            others = f", flagged AS MATERIALIZED ({flagged})"
            matched, params = f"SELECT id, score FROM flagged WHERE {every}", []
            for n, facet in enumerate(active):
                rest = " AND ".join(f"m.flag_{k}" for k in range(len(active)) if k != n)
                other_counts += (
                    f"UNION ALL "
                    f"SELECT 1, f.facet, f.value, COUNT(*), 0.0 "
                    f"FROM flagged m CROSS JOIN {facet_table} f "
                    f"WHERE {rest + ' AND ' if rest else ''}"
                    f"f.practice_id = m.id AND f.facet = %s "
                    f"GROUP BY f.facet, f.value "
                )
                count_params.append(facet)
        else:
            matched, params = self._matched(query, terms)
        unfiltered = ""
        if active:
            unfiltered = f"AND f.facet NOT IN ({', '.join(['%s'] * len(active))}) "
        offset = (query.page - 1) * query.page_size
        cut, cut_params = "", []
        if query.effective_sort == "relevance":
            # Only matches scoring at least the page's last place can be on the page (ties
            # included; every match when there are fewer): the page table is joined for those
            # alone, not for every match (at 100,000, 8-16 ms less for a near-universal word).
            cut = (
                "WHERE m.score >= COALESCE((SELECT score FROM matched "
                "ORDER BY score DESC LIMIT 1 OFFSET %s), m.score) "
            )
            cut_params = [offset + query.page_size - 1]
        sql = (
            f"WITH {others[2:] + ', ' if others else ''}matched AS MATERIALIZED ({matched}) "
            f"SELECT 0, '', '', COUNT(*), 0.0 FROM matched "
            f"UNION ALL "
            # CROSS JOIN keeps SQLite's loop order: the matches, then each one's facet rows by
            # index, instead of scanning the whole facet table (PostgreSQL plans it freely).
            f"SELECT 1, f.facet, f.value, COUNT(*), 0.0 "
            f"FROM matched m CROSS JOIN {facet_table} f WHERE f.practice_id = m.id "
            f"{unfiltered}"
            f"GROUP BY f.facet, f.value "
            f"{other_counts}"
            f"UNION ALL "
            f"SELECT * FROM (SELECT 2, '', '', m.id, m.score FROM matched m "
            f"JOIN {PAGE_TABLE} p ON p.id = m.id {cut}"
            f"ORDER BY {ORDER_BY[query.effective_sort]} LIMIT %s OFFSET %s) AS page"
        )
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                _map_sqlite_file(cursor)
            cursor.execute(
                sql,
                [
                    *other_params,
                    *params,
                    *active,
                    *count_params,
                    *cut_params,
                    query.page_size,
                    offset,
                ],
            )
            rows = cursor.fetchall()
        count, ids_scores = 0, []
        facets = {facet: {} for facet in FACETS}
        for kind, facet, value, number, score in rows:
            if kind == 0:
                count = number
            elif kind == 1:
                if facet in facets:
                    facets[facet][value] = number
            else:
                ids_scores.append((number, score))
        for facet, values in facets.items():
            facets[facet] = dict(sorted(values.items(), key=lambda item: (-item[1], item[0])))
        return count, facets, ids_scores

    def _flagged(self, query, terms, active):
        """SQL of (id, score, flag_0, flag_1...) of the live, public practices matching the
        text and the years of ``query`` (not its facet filters), ``flag_n`` whether the
        practice has one of the values asked of the ``n``-th facet of ``active``.

        The flags are read as ``_matched`` applies filters, chosen by the size of the match:
        one index look-up per match and facet (few matches), or each facet's practices read
        once as a set and each match looked up in it (many matches; always without text).
        """
        matched, params = self._matched(replace(query, filters={}), terms)
        as_sets = not terms or self._filters_as_sets(terms)
        table = PracticeFacet._meta.db_table
        flags, flag_params = "", []
        for n, facet in enumerate(active):
            values = query.filters[facet]
            placeholders = ", ".join(["%s"] * len(values))
            having = (
                f"SELECT practice_id FROM {table} WHERE facet = %s AND value IN ({placeholders})"
            )
            if as_sets:
                flags += f", b.id IN ({having}) AS flag_{n}"
            else:
                flags += f", EXISTS ({having} AND practice_id = b.id) AS flag_{n}"
            flag_params += [facet, *values]
        return f"SELECT b.id, b.score{flags} FROM ({matched}) AS b", flag_params + params

    def _hits(self, ids_scores, terms):
        if not ids_scores:
            return []
        pages = (
            PracticePage.objects.live()
            .filter(pk__in=[pk for pk, _ in ids_scores])
            .order_by()  # the statement's order is kept below
            .prefetch_related(*PREFETCH)
        )
        by_id = {page.pk: page for page in pages}
        hits = []
        for pk, score in ids_scores:
            page = by_id.get(pk)
            if page is None:  # unpublished or deleted since the statement
                continue
            highlight = None
            if terms:
                highlight = excerpt([page.summary, page.title, page.description], terms)
            hits.append(Hit(page, float(score) if terms else None, highlight))
        return hits

    # Suggestions (see search.suggestions): TF-IDF and the full-text index.

    def related_provisions(self, subject, limit=5):
        from .database_suggestions import related_provisions

        return related_provisions(subject, limit)

    def related_practices(self, provision, limit=5):
        from .database_suggestions import related_practices

        return related_practices(provision, limit)
