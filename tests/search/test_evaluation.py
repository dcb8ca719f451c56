"""The relevance measures on made-up rankings, and ``evaluate_search`` on factory data."""

import json
import math

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from search.evaluation import dcg, ndcg, recall
from tests.factories import PracticePageFactory


def test_dcg_discounts_by_log2_of_rank_plus_one():
    assert dcg(["a", "x", "b"], {"a", "b"}, k=5) == pytest.approx(1 + 1 / 2)
    assert dcg(["x", "a"], {"a"}, k=5) == pytest.approx(1 / math.log2(3))


def test_ndcg_is_one_for_the_ideal_ranking_and_zero_without_a_hit():
    assert ndcg(["a", "b", "x"], {"a", "b"}) == pytest.approx(1.0)
    assert ndcg(["x", "y"], {"a"}) == 0.0
    assert ndcg([], {"a"}) == 0.0
    assert ndcg(["a"], set()) == 0.0


def test_ndcg_of_a_late_hit():
    # One relevant practice, found third: (1 / log2 4) / 1.
    assert ndcg(["x", "y", "a"], {"a"}) == pytest.approx(0.5)
    # Two relevant, found first and third: (1 + 0.5) / (1 + 1 / log2 3).
    assert ndcg(["a", "x", "b"], {"a", "b"}) == pytest.approx(1.5 / (1 + 1 / math.log2(3)))


def test_ndcg_caps_the_ideal_at_k():
    relevant = {f"r{n}" for n in range(8)}
    # Five relevant in the first five is perfect even though eight are relevant.
    assert ndcg([f"r{n}" for n in range(5)], relevant, k=5) == pytest.approx(1.0)
    # A hit beyond k does not count.
    assert ndcg(["x"] * 5 + ["r0"], relevant, k=5) == 0.0


def test_recall_counts_the_relevant_in_the_first_k():
    assert recall(["a", "x", "b"], {"a", "b", "c", "d"}, k=10) == pytest.approx(0.5)
    assert recall(["x"] * 10 + ["a"], {"a"}, k=10) == 0.0
    assert recall(["a"], set()) == 0.0


@pytest.fixture
def judged(tmp_path, db):
    PracticePageFactory(
        title="Women's community radio",
        summary="A radio station run by rural women broadcasts peace programmes.",
        external_id="radio",
    )
    PracticePageFactory(
        title="Water user associations",
        summary="Women settle water disputes between villages.",
        external_id="water",
    )
    path = tmp_path / "queries.json"
    path.write_text(
        json.dumps(
            {
                "queries": [
                    {"query": "community radio", "relevant": ["radio"]},
                    {"query": "water disputes", "relevant": ["water", "other"]},
                    {"query": "zzzunknownword", "relevant": ["radio"]},
                ]
            }
        )
    )
    return path


@pytest.mark.django_db
def test_evaluate_search_reports_each_query_and_the_means(judged, capsys, settings):
    settings.PRACTICE_SEARCH_ENGINE = "search.engines.database.DatabaseEngine"
    call_command("evaluate_search", queries=str(judged))
    out = capsys.readouterr().out
    assert "nDCG@5 1.000  recall@10 1.000  results    1  community radio" in out
    # "water" first, "other" absent: 1 / (1 + 1 / log2 3).
    assert f"nDCG@5 {1 / (1 + 1 / math.log2(3)):.3f}  recall@10 0.500" in out
    assert "results    0  zzzunknownword" in out
    mean = (1 + 1 / (1 + 1 / math.log2(3)) + 0) / 3
    assert f"3 queries: mean nDCG@5 {mean:.3f}, mean recall@10 {1.5 / 3:.3f}, no result 33%" in out


@pytest.mark.django_db
def test_evaluate_search_fails_below_the_minimum(judged, settings):
    settings.PRACTICE_SEARCH_ENGINE = "search.engines.database.DatabaseEngine"
    call_command("evaluate_search", queries=str(judged), min_ndcg=0.5)
    with pytest.raises(CommandError, match="below 0.9"):
        call_command("evaluate_search", queries=str(judged), min_ndcg=0.9)


def test_evaluate_search_reports_an_unreadable_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("evaluate_search", queries=str(tmp_path / "missing.json"))


@pytest.mark.django_db
def test_evaluate_search_measures_the_engine_asked_for(judged, capsys, settings):
    # The configured engine would find nothing; --engine database measures the database alone.
    settings.PRACTICE_SEARCH_ENGINE = "tests.search.test_evaluation.NothingFound"
    call_command("evaluate_search", queries=str(judged))
    assert "3 queries: mean nDCG@5 0.000" in capsys.readouterr().out
    call_command("evaluate_search", queries=str(judged), engine="database")
    assert "community radio" in (out := capsys.readouterr().out)
    assert "3 queries: mean nDCG@5 0.000" not in out


@pytest.mark.parametrize(
    "engine, setting", [("opensearch", "OPENSEARCH_URL"), ("elasticsearch", "ELASTICSEARCH_URL")]
)
def test_evaluate_search_on_a_cluster_needs_its_address(tmp_path, settings, engine, setting):
    setattr(settings, setting, "")
    path = tmp_path / "queries.json"
    path.write_text(json.dumps({"queries": [{"query": "radio", "relevant": ["radio"]}]}))
    with pytest.raises(CommandError, match=setting):
        call_command("evaluate_search", queries=str(path), engine=engine)


class NothingFound:
    def search(self, query):
        from search.service import SearchResults

        return SearchResults(query, 0, [], {})
