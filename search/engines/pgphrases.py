"""PostgreSQL: each word's and phrase's matches with their BM25 terms, read from the stored
tsvectors once per version of the index, so that a query is scored in memory as on SQLite.

PostgreSQL's ``ts_rank`` of a query of several words is no sum of per-word parts (it weighs
every pair of their positions), so it cannot be kept word by word; ranking every match of a
common word in SQL cost 100-400 ms of database time per query at 10,000 practices. So the
engine ranks on PostgreSQL with the BM25 SQLite's FTS5 computes (``fulltext.TextMatch._bm25``:
k1 = 1.2, b = 0.75, the title column weighing 4, the body 1, autocomplete 0), from the same
numbers FTS5 uses, read from Wagtail's tsvectors:

- a row's phrase frequency: the phrase's occurrences in its title times 4 plus those in its
  body (a word's occurrences are its positions; a phrase's, the positions of its first word
  followed by the next words' positions in order, within one column, as FTS5 matches a
  phrase under a column filter);
- a row's length: its tokens in all three columns (every token has a position), kept in a
  generated column (migration ``search/0006``);
- the number of rows and their mean length, over every index entry (every model's, as FTS5's
  table holds them), and how many entries hold the phrase, for its IDF:
  log((rows - hits + 0.5) / (hits + 0.5)), at least 1e-6.

So a practice's score on PostgreSQL is the score SQLite gives it for the same text; the search
tests and the judged queries hold on both. Limits of tsvectors: a word's positions stop at
16,383 and at 256 per entry (a longer text counts fewer), which no practice comes near.

The proximity bonus (``fulltext.NEAR_BONUS``) is FTS5's NEAR too: all the words within
NEAR_TOKENS of one another in the title or in the body, from the positions the words' entries
keep (``Phrase.positions``), so it needs no statement either.

A word held by half the index entries or more (most words of a plain-language question) is
read as its rows' keys alone (``CommonWord``), in a fifth of the time: its idf is floored, so its
term in any row is below ``phrases.COMMON_TERM_BOUND``, and only the rows a page may show need
it, computed from their tsvectors alone by the same arithmetic (``term``); the positions the
proximity bonus needs are read the same way, for the rows holding every word of the query.

What is read lives in the engine's ``phrases.PhraseCache``, kept with the postings and read
again when the search state's token changes, which a change to the text of any index entry
does (migration ``search/0006``).
"""

import math
from functools import reduce
from operator import and_

from . import phrases
from .phrases import Phrase
from .postings import bitset, members

K1 = 1.2
B = 0.75
TITLE_WEIGHT = 4.0
IDF_FLOOR = 1e-6


class Lengths:
    """The numbers of every index entry BM25 needs: how many rows, their mean length in
    tokens, and each practice's length (by key)."""

    def __init__(self, rows, content_type_id):
        self.rows = max(len(rows), 1)
        total = sum(tokens for _, _, tokens in rows)
        self.mean = total / self.rows or 1.0
        self.of = {
            int(object_id): tokens
            for content_type, object_id, tokens in rows
            if content_type == content_type_id
        }


def lengths(postings, match, fetch):
    """The ``Lengths`` of this version of the index (kept with ``postings``)."""
    held = postings.extras.get("pg_lengths")
    if held is None:
        # kb_tokens: the entry's tokens in its three vectors (migration ``search/0006``).
        rows = fetch(f"SELECT content_type_id, object_id, kb_tokens FROM {match.entries}", [])
        held = postings.extras.setdefault("pg_lengths", Lengths(rows, match.content_type_id))
    return held


def occurrences(lists):
    """How many times the words whose sorted positions are ``lists`` (in the phrase's order,
    None for a word absent) follow one another."""
    if any(p is None for p in lists):
        return 0
    first, *later = lists
    if not later:
        return len(first)
    later = [set(p) for p in later]
    return sum(1 for p in first if all(p + i in s for i, s in enumerate(later, 1)))


def only(column, words):
    """SQL of the tsvector ``column`` reduced to ``words`` (an array parameter), as text: each
    other lexeme's weight is set to D and the words' to A, and only A is kept (much cheaper
    than unnesting every lexeme of the entry), e.g. ``'peac':3A,9A 'women':1A``."""
    return f"ts_filter(setweight(setweight(e.{column}, 'D'), 'A', %s), '{{a}}')::text"


