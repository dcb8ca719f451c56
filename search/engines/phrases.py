"""The practice search's matches and their scores, as the database engine ranks a page of them.

On SQLite, a query's words and phrases are each read from FTS5 once per version of the index and
kept (``PhraseCache``): the rows holding the word or phrase, as a bit set, and its BM25 term in
each of them. A query is then a few operations on those sets, and a match's text score the sum
of its phrases' terms, which is FTS5's own BM25 of the whole query: FTS5 adds up the terms of
the query's phrases in their order, a phrase absent from the row adding nothing, and so does
``PhraseMatches``, in the same order, so the sum is the same number. Words are read one by one
however they combine (all the words, any of them, with phrases, without excluded words), so
the second pass of a query, and every query sharing a word with it, reads nothing again.

The cache lives with the engine's postings (``postings.Postings``), which are read again when
the token of ``search.SearchState`` changes; the token changes with any change to the text of
the index (migration ``search/0003``), so a cached word is never older than the index.
On PostgreSQL the words and phrases are read from the tsvectors and scored with the same BM25
(``pgphrases``), into the same cache.
"""

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


class Phrase:
    """The rows holding one word or phrase: their keys as a bit set, and the phrase's BM25 term
    in each (``scores``); on PostgreSQL, a word's positions in each too (``pgphrases``)."""

    __slots__ = ("keys", "positions", "scores")

    def __init__(self, rows, positions=None):
        self.scores = dict(rows)
        self.keys = bitset(list(self.scores))
        self.positions = positions


class PhraseCache:
    """The words and phrases read for this version of the index, least recently used last."""

    def __init__(self, limit=CACHE_ROWS):
        self.limit = limit
        self.rows = 0
        self.phrases = OrderedDict()
        self.near = OrderedDict()
        self.lock = threading.Lock()

    def get(self, phrase, load):
        """The ``Phrase`` of ``phrase`` (a tuple of stems), read by ``load(phrase)`` (its rows of
        (key, BM25 term), or the ``Phrase``) when not held."""
        with self.lock:
            held = self.phrases.get(phrase)
            if held is not None:
                self.phrases.move_to_end(phrase)
                return held
        fresh = load(phrase)
        fresh = fresh if isinstance(fresh, Phrase) else Phrase(fresh)
        with self.lock:
            if phrase not in self.phrases:
                self.phrases[phrase] = fresh
                self.rows += len(fresh.scores)
                while self.rows > self.limit and len(self.phrases) > 1:
                    _, forgotten = self.phrases.popitem(last=False)
                    self.rows -= len(forgotten.scores)
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
        self._near = None if match.tiered_near else ()

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
        if self.coordination:
            held = dict.fromkeys(text, 0)
            for word in self.words:
                for key in members(word.keys & passing):
                    held[key] += 1
        else:
            held = dict.fromkeys(text, self.total)
        return text, held

    def scores(self, passing):
        """{key: score in tiers} of the matches in the bit set ``passing``: the text score,
        times 1 + NEAR_BONUS for a match holding all the words close together."""
        text, held = self.text_scores(passing)
        if self._near is None:
            every_word = [key for key, n in held.items() if n == self.total]
            if every_word:
                near, bonus = self.near, 1.0 + self.match.near_bonus
                for key in every_word:
                    if key in near:
                        text[key] *= bonus
        return self.scores_in_tiers(text, held if self.coordination else None)
