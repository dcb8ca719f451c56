"""The benchmark runs end to end on a couple of hundred practices, so that it cannot rot.

It generates its own SQLite database (whatever database the suite itself runs on), checks the
engine against brute force, measures every layer once over a short mix and writes the table.
"""

import json
import subprocess
import sys
from pathlib import Path

from django.db import connection

import pytest

# The benchmark is of SQLite and makes its own database: the PostgreSQL pass would run the very
# same thing again.
pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the benchmark runs on its own SQLite database"
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db  # the suite's test database is set up: its migrated copy is the template
def test_benchmark_generates_checks_measures_and_writes_the_table(tmp_path, migrated_sqlite):
    out = tmp_path / "results"
    # Its database starts from the suite's freshly migrated one (``--template``): the same tables
    # as migrating a new file makes, without running every migration again in the subprocess.
    command = [
        sys.executable, "-m", "bench.run", "--sizes", "200", "--queries", "12", "--warmup", "3",
        "--workdir", str(tmp_path), "--out", str(out), "--template", str(migrated_sqlite),
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=240)  # noqa: S603
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]

    table = (out / "latest.md").read_text()
    for layer in ("| floor |", "| engine |", "| api (", "| http listing |"):
        assert f"| 200 {layer}" in table
    assert "MATCH ? ORDER BY rank LIMIT 20" in table
    assert "| 200 | engine | plain |" in table  # plain-language questions, their own class
    assert "Targets:" in table

    (result,) = json.loads(next(out.glob("bench-*.json")).read_text())
    assert result["checks"]["drafts"] > 0  # there were drafts, and the engine never found one
    assert result["checks"]["queries_with_hits"] > 0
    assert result["queries"] == 12
    assert result["classes"]["plain"] > 0
    engine = result["layers"]["engine"]["all"]
    assert engine["n"] == 12 and 0 < engine["p50"] <= engine["p95"] <= engine["p99"]