def parse(text):
    """{word: [positions]} of a reduced tsvector's text (``only``)."""
    found = {}
    if text:
        for item in text.split(" "):
            word, _, positions = item.rpartition(":")
            found[word[1:-1]] = [int(p[:-1]) for p in positions.split(",")]
    return found


def positions(text):
    """The sorted positions of the one word of a reduced tsvector's text (``only``), e.g.
    [3, 9] of ``'peac':3A,9A`` (none of None)."""
    if not text:
        return ()
    return [int(p[:-1]) for p in text.rpartition(":")[2].split(",")]


def idf_of(hits, rows):
    """A phrase's idf, as FTS5 computes it: floored at IDF_FLOOR for a phrase held by half
    the rows or more."""
    idf = math.log((rows - hits + 0.5) / (hits + 0.5))
    return idf if idf > 0 else IDF_FLOOR


def term(idf, in_title, in_body, length, mean):
    """A row's BM25 term of a phrase found ``in_title`` and ``in_body`` times in it."""
    frequency = TITLE_WEIGHT * in_title + in_body
    norm = K1 * (1 - B + B * length / mean)
    return idf * frequency * (K1 + 1) / (frequency + norm)


def occurrences_of_word(text):
    """How many times the one word of a reduced tsvector's text (``only``) occurs: its
    positions, one more than the commas."""
    return text.count(",") + 1 if text else 0


def phrase(stems, match, lengths, fetch):
    """The ``Phrase`` of ``stems`` (a tuple): the practices holding it in the title or the
    body, with its BM25 term in each; a single word's also keeps, for the proximity bonus,
    its positions (the reduced title and body, read only when needed: ``near_rows``)."""
    words = list(dict.fromkeys(stems))
    sql = (
        f"SELECT e.content_type_id, e.object_id, {only('title', words)}, {only('body', words)} "
        f"FROM {match.entries} e, to_tsquery('simple', %s) AS q(query) "
        "WHERE e.title @@ q.query OR e.body @@ q.query"
    )
    rows = fetch(sql, [words, words, " <-> ".join(stems)])
    found = []
    single = len(stems) == 1
    for content_type, object_id, title, body in rows:
        if single:
            in_title, in_body = occurrences_of_word(title), occurrences_of_word(body)
        else:
            title, body = parse(title), parse(body)
            in_title = occurrences([title.get(w) for w in stems])
            in_body = occurrences([body.get(w) for w in stems])
        if in_title or in_body:
            found.append((content_type, object_id, in_title, in_body, title, body))
    idf = idf_of(len(found), lengths.rows)
    mean, of, practice = lengths.mean, lengths.of, match.content_type_id
    scores, kept = [], {}
    for content_type, object_id, in_title, in_body, title, body in found:
        if content_type != practice:
            continue
        key = int(object_id)
        scores.append((key, term(idf, in_title, in_body, of.get(key, mean), mean)))
        if single:
            kept[key] = (title, body)
    return Phrase(scores, kept if single else None)


def word(stem, match, lengths, fetch):
    """The rows of one word: a ``CommonWord`` (its rows' keys alone, read in a fifth of the
    time) when it is held by half the index entries or more, whose idf is floored, so that its
    term in any row is below ``phrases.COMMON_TERM_BOUND``; else its ``Phrase``, read whole.

    Its rows are counted as those ``to_tsquery`` matches, which are those whose reduced
    tsvectors hold the word (what a whole read counts) for a stem as ``core.textsearch`` makes
    them, lower-case ASCII letters and digits; anything else is read whole."""
    if not (stem.isascii() and stem.isalnum() and stem == stem.lower()):
        return phrase((stem,), match, lengths, fetch)
    sql = (
        f"SELECT e.content_type_id, e.object_id FROM {match.entries} e, "
        "to_tsquery('simple', %s) AS q(query) WHERE e.title @@ q.query OR e.body @@ q.query"
    )
    rows = fetch(sql, [stem])
    if idf_of(len(rows), lengths.rows) != IDF_FLOOR:
        return phrase((stem,), match, lengths, fetch)
    practice = match.content_type_id
    keys = [int(object_id) for content_type, object_id in rows if content_type == practice]
    return CommonWord(stem, keys, len(rows), match, lengths, fetch)


