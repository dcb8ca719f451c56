"""A fake Elasticsearch client that records every call, and helpers to build the client's
exceptions, for the tests that run without a server."""

import datetime
import json
from pathlib import Path

from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
from elasticsearch import ApiError, NotFoundError

RESPONSES = Path(__file__).parent / "es_responses"

# The rebuild's clock in the tests, the index it names and the one it replaces.
NOW = datetime.datetime(2026, 11, 28, 1, 2, 3, 456789, tzinfo=datetime.UTC)
NEW = "kb_practices-20261128010203456789"
OLD = "kb_practices-20261001000000000000"


def response(name, **ids):
    """A recorded response from es_responses/, with "@name" ids replaced by real ones."""
    text = (RESPONSES / f"{name}.json").read_text()
    for key, value in ids.items():
        text = text.replace(f'"@{key}"', f'"{value}"')
    return json.loads(text)


def api_error(status, body, cls=ApiError):
    meta = ApiResponseMeta(
        status=status,
        http_version="1.1",
        headers=HttpHeaders(),
        duration=0.01,
        node=NodeConfig("http", "es.invalid", 9200),
    )
    return cls(message=str(status), meta=meta, body=body)


class FakeIndices:
    def __init__(self, client):
        self.client = client

    def __getattr__(self, name):
        def call(**kwargs):
            return self.client.record(f"indices.{name}", kwargs)

        return call


class FakeClient:
    """Records ``(method, kwargs)``; answers from ``answers[method]`` (a value, an exception to
    raise, or a callable of the kwargs), or a plain acknowledgement."""

    def __init__(self, answers=None):
        self.calls = []
        self.answers = dict(answers or {})
        self.indices = FakeIndices(self)
        self.cluster = FakeIndices(self)  # cluster.health is recorded as indices.health

    def record(self, method, kwargs):
        self.calls.append((method, kwargs))
        answer = self.answers.get(method, {"acknowledged": True})
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(**kwargs)
        return answer

    def options(self, **kwargs):
        return self

    def msearch(self, **kwargs):
        """A multi-search: recorded as one call; each of its requests answered as ``search``
        would answer it (``answers["msearch"]``, when given, answers the whole call)."""
        if "msearch" in self.answers:
            return self.record("msearch", kwargs)
        self.calls.append(("msearch", kwargs))
        answer = self.answers.get("search", {"acknowledged": True})
        if isinstance(answer, Exception):
            raise answer
        searches = kwargs["searches"]
        bodies = searches[1::2]
        if callable(answer):
            return {"responses": [answer(index=kwargs["index"], body=body) for body in bodies]}
        return {"responses": [answer for _ in bodies]}

    def searched(self):
        """The bodies of every search request sent, whether alone or in a multi-search."""
        bodies = []
        for method, kwargs in self.calls:
            if method == "search":
                bodies.append(kwargs["body"])
            elif method == "msearch":
                bodies += kwargs["searches"][1::2]
        return bodies

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)

        def call(**kwargs):
            return self.record(name, kwargs)

        return call

    def methods(self):
        return [method for method, _ in self.calls]


def missing_alias():
    return api_error(404, {"error": "alias [kb_practices] missing", "status": 404}, NotFoundError)
