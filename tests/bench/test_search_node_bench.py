"""The benchmark's OpenSearch measures, so that they cannot rot.

Live (OPENSEARCH_URL set, e.g. under ``scripts/with-search-node``; ``make test-live-search``
runs this module so): the ``opensearch`` layer of ``bench.run`` at 200 practices, and the
node-only mode of ``bench.search_node`` at 400. Without a node those two are skipped, saying so;
the checks of the benchmark's own document builder and of the exactness test run anyway.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

import pytest

from bench import search_node
from bench.generate import PracticeMaker

ROOT = Path(__file__).resolve().parents[2]

live = pytest.mark.skipif(
    not os.environ.get("OPENSEARCH_URL"),
    reason="OPENSEARCH_URL is not set: no OpenSearch node to benchmark against "
    "(scripts/with-search-node starts one; it needs Java and Maven)",
)


def run(command, timeout=300):
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)  # noqa: S603
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-4000:]
    return done


@live
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the benchmark runs on SQLite")
@pytest.mark.django_db  # its migrated copy is the template of the benchmark's database
def test_the_opensearch_layer_measures_the_mix_on_an_index_the_rebuild_made(
    tmp_path, migrated_sqlite
):
    out = tmp_path / "results"
    run([
        sys.executable, "-m", "bench.run", "--sizes", "200", "--queries", "12", "--warmup", "3",
        "--workdir", str(tmp_path), "--out", str(out), "--template", str(migrated_sqlite),
        "--no-http", "--engine", "opensearch",
    ])  # fmt: skip
    table = (out / "latest.md").read_text()
    assert "| 200 | opensearch | all | 12 |" in table
    assert "| 200 | engine | all | 12 |" in table and "| 200 | floor | all | 12 |" in table
    assert "OpenSearch index: rebuild" in table

    (result,) = json.loads(next(out.glob("bench-*.json")).read_text())
    node = result["opensearch"]
    # Every live practice indexed (the drafts were generated too, and left out), none else.
    assert node["documents"] == result["checks"]["live"] > 0
    assert result["checks"]["drafts"] > 0
    assert node["rebuild_s"] > 0 and node["docs_per_s"] > 0
    assert 0 < node["heap_used_mb"] <= node["heap_max_mb"] and node["store_mb"] > 0
    # One-word queries: the cluster engine's count and facets are brute force's.
    assert node["checks"]["one_word_queries"] > 0
    assert node["checks"]["one_word_equal_to_brute_force"] == node["checks"]["one_word_queries"]
    layer = result["layers"]["opensearch"]["all"]
    assert layer["n"] == 12 and 0 < layer["p50"] <= layer["p95"] <= layer["p99"]


@live
def test_the_node_only_mode_loads_generated_practices_and_checks_facets_exactly(tmp_path):
    run([
        sys.executable, "-m", "bench.search_node", "--size", "400", "--queries", "20",
        "--warmup", "3", "--out", str(tmp_path),
    ])  # fmt: skip
    (result,) = [json.loads(path.read_text()) for path in tmp_path.glob("node-*.json")]
    maker = PracticeMaker()
    live_practices = sum(maker.make(n, 20).live for n in range(400))  # drafts are not indexed
    assert result["load"]["documents"] == live_practices
    assert result["stats"]["all"]["n"] == 20
    assert result["run"]["answered"] > 0 and result["run"]["buckets_recounted"] > 0
    assert result["node"]["store_mb"] > 0
    assert "target p95 ≤ 150 ms" in next(tmp_path.glob("node-*.md")).read_text()


def test_the_benchmarks_documents_are_the_engines_own():
    """``document_of`` (fast, no database) equals ``es_documents.practice_document`` on a page
    built in memory; ``generate_documents`` checks this itself for the first documents."""
    documents = dict(search_node.generate_documents(60))
    maker = PracticeMaker()
    organisations = search_node.organisation_names(20)
    compared = 0
    for number in range(60):
        practice = maker.make(number, 20)
        if practice.live:
            expected = search_node.model_document(practice, number + 1, organisations)
            assert documents[number + 1] == expected
            compared += 1
    assert compared == len(documents) > 50


def test_a_document_unlike_the_engines_stops_the_load(monkeypatch):
    original = search_node.document_of

    def without_themes(practice, pk, organisations):
        return {**original(practice, pk, organisations), "theme": []}

    monkeypatch.setattr(search_node, "document_of", without_themes)
    with pytest.raises(RuntimeError, match="is not the engine's"):
        list(search_node.generate_documents(20))


def answer(buckets, other=0, error=0, relation="eq"):
    from search.engines.elasticsearch import FACET_VALUES
    from search.facets import FACETS

    terms = {"buckets": buckets, "sum_other_doc_count": other, "doc_count_error_upper_bound": error}
    return {
        "hits": {"total": {"value": 3, "relation": relation}},
        "aggregations": {facet: {"doc_count": 3, FACET_VALUES: terms} for facet in FACETS},
    }


@pytest.mark.parametrize(
    "response",
    [
        answer([{"key": "x", "doc_count": 3}], other=1),
        answer([{"key": "x", "doc_count": 3}], error=1),
        answer([{"key": "x", "doc_count": 3}], relation="gte"),
        answer([{"key": str(n), "doc_count": 1} for n in range(500)]),
    ],
    ids=["values left out", "estimated counts", "total a lower bound", "as many as the size"],
)
def test_an_inexact_answer_fails_the_exactness_check(response):
    with pytest.raises(RuntimeError, match="sanity check failed"):
        search_node.check_exact(response, "query")
    search_node.check_exact(answer([{"key": "x", "doc_count": 3}]), "query")  # an exact one passes


def test_the_node_cpu_clock_reads_a_local_process_and_nothing_else(monkeypatch):
    monkeypatch.delenv("SEARCH_NODE_PID", raising=False)
    assert search_node.node_cpu_clock() is None  # a node elsewhere: not measured
    monkeypatch.setenv("SEARCH_NODE_PID", "not-a-pid")
    assert search_node.node_cpu_clock() is None
    if not Path(f"/proc/{os.getpid()}/stat").exists():
        pytest.skip("no /proc on this system: the node's CPU is not measured here")
    # This very process stands in for the node: its clock follows the CPU time it burns.
    monkeypatch.setenv("SEARCH_NODE_PID", str(os.getpid()))
    clock = search_node.node_cpu_clock()
    before, cpu_before = clock(), time.process_time()
    while time.process_time() - cpu_before < 0.15:
        pass
    spent = clock() - before
    assert 100 <= spent <= 400  # 150 ms of CPU, counted in 10 ms ticks


def test_cpu_per_query_is_summed_per_class_and_shown_beside_the_latencies():
    samples = [("broad", 200.0), ("broad", 100.0), ("rare", 10.0)]
    cpu = search_node.cpu_per_query(samples)
    assert cpu["broad"] == {"mean": 150.0, "p95": 200.0}
    assert cpu["all"]["mean"] == pytest.approx(310 / 3)
    assert "mixed" not in cpu

    stats = {
        "all": {"n": 3, "p50": 80.0, "p95": 150.0, "p99": 150.0, "mean": 70.0, "qps": 14.0},
        "broad": {"n": 2, "p50": 80.0, "p95": 150.0, "p99": 150.0, "mean": 100.0, "qps": 10.0},
        "rare": {"n": 1, "p50": 10.0, "p95": 10.0, "p99": 10.0, "mean": 10.0, "qps": 100.0},
    }
    result = {
        "size": 1000, "seconds": 3, "stats": stats, "load": {"reused": True},
        "node": {"heap_used_mb": 1, "heap_max_mb": 2, "store_mb": 0.5},
        "run": {"buckets_recounted": 4, "node_cpu_ms": cpu}, "loadavg": [0.1, 0.1, 0.2],
    }  # fmt: skip
    table = search_node.render_node(result, ("mixed", "rare", "broad", "plain"), [])
    # Mean CPU, its p95, and the cores kept busy (CPU / time: 150 ms over 100 ms).
    assert "| 1,000 | broad | 2 | 80.0 | 150.0 | 150.0 | 10 | 150 | 200 | 1.50 |" in table
    assert "not measured" not in table
    result["run"]["node_cpu_ms"] = {}
    table = search_node.render_node(result, ("mixed", "rare", "broad", "plain"), [])
    assert "| 1,000 | broad | 2 | 80.0 | 150.0 | 150.0 | 10 | - | - | - |" in table
    assert "not measured: the node is not a process of this machine" in table
