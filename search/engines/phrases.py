"""The practice search's matches and their scores, as the database engine ranks a page of them.

On SQLite, a query's words and phrases are each read from FTS5 once per version of the index and
kept (``PhraseCache``): the rows holding the word or phrase, as a bit set, and its BM25 term in
each of them. A query is then a few operations on those sets, and a match's text score the sum
of its phrases' terms, which is FTS5's own BM25 of the whole query: FTS5 adds up the terms of
the query's phrases in their order, a phrase absent from the row adding nothing, and so does
``PhraseMatches``, in the same order, so the sum is the same number. Words are read one by one
however they combine (all the words, any of them, with phrases, without excluded words), so
the second pass of a query, and every query sharing a word with it, reads nothing again.

A word held by half the rows or more (most words of a plain-language question) is read as its
rows alone (``CommonWord``): FTS5 floors its idf, so its term in any row is below
``COMMON_TERM_BOUND``, and only the matches whose highest possible score reaches the page need
it; those get it computed as FTS5 computes it (``ftsbm25``), and the page is the one every
score would give (``PhraseMatches.top``).

The cache lives with the engine's postings (``postings.Postings``), which are read again when
the token of ``search.SearchState`` changes; the token changes with any change to the text of
the index (migration ``search/0003``), so a cached word is never older than the index.
On PostgreSQL the words and phrases are read from the tsvectors and scored with the same BM25
(``pgphrases``), into the same cache.
"""

import heapq
import threading
from collections import OrderedDict
from functools import reduce
from operator import and_, or_

from ..query import Either
from .postings import Membership, bitset, members

# How many (row, score) pairs the cache holds, over all its words and phrases, before it forgets
# the least recently used: about 100 bytes each in Python, so at most about 100 MB per process.
# A word found in every one of 100,000 practices is 100,000 of them.
CACHE_ROWS = 1_000_000
# How many proximity matches (the rows holding a query's words close together) are kept.
CACHE_NEAR = 256
# Above what a word held by at least half the rows adds to a row's BM25: FTS5 floors the idf of
# such a word at 1e-6, and the rest of its term, f (k1 + 1) / (f + k1 (1 - b + b |D| / avgdl)),
# is below k1 + 1 = 2.2 (``CommonWord``).
COMMON_TERM_BOUND = 2.3e-6
# How many contenders for a page may be scored apart; with more, every match is scored as
# ``scores`` does (``PhraseMatches.top``).
CONTENDERS = 2000
# Computing a row's term from its text costs about as much as reading ten rows' terms from
# FTS5, and a word read whole is kept for the next queries: a word needed in more than a
# twentieth of its rows is read whole (``CommonWord``).
ROWS_READ_PER_ROW_COMPUTED = 20


class Phrase:
    """The rows holding one word or phrase: their keys as a bit set, and the phrase's BM25 term
    in each (``scores``); on PostgreSQL, a word's positions in each too (``pgphrases``)."""

    __slots__ = ("keys", "positions", "scores")
    loaded = True  # every row's term is in ``scores``

    def __init__(self, rows, positions=None):
        self.scores = dict(rows)
        self.keys = bitset(list(self.scores))
        self.positions = positions

    def __len__(self):
        return len(self.scores)

    def terms_of(self, keys):
        scores = self.scores
        return {key: scores[key] for key in keys}


