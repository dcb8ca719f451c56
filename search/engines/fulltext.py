"""The database's full-text match of practices, as SQL: FTS5 on SQLite, tsquery on PostgreSQL.

Read from Wagtail's search index entries (``wagtail.search.models.IndexEntry``), so both the
practice search (``database.py``) and the suggestions (``database_suggestions.py``) match words
the way the site's index stores them.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from wagtail.search.models import IndexEntry

from practices.models import PracticePage


class AnyTerms(list):
    """Query terms of which any may match: the practice search's second pass (see
    ``DatabaseEngine.search``), ranked by how many of them match (``TextMatch``)."""


# With ``rank_by_coordination``: a match's text score (BM25 on SQLite, ts_rank on PostgreSQL)
# is multiplied by the share of the query's distinct terms it holds, and a match holding every
# term is raised above all others by ``ALL_TERMS``, so that practices with all the words come
# first, then those with most of them.
ALL_TERMS = 1000.0


class TextMatch:
    """SQL of the ids (and scores) of practices whose index entry matches the query terms."""

    def __init__(self, terms, operator="AND", rank_by_coordination=False):
        self.terms = list(terms)
        self.operator = operator  # AND: every term must match; OR: any
        self.rank_by_coordination = rank_by_coordination and operator == "OR"
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
        held, held_params = "", []
        if with_score and self.rank_by_coordination:
            # Which terms each match holds: one look-up of each term's entries (computed once,
            # not per row), then a membership test per match.
            held = ", " + " + ".join(
                f"(e.id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s))" for _ in self.terms
            )
            held_params = [f'{{title body}} : "{t}"' for t in self.terms]
        joiner = f" {self.operator} "
        match = "{title body} : (" + joiner.join(f'"{t}"' for t in self.terms) + ")"
        sql = (
            f"SELECT CAST(e.object_id AS INTEGER) AS id{score}{held and held + ' AS held'} "
            f"FROM {fts} JOIN {self.entries} e ON e.id = {fts}.rowid "
            f"WHERE {fts} MATCH %s AND e.content_type_id = %s"
        )
        return self._coordinated(sql, held), [*held_params, match, self.content_type_id]

    def _postgresql(self, with_score):
        vector = "(e.title || e.body)"
        score = (
            ", (4 * ts_rank(e.title, q.query) + ts_rank(e.body, q.query)) AS score"
            if with_score
            else ""
        )
        held, held_params = "", []
        if with_score and self.rank_by_coordination:
            held = ", " + " + ".join(
                f"CAST({vector} @@ to_tsquery('simple', %s) AS INTEGER)" for _ in self.terms
            )
            held_params = list(self.terms)
        sql = (
            f"SELECT CAST(e.object_id AS INTEGER) AS id{score}{held and held + ' AS held'} "
            f"FROM {self.entries} e, to_tsquery('simple', %s) AS q(query) "
            f"WHERE e.content_type_id = %s AND {vector} @@ q.query"
        )
        joiner = " & " if self.operator == "AND" else " | "
        params = [*held_params, joiner.join(self.terms), self.content_type_id]
        return self._coordinated(sql, held), params

    def _coordinated(self, sql, held):
        """``sql`` as (id, score), the score scaled by the share of the terms each match holds
        and raised by ``ALL_TERMS`` when it holds them all; ``sql`` itself without ``held``."""
        if not held:
            return sql
        total = float(len(self.terms))
        return (
            f"SELECT c.id, c.score * c.held / {total} "
            f"+ CASE WHEN c.held >= {total} THEN {ALL_TERMS} ELSE 0.0 END AS score "
            f"FROM ({sql}) AS c"
        )
