"""The query mix: what visitors type into the practice search, and the two filters they add.

Most queries pair a word found in nearly every practice ("women", "peace") with a rarer one (a
place, a method); some are a single rare word; some match nearly everything; some are
plain-language questions of 5 to 12 words, mostly stop words and common words with a place or a
method in them (``vocabulary.PLAIN``).
"""

import random
from dataclasses import dataclass

from . import vocabulary as v

MIX = (("mixed", 0.70), ("rare", 0.15), ("broad", 0.15))
# The share of plain-language queries, drawn from a random stream of their own, so that the other
# classes are the very queries (texts and filters, in the same order) they were before it.
PLAIN_SHARE = 0.15


@dataclass(frozen=True)
class BenchQuery:
    kind: str  # mixed, rare, broad or plain
    q: str
    filters: tuple  # ((facet, value), (facet, value)): two different facets

    def params(self):
        return [("q", self.q), *self.filters]


def _zipf_choice(rng, values, exponent=0.9):
    return rng.choices(values, [1 / (r**exponent) for r in range(1, len(values) + 1)])[0]


def make_queries(count, seed=4242):
    rng = random.Random(seed)
    plain_rng = random.Random(seed + 1)
    queries = []
    for _ in range(count):
        if plain_rng.random() < PLAIN_SHARE:
            queries.append(BenchQuery("plain", plain_query(plain_rng), _two_filters(plain_rng)))
            continue
        kind = rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
        rare = _zipf_choice(rng, v.PLACES) if rng.random() < 0.6 else _zipf_choice(rng, v.METHODS)
        if kind == "mixed":
            q = f"{rng.choice(v.COMMON_WORDS)} {rare}"
        elif kind == "rare":
            q = rare
        else:
            q = rng.choice(["women", "peace", "women peace", "peace women"])
        queries.append(BenchQuery(kind, q, _two_filters(rng)))
    return queries


def plain_query(rng):
    """A question of 5 to 12 words from a ``vocabulary.PLAIN`` pattern: common words (Zipf
    skewed among the fillers and actors, as in the practices), one or two places or methods."""
    while True:
        words = rng.choice(v.PLAIN).format_map(_Slots(rng)).split()
        if 5 <= len(words) <= 12:
            return " ".join(words)


class _Slots(dict):
    """Fills each slot of a pattern with a fresh word of its kind."""

    def __init__(self, rng):
        super().__init__()
        self.rng = rng

    def __missing__(self, slot):
        rng = self.rng
        if slot == "common":
            return rng.choice(v.COMMON_WORDS)
        if slot == "filler":
            return _zipf_choice(rng, v.FILLER, exponent=0.6)
        if slot == "actor":
            return _zipf_choice(rng, v.ACTORS, exponent=0.6)
        if slot == "place":
            return _zipf_choice(rng, v.PLACES)
        return _zipf_choice(rng, v.METHODS)


def _two_filters(rng):
    facets, values, weights = zip(*v.FILTERS, strict=True)
    first = rng.choices(range(len(facets)), weights)[0]
    while True:
        second = rng.choices(range(len(facets)), weights)[0]
        if facets[second] != facets[first]:
            break
    return ((facets[first], values[first]), (facets[second], values[second]))