class CommonWord:
    """A word held by at least half the rows, whose BM25 term in any row is below
    ``COMMON_TERM_BOUND``: its rows' keys (``keys``) read alone, which costs a fifth of reading
    their terms too. A row's term is computed from the row's text when a page may show the row
    (``terms_of``, by ``compute(keys)``, which gives None when it cannot); every row's term is
    read (by ``read()``, as a ``Phrase``'s are) when ``scores`` is asked for.

    A plain-language query is mostly such words: each read whole cost about 10 ms at 10,000
    practices, for terms that only order the rows a page may show.
    """

    __slots__ = ("_computed", "_compute", "_read", "_scores", "count", "keys")
    positions = None

    def __init__(self, keys, count, read, compute):
        self.keys = keys
        self.count = count
        self._read = read
        self._compute = compute
        self._scores = None
        self._computed = {}

    @property
    def loaded(self):
        return self._scores is not None

    @property
    def scores(self):
        """{key: BM25 term} of every row holding the word, read whole. A row deleted since its
        key was read (a practice unpublished during the search) scores 0.0: it is no longer
        there to add anything, and the next version of the index forgets it."""
        if self._scores is None:
            scores = dict.fromkeys(members(self.keys), 0.0)
            scores.update(self._read())
            self._scores = scores
            self._computed = {}
        return self._scores

    def __len__(self):
        return self.count

    def terms_of(self, keys):
        """{key: BM25 term} of ``keys`` (rows holding the word), or None when they cannot be
        computed."""
        if self._scores is not None:
            scores = self._scores
            return {key: scores[key] for key in keys}
        computed = self._computed
        missing = [key for key in keys if key not in computed]
        if len(missing) * ROWS_READ_PER_ROW_COMPUTED > self.count:
            scores = self.scores
            return {key: scores[key] for key in keys}
        if missing:
            fresh = self._compute(missing)
            if fresh is None:
                return None
            computed.update(fresh)
        return {key: computed[key] for key in keys}


class PhraseCache:
    """The words and phrases read for this version of the index, least recently used last."""

    def __init__(self, limit=CACHE_ROWS):
        self.limit = limit
        self.rows = 0
        self.phrases = OrderedDict()
        self.near = OrderedDict()
        self.lock = threading.Lock()

    def get(self, phrase, load):
        """The ``Phrase`` (or ``CommonWord``) of ``phrase`` (a tuple of stems), read by
        ``load(phrase)`` (its rows of (key, BM25 term), or the ``Phrase`` or ``CommonWord``)
        when not held."""
        with self.lock:
            held = self.phrases.get(phrase)
            if held is not None:
                self.phrases.move_to_end(phrase)
                return held
        fresh = load(phrase)
        fresh = fresh if isinstance(fresh, Phrase | CommonWord) else Phrase(fresh)
        with self.lock:
            if phrase not in self.phrases:
                self.phrases[phrase] = fresh
                self.rows += len(fresh)
                while self.rows > self.limit and len(self.phrases) > 1:
                    _, forgotten = self.phrases.popitem(last=False)
                    self.rows -= len(forgotten)
            return self.phrases[phrase]

    def get_near(self, terms, load):
        """The keys (a ``Membership``) of the rows holding ``terms`` close together, read by
        ``load()`` (its rows of (key,)) when not held."""
        with self.lock:
            held = self.near.get(terms)
            if held is not None:
                self.near.move_to_end(terms)
                return held
        fresh = Membership(bitset([key for (key,) in load()]))
        with self.lock:
            self.near[terms] = fresh
            while len(self.near) > CACHE_NEAR:
                self.near.popitem(last=False)
            return fresh


def held(cache, term, load):
    """The ``Phrase`` of ``term``: a stem, a tuple of stems (a phrase), or an ``Either`` of
    either (a word or phrase analysed in several languages), whose rows are those of any of
    its alternatives, each scored by the best of them (a word counts once, in whichever
    language a practice holds it). Kept in ``cache`` like the alternatives themselves."""
    if not isinstance(term, Either):
        return cache.get(term if isinstance(term, tuple) else (term,), load)
    options = [a if isinstance(a, tuple) else (a,) for a in term.distinct()]

    def merge(_key):
        scores = {}
        for option in options:
            for key, score in cache.get(option, load).scores.items():
                if score > scores.get(key, float("-inf")):
                    scores[key] = score
        return Phrase(scores.items())

    # "|" is in no stem: the key cannot be a word's or a phrase's.
    return cache.get(("|", *options), merge)


