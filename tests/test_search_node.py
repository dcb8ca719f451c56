"""scripts/with-search-node: builds and starts a real OpenSearch node, runs a command against it,
and stops it, leaving nothing behind.

The tests that start the node need java and mvn (they are skipped, naming the missing one,
without them) and share one run of the wrapper (about 30 s, most of it the node's start).
CI runs them in its step "live search (OpenSearch node)", where a skip counts as a failure.
"""

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.search_node

ROOT = Path(__file__).resolve().parent.parent
WRAPPER = ROOT / "scripts" / "with-search-node"

MISSING = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
needs_java_and_maven = pytest.mark.skipif(
    bool(MISSING),
    reason=f"{' and '.join(MISSING)} not found: the OpenSearch node cannot be built or started",
)

# What the command run under the wrapper records: what it was given, and whether the node at
# that address answers, and as what.
PROBE = textwrap.dedent(
    """
    import json, os, sys, urllib.request

    url = os.environ["OPENSEARCH_URL"]
    pid = int(os.environ["SEARCH_NODE_PID"])
    with urllib.request.urlopen(url + "/", timeout=10) as r:
        root = json.load(r)
    with urllib.request.urlopen(url + "/_cluster/health", timeout=10) as r:
        health = json.load(r)
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        cmdline = [part.decode() for part in f.read().split(b"\\0") if part]
    json.dump(
        {"url": url, "pid": pid, "root": root, "health": health, "cmdline": cmdline},
        open(sys.argv[1], "w"),
    )
    sys.exit(7)
    """
)


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for every purpose here, but still answers kill(0).
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One run of the wrapper around the probe, with a Maven that must not be called: the
    node is built beforehand (`--build`), and a second build would fail the run."""
    tmp = tmp_path_factory.mktemp("search-node")
    build = subprocess.run(  # noqa: S603
        [str(WRAPPER), "--build"], capture_output=True, text=True, timeout=900
    )
    assert build.returncode == 0, build.stderr
    no_maven = tmp / "mvn"
    no_maven.write_text("#!/bin/sh\necho 'mvn was called: the node was built again' >&2\nexit 1\n")
    no_maven.chmod(0o755)
    out = tmp / "probe.json"
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603
        [str(WRAPPER), sys.executable, "-c", PROBE, str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "MVN": str(no_maven), "OPENSEARCH_URL": "http://127.0.0.1:1"},
    )
    took = time.monotonic() - started
    probe = json.loads(out.read_text()) if out.exists() else None
    return result, probe, took


@needs_java_and_maven
def test_the_wrapper_returns_the_commands_exit_code(run):
    result, probe, _ = run
    assert probe is not None, result.stderr
    assert result.returncode == 7, result.stderr


@needs_java_and_maven
def test_the_command_gets_the_url_of_a_green_opensearch_node_on_loopback(run):
    result, probe, _ = run
    assert probe is not None, result.stderr
    assert probe["url"].startswith("http://127.0.0.1:")
    assert probe["url"] != "http://127.0.0.1:1"  # the wrapper's address, not the caller's
    assert probe["root"]["version"]["distribution"] == "opensearch"
    assert probe["root"]["version"]["number"].startswith("2.19.")
    assert probe["health"]["status"] in ("green", "yellow")
    assert probe["health"]["number_of_nodes"] == 1
    # SEARCH_NODE_PID is the node itself, listening on the port it was given.
    assert "kb.searchnode.Main" in probe["cmdline"]
    assert probe["cmdline"][-1] == probe["url"].rsplit(":", 1)[1]


@needs_java_and_maven
def test_nothing_is_left_behind(run):
    result, probe, _ = run
    assert probe is not None, result.stderr
    assert not alive(probe["pid"]), "the node is still running"
    home = Path(probe["cmdline"][-2])
    assert home.name == "home"
    assert not home.parent.exists(), f"{home.parent} was not removed"


@needs_java_and_maven
def test_a_node_that_is_built_is_not_built_again(run):
    result, probe, took = run
    # The run used a mvn that fails: it did not call it.
    assert "mvn was called" not in result.stderr
    assert probe is not None, result.stderr
    print(f"node started, probed and stopped in {took:.1f}s")


@pytest.mark.parametrize("tool", ["JAVA", "MVN"])
def test_without_java_or_maven_it_cannot_run_and_says_which(tmp_path, tool):
    marker = tmp_path / "ran"
    result = subprocess.run(  # noqa: S603
        [str(WRAPPER), "touch", str(marker)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, tool: str(tmp_path / "missing")},
    )
    assert result.returncode == 3
    assert f"{tool.lower()} not found" in result.stderr
    assert not marker.exists()
