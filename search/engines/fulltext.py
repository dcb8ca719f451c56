"""The database's full-text match of practices, as SQL: FTS5 on SQLite, tsquery on PostgreSQL.

Read from Wagtail's search index entries (``wagtail.search.models.IndexEntry``), so both the
practice search (``database.py``) and the suggestions (``database_suggestions.py``) match words
the way the site's index stores them.

Every word and phrase given here is a stem of ``core.textsearch`` (ASCII letters and digits
only), so nothing a person typed reaches FTS5 or ``to_tsquery`` as syntax.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from wagtail.search.models import IndexEntry

from practices.models import PracticePage

from ..models import PracticeFacet


class AnyTerms(list):
    """Query terms of which any may match: the practice search's second pass (see
    ``DatabaseEngine.search``), ranked by how many of them match (``TextMatch``)."""


# The score of a match in the practice search: its tier (1 for a match holding every word of
# the query, 0 for the others) plus its rank within the tier, in [0, 1): half of it for being
# in a country the query names (or in a country of a region it names), half for its text score
# (BM25 on SQLite, ts_rank on PostgreSQL, with the proximity bonus below) squashed by
# s / (1 + s), which keeps the order. So the whole part of a score says whether the match
# holds all the words, no bonus lifts a match above one holding them all, and among those a
# practice in a place named ranks above any text score elsewhere. A partial match's text score
# and place bonus are scaled by the share of the words it holds, so holding more ranks higher,
# yet a strong match of fewer words can outrank a weak match of more (strict word-count order
# was measured: it lowered the judged queries' nDCG@5).
# A match holding all the words within NEAR_TOKENS of one another: its text score times
# (1 + NEAR_BONUS) (on PostgreSQL, a share of it following the cover density, ts_rank_cd).
NEAR_BONUS = 1.0
NEAR_TOKENS = 10


class TextMatch:
    """SQL of the ids (and scores) of practices whose index entry matches the query terms.

    ``phrases`` (tuples of stems) must each match, words adjacent and in order, with either
    operator (with OR and no terms: any of them); ``excluded`` (tuples of stems, a word or a
    phrase) must not match; ``places`` (countries, regions) raise the score of the practices
    in them.
    """

    def __init__(
        self,
        terms,
        operator="AND",
        rank_by_coordination=False,
        phrases=(),
        excluded=(),
        places=((), ()),
    ):
        self.terms = list(terms)
        self.operator = operator  # AND: every term must match; OR: any
        self.rank_by_coordination = rank_by_coordination and operator == "OR"
        # Ranked in tiers, with the proximity bonus: the practice search's two passes (a
        # plain OR, as the suggestions ask, keeps its text score).
        self.tiered = operator == "AND" or self.rank_by_coordination
        self.phrases = [tuple(p) for p in phrases if p]
        self.excluded = [tuple(p) for p in excluded if p]
        self.countries, self.regions = (list(v) for v in places)
        self.content_type_id = ContentType.objects.get_for_model(PracticePage).pk
        self.entries = IndexEntry._meta.db_table

    def sql(self, with_score):
        if connection.vendor == "postgresql":
            return self._postgresql(with_score)
        return self._sqlite(with_score)

    # SQLite: FTS5 query strings.

    @staticmethod
    def _fts_phrase(stems):
        return '"' + " ".join(stems) + '"'

    def fts_query(self):
        """The FTS5 query: the words (all or any), every phrase, none of the excluded."""
        words = [self._fts_phrase([t]) for t in self.terms]
        phrases = [self._fts_phrase(p) for p in self.phrases]
        if self.operator == "AND":
            positive = " AND ".join(words + phrases)
        elif not words:
            positive = " OR ".join(phrases)
        else:
            positive = " AND ".join([*phrases, "(" + " OR ".join(words) + ")"])
        query = f"({positive})"
        if self.excluded:
            query += " NOT (" + " OR ".join(self._fts_phrase(p) for p in self.excluded) + ")"
        return "{title body} : (" + query + ")"

    def _sqlite(self, with_score):
        fts = f"{self.entries}_fts"
        # Columns of the FTS table: autocomplete, body, title. Title (which also holds the
        # summary) weighs four times the body; autocomplete is not searched.
        score, score_params = "", []
        held, held_params = "", []
        if with_score:
            score = f"-bm25({fts}, 0.0, 1.0, 4.0)"
            if self.tiered and len(self.terms) > 1:
                # One look-up of the matches holding the words close together (computed once,
                # not per row), then a membership test per match.
                near = "NEAR(" + " ".join(self._fts_phrase([t]) for t in self.terms)
                score += (
                    f" * (1.0 + {NEAR_BONUS} * (e.id IN (SELECT rowid FROM {fts} "
                    f"WHERE {fts} MATCH %s)))"
                )
                score_params.append("{title body} : " + near + f", {NEAR_TOKENS})")
            score = f", {score} AS score"
            if self.tiered:
                placed, place_params = self._placed("CAST(e.object_id AS INTEGER)")
                score += f", {placed} AS placed"
                score_params += place_params
        if with_score and self.rank_by_coordination:
            # Which terms each match holds: one look-up of each term's entries (computed once,
            # not per row), then a membership test per match.
            held = ", " + " + ".join(
                f"(e.id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s))" for _ in self.terms
            )
            held_params = [f'{{title body}} : "{t}"' for t in self.terms]
        sql = (
            f"SELECT CAST(e.object_id AS INTEGER) AS id{score}{held and held + ' AS held'} "
            f"FROM {fts} JOIN {self.entries} e ON e.id = {fts}.rowid "
            f"WHERE {fts} MATCH %s AND e.content_type_id = %s"
        )
        params = [*score_params, *held_params, self.fts_query(), self.content_type_id]
        return self._tiered(sql, with_score, held), params

    # PostgreSQL: to_tsquery('simple', ...) strings.

    @staticmethod
    def _ts_phrase(stems):
        return "(" + " <-> ".join(stems) + ")" if len(stems) > 1 else stems[0]

    def ts_query(self):
        """The tsquery: the words (all or any), every phrase, none of the excluded."""
        phrases = [self._ts_phrase(p) for p in self.phrases]
        if self.operator == "AND":
            positive = " & ".join(self.terms + phrases)
        elif not self.terms:
            positive = " | ".join(phrases)
        else:
            positive = " & ".join([*phrases, "(" + " | ".join(self.terms) + ")"])
        query = f"({positive})"
        if self.excluded:
            query += " & !(" + " | ".join(self._ts_phrase(p) for p in self.excluded) + ")"
        return query

    def _postgresql(self, with_score):
        vector = "(e.title || e.body)"
        score, score_params = "", []
        if with_score:
            score = "(4 * ts_rank(e.title, q.query) + ts_rank(e.body, q.query))"
            if self.tiered and len(self.terms) > 1:
                # Cover density of all the words (0 unless the match holds them all): each
                # stretch holding them adds its words' weight (0.1 in the body) divided by the
                # number of other words inside it, so the full bonus for body words next to
                # each other, a tenth of it ten words apart.
                score += (
                    f" * (1.0 + {NEAR_BONUS} * LEAST(1.0, {NEAR_TOKENS} * "
                    f"ts_rank_cd({vector}, to_tsquery('simple', %s), 0)))"
                )
                score_params.append(" & ".join(self.terms))
            score = f", {score} AS score"
            if self.tiered:
                placed, place_params = self._placed("CAST(e.object_id AS INTEGER)")
                score += f", {placed} AS placed"
                score_params += place_params
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
        params = [*score_params, *held_params, self.ts_query(), self.content_type_id]
        return self._tiered(sql, with_score, held), params

    def _placed(self, practice_id):
        """SQL of 1.0 for a practice in a place named, else 0.0: one read of those practices
        from the facet index (computed once), then a membership test per match."""
        conditions, params = [], []
        for facet, values in (("country", self.countries), ("region", self.regions)):
            if values:
                conditions.append(f"(facet = %s AND value IN ({', '.join(['%s'] * len(values))}))")
                params += [facet, *values]
        if not conditions:
            return "0.0", []
        placed = (
            f"SELECT practice_id FROM {PracticeFacet._meta.db_table} "
            f"WHERE {' OR '.join(conditions)}"
        )
        return f"CASE WHEN {practice_id} IN ({placed}) THEN 1.0 ELSE 0.0 END", params

    def _tiered(self, sql, with_score, held):
        """``sql`` as (id, score): the tier (1 when the match holds every term, else 0) plus
        the rank within it, in [0, 1): half for being in a place named, half for the text
        score squashed (s / (1 + s)); for the others, each half scaled by the share of the
        terms held."""
        if not (with_score and self.tiered):
            return sql
        # s / (1 + s) written as 1 - 1 / (1 + s): one reference to the score, which SQLite
        # would otherwise compute twice per row (the subquery is flattened into its caller).
        within = "(1.0 - 1.0 / (1.0 + c.score) + c.placed) / 2.0"
        if not held:  # every match holds every term
            return f"SELECT c.id, 1.0 + {within} AS score FROM ({sql}) AS c"
        total = float(len(self.terms))
        # A partial match: the text score scaled by the share of the terms held before it is
        # squashed, the place's half after.
        scaled = f"(c.score * c.held / {total})"
        partial = f"(1.0 - 1.0 / (1.0 + {scaled}) + c.placed * c.held / {total}) / 2.0"
        return (
            f"SELECT c.id, CASE WHEN c.held >= {total} THEN 1.0 + {within} "
            f"ELSE {partial} END AS score FROM ({sql}) AS c"
        )