def phrase_cache(postings):
    """The phrase cache of this version of the index (kept with ``postings``)."""
    cache = postings.extras.get("phrases")
    if cache is None:
        cache = postings.extras.setdefault("phrases", PhraseCache())
    return cache


class PhraseMatches:
    """A query's matches on SQLite, from its words and phrases in ``cache``.

    ``match`` is the ``fulltext.TextMatch`` (its terms, phrases, exclusions, operator, and how
    to read a phrase's rows and the proximity matches); ``scores(text scores, terms held)``
    gives the scores in tiers.
    """

    def __init__(self, match, cache, scores):
        self.match = match
        self.scores_in_tiers = scores
        words = [held(cache, term, match.phrase_rows) for term in match.terms]
        phrases = [held(cache, phrase, match.phrase_rows) for phrase in match.phrases]
        if match.operator == "AND":
            keys = reduce(and_, [p.keys for p in words + phrases])
            # FTS5's phrases in the order of its query: the words, then the phrases.
            self.ordered = words + phrases
        elif not words:
            keys = reduce(or_, [p.keys for p in phrases])
            self.ordered = phrases
        else:
            keys = reduce(and_, [p.keys for p in phrases], reduce(or_, [p.keys for p in words]))
            self.ordered = phrases + words
        if match.excluded:
            keys &= ~reduce(or_, [held(cache, p, match.phrase_rows).keys for p in match.excluded])
        self.keys = keys
        self.words = words
        self.total = len(match.terms)
        self.coordination = match.rank_by_coordination
        self.cache = cache
        self.tiered_near = match.tiered_near
        self._near = None

    @property
    def near(self):
        if self._near is None:
            self._near = self.cache.get_near(tuple(self.match.terms), self.match.near_rows)
        return self._near

    def text_scores(self, passing):
        """{key: BM25 of the query} and {key: how many of the words it holds} of the matches
        in the bit set ``passing``.

        Each phrase adds its terms to the keys it holds, in FTS5's order, so each sum is
        FTS5's own (a phrase a row does not hold adds nothing there either); the work is the
        phrases' rows among ``passing``, not every key times every phrase.
        """
        text = dict.fromkeys(members(passing), 0.0)
        for phrase in self.ordered:
            terms = phrase.scores
            for key in members(phrase.keys & passing):
                text[key] += terms[key]
        return text, self._held(text, passing)

    def _held(self, text, passing):
        """{key: how many of the words it holds} of the keys of ``text`` (those of
        ``passing``)."""
        if not self.coordination:
            return dict.fromkeys(text, self.total)
        held = dict.fromkeys(text, 0)
        for word in self.words:
            for key in members(word.keys & passing):
                held[key] += 1
        return held

    def _near_bonus(self, held):
        """The keys of ``held`` holding all the words close together, whose text score is
        multiplied by the factor given with them."""
        if not self.tiered_near:
            return (), 1.0
        every_word = [key for key, n in held.items() if n == self.total]
        if not every_word:
            return (), 1.0
        near = self.near
        return {key for key in every_word if key in near}, 1.0 + self.match.near_bonus

    def scores(self, passing):
        """{key: score in tiers} of the matches in the bit set ``passing``: the text score,
        times 1 + NEAR_BONUS for a match holding all the words close together."""
        text, held = self.text_scores(passing)
        boosted, bonus = self._near_bonus(held)
        for key in boosted:
            text[key] *= bonus
        return self.scores_in_tiers(text, held if self.coordination else None)

    def top(self, passing, wanted, newest_rank):
        """The ``wanted`` best matches in the bit set ``passing``, as (score, -newest rank, key),
        best first (ties go to the newer practice, then the higher key): the best of
        ``scores(passing)``. When a common word is not read whole (``CommonWord``), its terms
        are computed only for the matches that may be on the page."""
        pending = {i for i, phrase in enumerate(self.ordered) if not phrase.loaded}
        if (
            len(pending) == len(self.ordered)
            and not self.coordination
            and passing.bit_count() > CONTENDERS
        ):
            # Every match holds every word, each adding less than the bound: nothing but
            # their terms (and the place bonus) tells them apart, so every match would contend.
            pending = ()
        if pending:
            found = self._top_of_contenders(passing, wanted, newest_rank, pending)
            if found is not None:
                return found
        return best(self.scores(passing), wanted, newest_rank)

    def _top_of_contenders(self, passing, wanted, newest_rank, pending):
        """``top`` with the terms of the phrases at the places ``pending`` of ``ordered``
        (common words not read whole) computed only for the contenders: the matches whose
        highest possible score (each such word adding up to COMMON_TERM_BOUND) reaches the
        page's lowest sure score (those words adding nothing). The others cannot be on the
        page. None when there are more than CONTENDERS, or a term cannot be computed.

        The contenders' scores are then summed as ``scores`` sums them, phrase after phrase in
        FTS5's order, so they are the very same numbers.
        """
        ordered = self.ordered
        text = dict.fromkeys(members(passing), 0.0)
        unknown = dict.fromkeys(text, 0)
        # Ranked by coordination (the second pass: the phrases, then the words), how many of
        # the words each match holds is counted in the same walk through each word's rows.
        held = dict.fromkeys(text, 0) if self.coordination else None
        first_word = len(ordered) - len(self.words)
        for i, phrase in enumerate(ordered):
            rows = members(phrase.keys & passing)
            counted = held is not None and i >= first_word
            if i in pending and counted:
                for key in rows:
                    unknown[key] += 1
                    held[key] += 1
            elif i in pending:
                for key in rows:
                    unknown[key] += 1
            elif counted:
                terms = phrase.scores
                for key in rows:
                    text[key] += terms[key]
                    held[key] += 1
            else:
                terms = phrase.scores
                for key in rows:
                    text[key] += terms[key]
        if held is None:
            held = dict.fromkeys(text, self.total)
        boosted, bonus = self._near_bonus(held)
        low, high = {}, {}
        for key, t in text.items():
            n = unknown[key]
            if n:
                # A margin far above any difference the order of the additions can make.
                lowest, highest = t * (1.0 - 1e-9), (t + n * COMMON_TERM_BOUND) * (1.0 + 1e-9)
            else:
                lowest = highest = t  # every term known: the very sum ``scores`` makes
            if key in boosted:
                lowest, highest = lowest * bonus, highest * bonus
            low[key], high[key] = lowest, highest
        coordination = held if self.coordination else None
        low = self.scores_in_tiers(low, coordination)
        floor = min(heapq.nlargest(wanted, low.values()))
        high = self.scores_in_tiers(high, coordination)
        contenders = [key for key, score in high.items() if score >= floor]
        if len(contenders) > CONTENDERS:
            return None
        among = bitset(contenders)
        terms = []
        for phrase in ordered:
            found = phrase.terms_of(list(members(phrase.keys & among)))
            if found is None:
                return None
            terms.append(found)
        exact = {}
        for key in contenders:
            t = 0.0
            for found in terms:
                if key in found:
                    t += found[key]
            exact[key] = t * bonus if key in boosted else t
        return best(self.scores_in_tiers(exact, coordination), wanted, newest_rank)


def best(scores, wanted, newest_rank):
    """The ``wanted`` best of ``scores`` ({key: score}) as (score, -newest rank, key), best
    first. Only the scores as high as the ``wanted``-th highest can be among them (ties
    included): found among bare numbers, it spares a tuple a match."""
    if not scores:
        return []
    lowest = min(heapq.nlargest(wanted, scores.values()))
    return heapq.nlargest(
        wanted, [(s, -newest_rank[key], key) for key, s in scores.items() if s >= lowest]
    )
