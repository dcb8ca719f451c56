"""The benchmark's query mix: plain-language questions are their own class, and adding them
left the other classes' queries as they were."""

from bench import queries
from bench import vocabulary as v
from core.textsearch import STOPWORDS, words


def test_plain_queries_are_mostly_common_words_with_a_place_or_a_method():
    plain = [q for q in queries.make_queries(600) if q.kind == "plain"]
    assert 0.1 < len(plain) / 600 < 0.2
    common = set(STOPWORDS) | {
        w for phrase in v.COMMON_WORDS + v.FILLER + v.ACTORS for w in words(phrase)
    }
    rare = {w.lower() for w in v.PLACES + v.METHODS}
    for query in plain:
        typed = words(query.q)
        assert 5 <= len(query.q.split()) <= 12, query
        assert sum(w in common for w in typed) > len(typed) / 2, query
        assert any(w in rare for w in typed), query
        assert len({facet for facet, _ in query.filters}) == 2


def test_the_other_classes_keep_their_queries(monkeypatch):
    mixed = queries.make_queries(400)
    monkeypatch.setattr(queries, "PLAIN_SHARE", 0.0)
    without = queries.make_queries(400)
    others = [q for q in mixed if q.kind != "plain"]
    assert others == without[: len(others)]
    assert {q.kind for q in others} == {"mixed", "rare", "broad"}
