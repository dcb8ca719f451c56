"""The database's full-text match of practices, as SQL: FTS5 on SQLite, tsquery on PostgreSQL.

Read from Wagtail's search index entries (``wagtail.search.models.IndexEntry``), so both the
practice search (``database.py``) and the suggestions (``database_suggestions.py``) match words
the way the site's index stores them.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from wagtail.search.models import IndexEntry

from practices.models import PracticePage


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
