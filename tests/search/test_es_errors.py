"""One decision says when the search cluster could not answer (search.engines.errors), and every
place that meets the client's errors asks it."""

import ast
import subprocess
import sys
from pathlib import Path

from django.db import DatabaseError

import pytest
from elasticsearch import BadRequestError, ConnectionError, ConnectionTimeout, NotFoundError

from search.engines.errors import describe, is_outage, is_unavailable

from .es_fakes import api_error

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "error",
    [
        ConnectionError("Connection refused"),
        ConnectionTimeout("timed out"),
        api_error(503, {"error": {"type": "cluster_block_exception"}}),
        api_error(500, {"error": "boom"}),
        api_error(429, {"error": "too many requests"}),
        api_error(404, {"error": {"type": "index_not_found_exception"}}, NotFoundError),
    ],
)
def test_an_outage_is_unavailable(error):
    assert is_unavailable(error) and is_outage(error)


@pytest.mark.parametrize(
    "error",
    [
        api_error(400, {"error": {"type": "parsing_exception"}}, BadRequestError),
        api_error(401, {"error": {"type": "security_exception"}}),
    ],
)
def test_a_refused_request_is_unavailable_but_no_outage(error):
    assert is_unavailable(error) and not is_outage(error)


@pytest.mark.parametrize("error", [ValueError("x"), DatabaseError("locked"), KeyError("hits")])
def test_other_errors_are_not_the_clusters(error):
    assert not is_unavailable(error) and not is_outage(error)


def test_the_description_names_no_address():
    error = api_error(404, {"error": {"type": "index_not_found_exception"}}, NotFoundError)
    assert describe(error) == "NotFoundError 404 index_not_found_exception"
    assert "es.invalid" not in describe(ConnectionError("Connection refused to es.invalid"))


def test_without_the_client_nothing_is_the_clusters():
    script = (
        "import sys; sys.modules['elasticsearch'] = None\n"
        "from search.engines.errors import is_outage, is_unavailable\n"
        "print(is_unavailable(ValueError()), is_outage(ValueError()))"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]


def client_error_names(path):
    """The client's exception classes a module names (imports or attributes)."""
    names = {"ApiError", "TransportError", "ConnectionError", "ConnectionTimeout"}
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            ("elasticsearch", "elastic_transport")
        ):
            found |= {alias.name for alias in node.names} & names
        elif isinstance(node, ast.Attribute) and node.attr in names:
            found.add(node.attr)
    return found


def test_no_other_module_decides_for_itself():
    apps = ("search", "kb", "members", "api", "practices", "insights", "actions", "home", "core")
    deciding = {
        str(path.relative_to(ROOT)): names
        for app in apps
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts and (names := client_error_names(path))
    }
    assert deciding == {"search/engines/errors.py": {"ApiError", "TransportError"}}
