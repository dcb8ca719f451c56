"""The database's full-text match of practices, as SQL: FTS5 on SQLite, tsquery on PostgreSQL.

Read from Wagtail's search index entries (``wagtail.search.models.IndexEntry``), so both the
practice search (``database.py``) and the suggestions (``database_suggestions.py``) match words
the way the site's index stores them.

Every word and phrase given here is a stem of ``core.textsearch`` (ASCII letters and digits
only), so nothing a person typed reaches FTS5 or ``to_tsquery`` as syntax.
"""

from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from wagtail.search.models import IndexEntry

from practices.models import PracticePage

from ..query import Either, alternatives, in_language
from . import pgphrases
from .ftsbm25 import WEIGHTS, Bm25
from .phrases import CommonWord, PhraseMatches, held, phrase_cache
from .postings import Membership, bitset

# A search reads index entries all over the database file. Through SQLite's default 2 MB page
# cache each of those reads is a system call; memory-mapped, it is a memory access (the pages
# are the operating system's file cache, shared by every connection). A per-connection
# setting; setting it again remaps the file, so it is set only when not yet.
SQLITE_MMAP_BYTES = 1 << 30
SQLITE_MMAP = f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}"


def map_sqlite_file(cursor):
    cursor.execute("PRAGMA mmap_size")
    current = cursor.fetchone()  # no row for an in-memory database: nothing to map
    if current is not None and current[0] != SQLITE_MMAP_BYTES:
        cursor.execute(SQLITE_MMAP)


