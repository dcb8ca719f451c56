"""The query mix: what visitors type into the practice search, and the two filters they add.

Most queries pair a word found in nearly every practice ("women", "peace") with a rarer one (a
place, a method); some are a single rare word; some match nearly everything.
"""

import random
from dataclasses import dataclass

from . import vocabulary as v

MIX = (("mixed", 0.70), ("rare", 0.15), ("broad", 0.15))


@dataclass(frozen=True)
class BenchQuery:
    kind: str  # mixed, rare or broad
    q: str
    filters: tuple  # ((facet, value), (facet, value)): two different facets

    def params(self):
        return [("q", self.q), *self.filters]


def _zipf_choice(rng, values, exponent=0.9):
    return rng.choices(values, [1 / (r**exponent) for r in range(1, len(values) + 1)])[0]


def make_queries(count, seed=4242):
    rng = random.Random(seed)
    queries = []
    for _ in range(count):
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


def _two_filters(rng):
    facets, values, weights = zip(*v.FILTERS, strict=True)
    first = rng.choices(range(len(facets)), weights)[0]
    while True:
        second = rng.choices(range(len(facets)), weights)[0]
        if facets[second] != facets[first]:
            break
    return ((facets[first], values[first]), (facets[second], values[second]))
