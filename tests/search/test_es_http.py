"""The engine and the index lifecycle through the real Elasticsearch client, down to the HTTP
requests it would send, without a server: a recording node (elastic_transport's node class)
stands in for the cluster. This checks what the fake client cannot: that every call is a valid
client call, and the method, path, body and authentication that go on the wire."""

import json
from urllib.parse import urlsplit

from django.http import QueryDict

import pytest
from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node._base import NodeApiResponse
from elasticsearch import Elasticsearch

from search.engines import es_index
from search.engines.elasticsearch import ElasticsearchEngine, pass_bodies
from search.query import PracticeQuery
from tests.factories import PracticePageFactory

from .es_fakes import NEW, NOW, OLD, response

pytestmark = pytest.mark.django_db


class RecordingNode(BaseNode):
    requests = []
    routes = {}

    def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
        path = urlsplit(target).path
        RecordingNode.requests.append((method, target, body, dict(headers or {})))
        status, answer = RecordingNode.routes.get((method, path), (200, {"acknowledged": True}))
        headers = HttpHeaders(
            {"x-elastic-product": "Elasticsearch", "content-type": "application/json"}
        )
        meta = ApiResponseMeta(
            status=status, http_version="1.1", headers=headers, duration=0.0, node=self.config
        )
        return NodeApiResponse(meta, json.dumps(answer).encode() if answer is not None else b"")

    def close(self):
        pass


@pytest.fixture
def cluster():
    RecordingNode.requests = []
    RecordingNode.routes = {}
    client = Elasticsearch(
        "https://es.invalid:9200", node_class=RecordingNode, api_key="a2V5OnNlY3JldA=="
    )
    return client


def sent(index=None):
    requests = RecordingNode.requests if index is None else [RecordingNode.requests[index]]
    return [(method, urlsplit(target).path) for method, target, _, _ in requests]


def body_of(request):
    return json.loads(request[2])


def test_a_search_is_one_multi_search_of_the_engine_bodies_to_the_alias(cluster, practice_index):
    page = PracticePageFactory(title="Women mediators of Wajir")
    found = response("normal", mediators=page.pk, draft=0, radio=0)
    query = PracticeQuery.from_params(QueryDict("q=mediator&agenda=WPS&sort=title&page=2"))
    bodies = pass_bodies(query)  # the counts, agenda's counts, the page
    RecordingNode.routes[("POST", "/kb_practices/_msearch")] = (
        200,
        {"responses": [found] * len(bodies)},
    )
    results = ElasticsearchEngine(cluster).search(query)
    assert sent() == [("POST", "/kb_practices/_msearch")]
    ((_, _, raw, headers),) = RecordingNode.requests
    assert headers["content-type"].startswith("application/vnd.elasticsearch+x-ndjson")
    lines = [json.loads(line) for line in raw.decode().splitlines() if line.strip()]
    assert lines == [item for body in bodies for item in ({}, json.loads(json.dumps(body)))]
    assert headers["authorization"] == "ApiKey a2V5OnNlY3JldA=="
    assert [hit.practice for hit in results.hits] == [page]


def test_the_rebuild_on_the_wire(cluster, practice_index):
    page = PracticePageFactory(title="Women mediators of Wajir")
    RecordingNode.routes.update(
        {
            ("POST", "/_bulk"): (200, {"errors": False, "items": [{"index": {"status": 201}}]}),
            ("GET", "/_alias/kb_practices"): (200, {OLD: {"aliases": {"kb_practices": {}}}}),
            ("HEAD", "/kb_practices"): (200, None),
            ("HEAD", "/_alias/kb_practices"): (200, None),
        }
    )
    es_index.rebuild(cluster, "practices", now=NOW)
    assert sent() == [
        ("PUT", f"/{NEW}"),
        ("PUT", "/_bulk"),
        ("PUT", f"/{NEW}/_settings"),
        ("POST", f"/{NEW}/_refresh"),
        ("GET", "/_alias/kb_practices"),
        ("HEAD", "/kb_practices"),
        ("HEAD", "/_alias/kb_practices"),
        ("POST", "/_aliases"),
        ("DELETE", f"/{OLD}"),
    ]
    create = body_of(RecordingNode.requests[0])
    assert set(create) == {"settings", "mappings"}
    bulk = [json.loads(line) for line in RecordingNode.requests[1][2].decode().splitlines()]
    assert bulk[0] == {"index": {"_index": NEW, "_id": str(page.pk)}}
    assert bulk[1]["title"] == "Women mediators of Wajir"
    assert body_of(RecordingNode.requests[7]) == {
        "actions": [
            {"remove": {"index": OLD, "alias": "kb_practices"}},
            {"add": {"index": NEW, "alias": "kb_practices"}},
        ]
    }


def test_the_health_check_on_the_wire(cluster):
    RecordingNode.routes.update(
        {
            ("GET", "/_cluster/health"): (200, {"status": "yellow"}),
            ("POST", "/kb_practices/_count"): (200, {"count": 7}),
        }
    )
    assert ElasticsearchEngine(cluster).health() == {"cluster_status": "yellow", "documents": 7}
    assert [path for _, path in sent()] == ["/_cluster/health", "/kb_practices/_count"]