class CommonWord(phrases.CommonWord):
    """A word held by half the index entries or more, on PostgreSQL: its rows' keys; its terms
    computed for the rows a page may show (``terms_of``) and its positions read for the rows
    the proximity bonus asks about (``positions_of``), from those rows' tsvectors alone, by the
    arithmetic ``phrase`` uses, so they are the very numbers a whole read gives; read whole
    (``scores``, ``positions``) when most of its rows are needed."""

    __slots__ = ("_fetch", "_hits", "_lengths", "_match", "_positions", "_stem")

    def __init__(self, stem, keys, hits, match, lengths, fetch):
        super().__init__(bitset(keys), len(keys), read=self._read_whole, compute=self._terms)
        self._stem, self._hits, self._match = stem, hits, match
        self._lengths, self._fetch = lengths, fetch
        self._positions = None

    def _read_whole(self):
        whole = phrase((self._stem,), self._match, self._lengths, self._fetch)
        self._positions = whole.positions
        return whole.scores.items()

    @property
    def positions(self):
        """{key: (title, body)} of every row, the reduced tsvectors ``phrase`` keeps."""
        if self._positions is None:
            self.scores  # noqa: B018  # read whole, positions with the terms
        return self._positions

    def _rows_of(self, keys):
        """{key: (title, body)} of the rows ``keys``, read from their tsvectors alone."""
        match = self._match
        sql = (
            f"SELECT e.object_id, {only('title', [self._stem])}, {only('body', [self._stem])} "
            f"FROM {match.entries} e WHERE e.content_type_id = %s AND e.object_id = ANY(%s)"
        )
        params = [[self._stem], [self._stem], match.content_type_id, [str(k) for k in keys]]
        return {
            int(object_id): (title, body) for object_id, title, body in self._fetch(sql, params)
        }

    def positions_of(self, keys):
        """{key: (title, body)} of the rows ``keys`` (rows holding the word)."""
        if self._positions is None and len(keys) * 2 <= self.count:
            return self._rows_of(keys)
        positions = self.positions
        return {key: positions[key] for key in keys if key in positions}

    def _terms(self, keys):
        """{key: BM25 term} of the rows ``keys``; a row gone since its key was read (a practice
        unpublished meanwhile) adds nothing, as when read whole."""
        idf = idf_of(self._hits, self._lengths.rows)
        mean, of = self._lengths.mean, self._lengths.of
        found = self._rows_of(keys)
        terms = {}
        for key in keys:
            title, body = found.get(key, (None, None))
            in_title, in_body = occurrences_of_word(title), occurrences_of_word(body)
            held = in_title or in_body
            terms[key] = term(idf, in_title, in_body, of.get(key, mean), mean) if held else 0.0
        return terms


def close_together(lists, span):
    """Whether a position of each of ``lists`` (sorted positions, one list per word) lies
    within ``span`` of the others (the last minus the first at most ``span``)."""
    events = sorted((p, i) for i, positions in enumerate(lists) for p in positions)
    wanted = len(lists)
    counts = [0] * wanted
    held = low = 0
    for p, i in events:
        if not counts[i]:
            held += 1
        counts[i] += 1
        while events[low][0] < p - span:
            j = events[low][1]
            counts[j] -= 1
            if not counts[j]:
                held -= 1
            low += 1
        if held == wanted:
            return True
    return False


def near_rows(words, span):
    """(key,) of the practices holding every word of ``words`` (their single-word
    ``Phrase``s or ``CommonWord``s) within ``span`` tokens in the title or in the body (FTS5's
    NEAR: the last word's position minus the first's at most NEAR_TOKENS + 1)."""
    keys = list(members(reduce(and_, (word.keys for word in words))))
    if not keys:
        return []
    held_by = [positions_of(word, keys) for word in words]
    rows = []
    for key in keys:
        held = [positions_by_key.get(key) for positions_by_key in held_by]
        if any(h is None for h in held):
            continue  # a row gone since its key was read
        for column in (0, 1):
            lists = [positions(h[column]) for h in held]
            if all(lists) and close_together(lists, span):
                rows.append((key,))
                break
    return rows


def positions_of(word, keys):
    """{key: (title, body)} of ``word`` in the rows ``keys``."""
    if isinstance(word, CommonWord):
        return word.positions_of(keys)
    kept = word.positions
    return {key: kept[key] for key in keys if key in kept}
