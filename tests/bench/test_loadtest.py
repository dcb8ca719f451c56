"""The load test's harness: reading wrk's report, the verdicts, the table, the distinct queries.
(The load test itself needs wrk, PostgreSQL and minutes: `make loadtest`, not the suite.)"""

import pytest

from bench import loadtest

WRK_OUTPUT = """\
Running 10s test @ http://127.0.0.1:8000/
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    35.21ms   12.02ms 180.40ms   80.00%
    Req/Sec   712.33     80.10     0.91k    70.00%
  Latency Distribution
     50%   31.50ms
     75%   40.02ms
     90%   52.10ms
     99%    1.20s
  14210 requests in 10.02s, 310.55MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests per second:   ignored
Requests/sec:   1418.16
Transfer/sec:     30.99MB
"""

CLEAN_OUTPUT = """\
Running 3s test @ http://127.0.0.1:8000/
  Latency Distribution
     50%  850.00us
     75%    1.10ms
     90%    2.00ms
     99%    4.50ms
  3000 requests in 3.00s, 10.00MB read
Requests/sec:    999.50
"""


def test_parse_wrk_reads_rate_percentiles_and_errors():
    result = loadtest.parse_wrk(WRK_OUTPUT)
    assert result["requests"] == 14210
    assert result["seconds"] == pytest.approx(10.02)
    assert result["rps"] == pytest.approx(1418.16)
    assert result["p50"] == pytest.approx(31.5)
    assert result["p90"] == pytest.approx(52.1)
    assert result["p99"] == pytest.approx(1200.0)
    assert (result["socket_errors"], result["non_2xx"], result["errors"]) == (5, 7, 12)


def test_parse_wrk_without_errors_and_in_microseconds():
    result = loadtest.parse_wrk(CLEAN_OUTPUT)
    assert result["p50"] == pytest.approx(0.85)
    assert result["p99"] == pytest.approx(4.5)
    assert result["errors"] == 0


def test_parse_wrk_refuses_output_without_a_summary():
    with pytest.raises(ValueError, match="no wrk summary"):
        loadtest.parse_wrk("unable to connect to 127.0.0.1:8000 Connection refused\n")


def row(kind, rps, p99, errors=0):
    return {"kind": kind, "name": "x", "path": "/", "connections": 50, "seconds": 10,
            "requests": int(rps * 10), "rps": rps, "p50": 1.0, "p90": 2.0, "p99": p99,
            "errors": errors}  # fmt: skip


def test_verdicts_hold_each_kind_to_its_targets():
    assert loadtest.verdict(row("cached", 500, 50))[1] == "met"
    assert loadtest.verdict(row("cached", 499, 10))[1] == "MISSED"
    assert loadtest.verdict(row("cached", 900, 50.1))[1] == "MISSED"
    assert loadtest.verdict(row("cached", 900, 10, errors=1))[1] == "MISSED"
    assert loadtest.verdict(row("uncached", 60, 900))[1] == "met"
    assert loadtest.verdict(row("uncached", 59.9, 9))[1] == "MISSED"
    assert loadtest.verdict(row("soak", 1, 5000))[1] == "met"
    assert loadtest.verdict(row("soak", 1000, 5, errors=3))[1] == "MISSED"
    assert loadtest.verdict(row("soak", 0, 0))[1] == "MISSED"  # nothing answered in time
    assert loadtest.verdict(row("warm-up", 5, 9000)) == ("none (warm-up)", "met")


def test_the_table_has_a_row_per_measure_with_the_machine():
    context = {"when": "2026-11-30 20:00", "cores": 2, "load_before": "1.00 0.50 0.20",
               "load_after": "2.00 1.00 0.50", "practices": 10_000, "postgres": "15.18",
               "server": "gunicorn", "cache": "db", "distinct": 4321,
               "command": "python -m bench.loadtest"}  # fmt: skip
    table = loadtest.render([row("cached", 1234.5, 20.0), row("soak", 300, 90, 2)], context)
    lines = table.splitlines()
    assert "2 cores, load average 1.00 0.50 0.20 before / 2.00 1.00 0.50 after" in table
    assert "10,000 practices on PostgreSQL 15.18" in table
    rows = [line for line in lines if line.startswith("| cached") or line.startswith("| soak")]
    assert len(rows) == 2
    assert "| 1,234 |" in rows[0] or "| 1,235 |" in rows[0]
    assert rows[0].endswith("| met |")
    assert rows[1].endswith("| MISSED |")
    assert "4,321 of them" in table


def test_listing_paths_are_distinct_listing_queries_with_text_and_two_filters():
    paths = loadtest.listing_paths(300)
    assert len(paths) == len(set(paths)) > 600
    assert all(path.startswith("/practices/?q=") for path in paths)
    assert all(path.count("&") >= 2 for path in paths)


def test_the_warm_up_queries_are_never_the_measured_ones():
    measured = set(loadtest.listing_paths(300))
    warmup = loadtest.listing_paths(300, seed=7777)
    assert len(set(warmup) - measured) > 600


def test_the_rotating_script_lists_every_path(tmp_path):
    script = loadtest.rotating_script(tmp_path, "t", ["/a?q=1", "/b?q=2"])
    assert (tmp_path / "t.paths").read_text().splitlines() == ["/a?q=1", "/b?q=2"]
    assert str(tmp_path / "t.paths") in script.read_text()
