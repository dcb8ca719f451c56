"""Measures of search relevance over judged queries (``data/queries-sample.json``).

A judged query names the practices (by ``external_id``) a reader would want on the first page;
they all count the same (binary gains). ``evaluate_search`` runs each query through the search
service and reports these measures.
"""

import json
import math
from dataclasses import dataclass


def dcg(ranking, relevant, k):
    """Discounted cumulative gain of the first ``k`` of ``ranking``: 1 / log2(rank + 1) for each
    relevant result at ``rank`` (from 1)."""
    return sum(
        1 / math.log2(rank + 1) for rank, item in enumerate(ranking[:k], 1) if item in relevant
    )


def ndcg(ranking, relevant, k=5):
    """DCG@k of ``ranking`` over the best possible: every relevant practice first (at most k).

    0.0 when nothing is relevant (nothing to find cannot be found well)."""
    relevant = set(relevant)
    ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(len(relevant), k) + 1))
    return dcg(ranking, relevant, k) / ideal if ideal else 0.0


def recall(ranking, relevant, k=10):
    """The share of the relevant practices among the first ``k`` of ``ranking``."""
    relevant = set(relevant)
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranking[:k])) / len(relevant)


@dataclass
class QueryResult:
    query: str
    relevant: list
    ranking: list  # external ids of the results, best first (as far as they were read)
    count: int  # every result the search found
    ndcg: float
    recall: float


@dataclass
class Summary:
    results: list
    mean_ndcg: float
    mean_recall: float
    empty_share: float  # queries with no result at all


def load_queries(path):
    """The judged queries of a file: ``{"queries": [{"query", "relevant": [...]}]}``."""
    return load_judged(path)[0]


def load_judged(path):
    """The judged queries of a file and the language they are typed in: the file's
    ``language`` (a visitor reading the site in it typed them), English when absent."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    queries = [(item["query"], list(item["relevant"])) for item in data["queries"]]
    language = data.get("language") or "en"
    if not isinstance(language, str):
        raise TypeError("language must be a language code")
    return queries, language


def evaluate(queries, search, k=5, recall_k=10):
    """Run each ``(query, relevant)`` through ``search(text) -> (count, [external ids])``."""
    results = []
    for text, relevant in queries:
        count, ranking = search(text)
        results.append(
            QueryResult(
                text,
                relevant,
                ranking,
                count,
                ndcg(ranking, relevant, k),
                recall(ranking, relevant, recall_k),
            )
        )
    number = len(results) or 1
    return Summary(
        results,
        sum(r.ndcg for r in results) / number,
        sum(r.recall for r in results) / number,
        sum(1 for r in results if r.count == 0) / number,
    )