def fetch(sql, params):
    """The rows of ``sql``, on the default connection (memory-mapped on SQLite)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            map_sqlite_file(cursor)
        cursor.execute(sql, params)
        return cursor.fetchall()


class AnyTerms(list):
    """Query terms of which any may match: the practice search's second pass (see
    ``DatabaseEngine.search``), ranked by how many of them match (``TextMatch``)."""


# The score of a match in the practice search: its tier (1 for a match holding every word of
# the query, 0 for the others) plus its rank within the tier, in [0, 1): half of it for being
# in a country the query names (or in a country of a region it names), half for its text score
# (BM25, FTS5's on SQLite and the same computed in memory on PostgreSQL: ``pgphrases``; with
# the proximity bonus below) squashed by
# s / (1 + s), which keeps the order. So the whole part of a score says whether the match
# holds all the words, no bonus lifts a match above one holding them all, and among those a
# practice in a place named ranks above any text score elsewhere. A partial match's text score
# and place bonus are scaled by the share of the words it holds, so holding more ranks higher,
# yet a strong match of fewer words can outrank a weak match of more (strict word-count order
# was measured: it lowered the judged queries' nDCG@5).
# A match holding all the words within NEAR_TOKENS of one another: its text score times
# (1 + NEAR_BONUS).
NEAR_BONUS = 1.0
NEAR_TOKENS = 10


class TextMatch:
    """The full-text match of practices' index entries.

    ``phrases`` (tuples of stems) must each match, words adjacent and in order, with either
    operator (with OR and no terms: any of them); ``excluded`` (tuples of stems, a word or a
    phrase) must not match; ``places`` (countries, regions) raise the score of the practices
    in them (practice search only).

    ``sql`` is the plain match, (id, text score) or (id): the suggestions' and the exclusions'.
    ``matches`` is the practice search's: every match with its score in tiers (see above).
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
        self.phrases = [p if isinstance(p, Either) else tuple(p) for p in phrases if p]
        self.excluded = [p if isinstance(p, Either) else tuple(p) for p in excluded if p]
        self.countries, self.regions = (list(v) for v in places)
        self.content_type_id = ContentType.objects.get_for_model(PracticePage).pk
        self.entries = IndexEntry._meta.db_table
        self.postings = None  # those of the search (``matches``, ``excluded_keys``)

    def sql(self, with_score):
        """SQL of (practice id, text score), or of (practice id) without ``with_score``."""
        if connection.vendor == "postgresql":
            return self._postgresql(with_score)
        return self._sqlite(with_score)

    def keys_sql(self):
        """SQL of the keys (as ``postings`` knows practices) of every match: the FTS table's
        rowids on SQLite, the practices' ids on PostgreSQL."""
        if connection.vendor == "postgresql":
            return self._postgresql(with_score=False)
        fts = f"{self.entries}_fts"
        return f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [self.fts_query()]

    def matches(self, postings):
        """Every match, as ``Matches``: the bit set of their keys (as ``postings`` knows the
        practices: an entry of another model is no practice's) and the score of each in tiers:
        1 + the rank within the tier for a match holding every term, the rank alone (in
        [0, 1)) for the others.

        Each word and phrase's matches and their BM25 terms are read once per version of the
        index (``phrases.PhraseCache``, kept with ``postings``) and combined here: FTS5's BM25
        of a query is the sum of its phrases' terms, so the sum is the very score the query
        would give. On PostgreSQL they are read from the tsvectors and scored with the same
        BM25 (``pgphrases``). The place bonus and the tiers are computed here, only for the
        rows a page may show.
        """
        self.postings = postings
        return PhraseMatches(self, phrase_cache(postings), self._scorer(postings))

    def excluded_keys(self, postings):
        """The keys of the practices holding any of the excluded words or phrases."""
        self.postings = postings
        cache = phrase_cache(postings)
        return reduce(or_, (held(cache, p, self.phrase_rows).keys for p in self.excluded), 0)

    near_bonus = NEAR_BONUS

    def phrase_rows(self, phrase):
        """(key, BM25 term) of every row holding ``phrase`` (a tuple of stems), in the title or
        the body (on PostgreSQL, its ``phrases.Phrase``, of the practices' keys)."""
        if connection.vendor == "postgresql":
            lengths = pgphrases.lengths(self.postings, self, fetch)
            if len(phrase) == 1:
                return pgphrases.word(phrase[0], self, lengths, fetch)
            return pgphrases.phrase(phrase, self, lengths, fetch)
        fts = f"{self.entries}_fts"
        sql = f"SELECT rowid, {self._bm25()} FROM {fts} WHERE {fts} MATCH %s"
        params = ["{title body} : " + self._fts_phrase(phrase)]
        if len(phrase) == 1:
            return self._word(phrase[0], sql, params)
        return fetch(sql, params)

    def _word(self, word, sql, params):
        """The rows of ``word`` on SQLite: a ``phrases.CommonWord`` (their keys alone, terms
        computed by ``ftsbm25`` for the rows a page may show) for a word in at least half the
        rows, whose terms FTS5 floors; else (key, BM25 term) of each."""
        fts = f"{self.entries}_fts"
        keys = [key for (key,) in fetch(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", params)]
        if not keys:
            return []
        # Kept with the postings, for as long as this version of the index.
        extras = self.postings.extras if self.postings is not None else {}
        numbers = extras.get("bm25")
        if numbers is None:
            numbers = extras.setdefault("bm25", Bm25(fts, fetch))
        hits = len(keys)
        if not numbers.floored(hits):
            return fetch(sql, params)
        return CommonWord(
            bitset(keys),
            hits,
            read=lambda: fetch(sql, params),
            compute=lambda rows: numbers.terms(word, hits, rows),
        )

    def by_language(self):
        """The terms in each language of the query (a word analysed in several languages is an
        ``Either``): one list of stems a language, each list once."""
        languages = max((len(t) for t in self.terms if isinstance(t, Either)), default=1)
        lists = [tuple(in_language(t, i) for t in self.terms) for i in range(languages)]
        return list(dict.fromkeys(lists))

    def near_rows(self):
        """(key,) of every row holding all the terms within NEAR_TOKENS of one another, in
        the title or the body (on PostgreSQL, from the positions the words' ``Phrase`` keep);
        the terms of one language of the query, in any of its languages."""
        if connection.vendor == "postgresql":
            cache = phrase_cache(self.postings)
            rows = set()
            for stems in self.by_language():
                words = [cache.get((term,), self.phrase_rows) for term in stems]
                rows.update(pgphrases.near_rows(words, NEAR_TOKENS + 1))
            return sorted(rows)
        fts = f"{self.entries}_fts"
        near = " OR ".join(
            "NEAR(" + " ".join(self._fts_phrase([t]) for t in stems) + f", {NEAR_TOKENS})"
            for stems in self.by_language()
        )
        query = "{title body} : (" + near + ")"
        return fetch(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [query])

    def _scorer(self, postings):
        """scores(text scores, terms held): {key: score in tiers} (the tiers above) of every key
        of ``text`` ({key: text score}), ``held`` giving how many terms each holds (None: every
        term, as every match of the first pass does).

        Written out in one expression a case, not a call a key: a plain-language query's second
        pass scores most of the practices, and the call was most of its cost. The arithmetic is
        the same, step for step, so the scores are the very same numbers.
        """
        named = postings.having("country", self.countries) | postings.having("region", self.regions)
        placed = Membership(named) if named else ()
        total = float(len(self.terms))

        def scores(text, held):
            if held is None:
                # Every match holds every term. s / (1 + s) written as 1 - 1 / (1 + s), as the
                # database computed it before.
                return {
                    key: 1.0 + (1.0 - 1.0 / (1.0 + t) + (1.0 if key in placed else 0.0)) / 2.0
                    for key, t in text.items()
                }
            # A partial match: the text score scaled by the share of the terms held before it
            # is squashed, the place's half after.
            return {
                key: (
                    1.0 + (1.0 - 1.0 / (1.0 + t) + (1.0 if key in placed else 0.0)) / 2.0
                    if (n := held[key]) >= total
                    else (
                        1.0
                        - 1.0 / (1.0 + t * (share := n / total))
                        + (1.0 if key in placed else 0.0) * share
                    )
                    / 2.0
                )
                for key, t in text.items()
            }

        return scores

    # SQLite: FTS5 query strings.

    @staticmethod
    def _fts_phrase(stems):
        return '"' + " ".join(stems) + '"'

    @classmethod
    def _fts_either(cls, term):
        """A word or phrase (``Either`` of alternatives, any matching) in FTS5's syntax."""
        options = [cls._fts_phrase(a if isinstance(a, tuple) else [a]) for a in alternatives(term)]
        return options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")"

    def fts_query(self):
        """The FTS5 query: the words (all or any), every phrase, none of the excluded."""
        words = [self._fts_either(t) for t in self.terms]
        phrases = [self._fts_either(p) for p in self.phrases]
        if self.operator == "AND":
            positive = " AND ".join(words + phrases)
        elif not words:
            positive = " OR ".join(phrases)
        else:
            positive = " AND ".join([*phrases, "(" + " OR ".join(words) + ")"])
        query = f"({positive})"
        if self.excluded:
            query += " NOT (" + " OR ".join(self._fts_either(p) for p in self.excluded) + ")"
        return "{title body} : (" + query + ")"

    # Columns of the FTS table: autocomplete, body, title. Title (which also holds the
    # summary) weighs four times the body; autocomplete is not searched (``ftsbm25.WEIGHTS``,
    # which the common words' terms are computed with).
    def _bm25(self):
        return f"-bm25({self.entries}_fts, {', '.join(str(w) for w in WEIGHTS)})"

    def _sqlite(self, with_score):
        fts = f"{self.entries}_fts"
        score = f", {self._bm25()} AS score" if with_score else ""
        sql = (
            f"SELECT CAST(e.object_id AS INTEGER) AS id{score} "
            f"FROM {fts} JOIN {self.entries} e ON e.id = {fts}.rowid "
            f"WHERE {fts} MATCH %s AND e.content_type_id = %s"
        )
        return sql, [self.fts_query(), self.content_type_id]

    @property
    def tiered_near(self):
        """Whether the proximity bonus applies: the practice search's passes, more than one
        term (a plain OR, as the suggestions ask, keeps its text score)."""
        return (self.operator == "AND" or self.rank_by_coordination) and len(self.terms) > 1

    # PostgreSQL: to_tsquery('simple', ...) strings.

    @staticmethod
    def _ts_phrase(stems):
        return "(" + " <-> ".join(stems) + ")" if len(stems) > 1 else stems[0]

    @classmethod
    def _ts_either(cls, term):
        """A word or phrase (``Either`` of alternatives, any matching) as a tsquery."""
        options = [cls._ts_phrase(a if isinstance(a, tuple) else (a,)) for a in alternatives(term)]
        return options[0] if len(options) == 1 else "(" + " | ".join(options) + ")"

    def ts_query(self):
        """The tsquery: the words (all or any), every phrase, none of the excluded."""
        terms = [self._ts_either(t) for t in self.terms]
        phrases = [self._ts_either(p) for p in self.phrases]
        if self.operator == "AND":
            positive = " & ".join(terms + phrases)
        elif not terms:
            positive = " | ".join(phrases)
        else:
            positive = " & ".join([*phrases, "(" + " | ".join(terms) + ")"])
        query = f"({positive})"
        if self.excluded:
            query += " & !(" + " | ".join(self._ts_either(p) for p in self.excluded) + ")"
        return query

    # The entry's title and body as one tsvector: a column generated as ``title || body``
    # (migration ``search/0005``), so that no query concatenates them row by row.
    _PG_VECTOR = "e.kb_title_body"
    _PG_SCORE = "(4 * ts_rank(e.title, q.query) + ts_rank(e.body, q.query))"

    def _postgresql(self, with_score):
        score = f", {self._PG_SCORE} AS score" if with_score else ""
        sql = (
            f"SELECT CAST(e.object_id AS INTEGER) AS id{score} "
            f"FROM {self.entries} e, to_tsquery('simple', %s) AS q(query) "
            f"WHERE e.content_type_id = %s AND {self._PG_VECTOR} @@ q.query"
        )
        return sql, [self.ts_query(), self.content_type_id]
