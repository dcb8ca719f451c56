"""One engine, two transports: the elasticsearch 8 client and opensearch-py send the same
requests for the same work, their errors mean the same to the engine, and the settings pick
the client. No server: each client's own lowest layer (elastic_transport's node, opensearch-py's
connection) is replaced by one that records what would go on the wire and answers from routes.
"""

import json
import os
import runpy
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.http import QueryDict

import pytest
from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node._base import NodeApiResponse
from elasticsearch import Elasticsearch
from opensearchpy import Connection, OpenSearch

from kb.checks import search_engine_is_complete
from search.engines import es_index
from search.engines.elasticsearch import ElasticsearchEngine, has_page
from search.engines.errors import describe, is_not_found, is_outage, is_unavailable
from search.engines.transport import OpenSearchClient, get_client, reset_clients
from search.query import PracticeQuery
from tests.factories import FrameworkPageFactory, PracticePageFactory, ProvisionFactory

from .es_fakes import NEW, NOW, OLD, FakeClient, response

pytestmark = pytest.mark.django_db
BASE_SETTINGS = Path(__file__).resolve().parents[2] / "kb" / "settings" / "base.py"
ENGINES = ("elasticsearch", "opensearch")

# What each client sent, in order: (method, path, query parameters, body).
WIRE = []
# (method, path) -> (status, answer), or a callable of the request's body answering them;
# anything else is answered {"acknowledged": true}.
ROUTES = {}


def decoded(body):
    """A request body as data: a JSON document, or the lines of an NDJSON one (bulk)."""
    if body in (None, b"", ""):
        return None
    text = body.decode() if isinstance(body, bytes) else body
    try:
        return json.loads(text)
    except ValueError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def answer(method, path, body=None):
    route = ROUTES.get((method, path), (200, {"acknowledged": True}))
    status, data = route(body) if callable(route) else route
    return status, json.dumps(data) if data is not None else ""


def each_search(found):
    """A multi-search route answering each of its searches with ``found``."""
    return lambda searches: (200, {"responses": [found for _ in searches[1::2]]})


class RecordingNode(BaseNode):
    """The elasticsearch client's lowest layer."""

    def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
        url = urlsplit(target)
        params = dict(parse_qsl(url.query))
        WIRE.append((method, url.path, params, decoded(body)))
        status, raw = answer(method, url.path, decoded(body))
        headers = HttpHeaders(
            {"x-elastic-product": "Elasticsearch", "content-type": "application/json"}
        )
        meta = ApiResponseMeta(
            status=status, http_version="1.1", headers=headers, duration=0.0, node=self.config
        )
        return NodeApiResponse(meta, raw.encode())

    def close(self):
        pass


class RecordingConnection(Connection):
    """opensearch-py's lowest layer."""

    def perform_request(
        self, method, url, params=None, body=None, timeout=None, ignore=(), headers=None
    ):
        path = urlsplit(url).path
        # opensearch-py escapes query parameters to bytes; urllib3 sends them as text.
        params = {
            k: v.decode() if isinstance(v, bytes) else str(v) for k, v in (params or {}).items()
        }
        WIRE.append((method, path, params, decoded(body)))
        status, raw = answer(method, path, decoded(body))
        if not 200 <= status < 300 and status not in ignore:
            self._raise_error(status, raw, "application/json")
        return status, {"content-type": "application/json"}, raw


def recording_client(engine):
    if engine == "elasticsearch":
        return Elasticsearch("https://es.invalid:9200", node_class=RecordingNode)
    return OpenSearchClient(
        OpenSearch("https://os.invalid:9200", connection_class=RecordingConnection)
    )


@pytest.fixture
def wire():
    """Runs ``work(client)`` with each client; returns what each sent, by engine."""
    WIRE.clear()
    ROUTES.clear()

    def run(work):
        sent = {}
        for engine in ENGINES:
            WIRE.clear()
            work(recording_client(engine))
            sent[engine] = list(WIRE)
        return sent

    yield run
    WIRE.clear()
    ROUTES.clear()


def without_methods(sent):
    return [(path, params, body) for _, path, params, body in sent]


QUERIES = [
    "",
    "q=women+mediators&agenda=WPS&country=KE&sort=title&page=2",
    'q="role+of+women"+-military&pillar=prevention&year_from=2010&year_to=2020',
    "q=peace&page=600",  # beyond the result window: count and facets only
]


@pytest.mark.parametrize("params", QUERIES)
def test_a_search_is_the_same_request_on_both_clients(wire, practice_index, params):
    page = PracticePageFactory(title="Women mediators of Wajir")
    query = PracticeQuery.from_params(QueryDict(params))
    found = response("normal", mediators=page.pk, draft=0, radio=0)
    ROUTES[("POST", "/kb_practices/_msearch")] = each_search(found)
    results = {}

    def work(client):
        results[type(client).__name__] = ElasticsearchEngine(client).search(query)

    sent = wire(work)
    # What the engine asks of a client answering the same: each pass's requests together
    # (the second pass when the first found fewer than a page), then the window's page.
    fake = FakeClient({"search": found})
    ElasticsearchEngine(fake).search(query)
    expected = [
        ("POST", "/kb_practices/_msearch", {}, json.loads(json.dumps(kwargs["searches"])))
        for method, kwargs in fake.calls
    ]
    assert [method for method, _ in fake.calls] == ["msearch"] * len(expected) and expected
    assert sent["elasticsearch"] == expected
    assert sent["opensearch"] == sent["elasticsearch"]
    first, second = results.values()
    listed = [page] if has_page(query) else []  # beyond the result window: no page is asked
    assert [h.practice for h in first.hits] == [h.practice for h in second.hits] == listed
    assert (first.count, first.facets, first.partial) == (
        second.count,
        second.facets,
        second.partial,
    )


def test_a_rebuild_is_the_same_requests_on_both_clients(wire, practice_index):
    page = PracticePageFactory(title="Women mediators of Wajir")
    ROUTES.update(
        {
            ("POST", "/_bulk"): (200, {"errors": False, "items": [{"index": {"status": 201}}]}),
            ("PUT", "/_bulk"): (200, {"errors": False, "items": [{"index": {"status": 201}}]}),
            ("GET", "/_alias/kb_practices"): (200, {OLD: {"aliases": {"kb_practices": {}}}}),
            ("HEAD", "/kb_practices"): (200, None),
            ("HEAD", "/_alias/kb_practices"): (200, None),
        }
    )
    sent = wire(lambda client: es_index.rebuild(client, "practices", now=NOW))
    paths = [
        f"/{NEW}",
        "/_bulk",
        f"/{NEW}/_settings",
        f"/{NEW}/_refresh",
        "/_alias/kb_practices",
        "/kb_practices",
        "/_alias/kb_practices",
        "/_aliases",
        f"/{OLD}",
    ]
    assert [path for _, path, _, _ in sent["elasticsearch"]] == paths
    assert without_methods(sent["opensearch"]) == without_methods(sent["elasticsearch"])
    # The same verbs, but for the bulk load: the elasticsearch client PUTs it, opensearch-py
    # POSTs it (both are the bulk API).
    methods = {engine: [method for method, *_ in sent[engine]] for engine in ENGINES}
    assert methods["elasticsearch"][1] == "PUT" and methods["opensearch"][1] == "POST"
    methods["opensearch"][1] = "PUT"
    assert methods["opensearch"] == methods["elasticsearch"]
    create, bulk = sent["opensearch"][0][3], sent["opensearch"][1][3]
    assert set(create) == {"settings", "mappings"}
    assert bulk[0] == {"index": {"_index": NEW, "_id": str(page.pk)}}
    assert bulk[1]["title"] == "Women mediators of Wajir"
    assert sent["opensearch"][7][3] == {
        "actions": [
            {"remove": {"index": OLD, "alias": "kb_practices"}},
            {"add": {"index": NEW, "alias": "kb_practices"}},
        ]
    }
    assert sent["opensearch"][8][2] == {"ignore_unavailable": "true"}


def test_updates_status_and_health_are_the_same_requests_on_both_clients(
    wire, practice_index, framework_index
):
    page = PracticePageFactory(title="Women mediators of Wajir")
    kenya = FrameworkPageFactory(title="Kenya NAP", country="KE")
    ProvisionFactory(framework=kenya, code="1.1", text="Women sit on peace committees.")
    family = {NEW: {"aliases": {"kb_practices": {}}}}
    ROUTES.update(
        {
            ("GET", "/kb_practices-*/_alias"): (200, family),
            ("GET", "/kb_provisions-*/_alias"): (200, {"kb_provisions-1": {"aliases": {}}}),
            ("GET", "/_alias/kb_practices"): (200, family),
            ("GET", "/_alias/kb_provisions"): (404, {"error": "alias missing", "status": 404}),
            ("POST", "/kb_practices/_count"): (200, {"count": 1}),
            ("GET", "/kb_practices/_count"): (200, {"count": 1}),
            ("GET", "/_cluster/health"): (200, {"status": "green"}),
        }
    )
    reports = {}

    def work(client):
        es_index.index_practice(client, page.pk)
        es_index.remove_practice(client, page.pk)
        es_index.index_framework_provisions(client, kenya.pk)
        reports[type(client).__name__] = (
            es_index.status(client),
            ElasticsearchEngine(client).health(),
        )

    sent = wire(work)
    assert without_methods(sent["opensearch"]) == without_methods(sent["elasticsearch"])
    first, second = reports.values()
    assert first == second
    assert first[1] == {"cluster_status": "green", "documents": 1}
    assert first[0]["provisions"]["indices"] == []  # a 404 is "no alias yet" on both
    delete_by_query = [
        body for _, path, _, body in sent["opensearch"] if "_delete_by_query" in path
    ]
    assert delete_by_query == [{"query": {"term": {"framework_id": kenya.pk}}}]


@pytest.mark.parametrize(
    ("status", "reason", "outage", "not_found"),
    [
        (503, {"type": "cluster_block_exception"}, True, False),
        (500, "boom", True, False),
        (429, "too many requests", True, False),
        (404, {"type": "index_not_found_exception"}, True, True),
        (400, {"type": "parsing_exception"}, False, False),
        (401, {"type": "security_exception"}, False, False),
    ],
)
def test_both_clients_errors_mean_the_same(wire, status, reason, outage, not_found):
    body = {"error": reason, "status": status}
    ROUTES[("POST", "/kb_practices/_search")] = (status, body)
    errors = raised_by(
        wire, lambda client: client.search(index="kb_practices", body={"query": MATCH_ALL})
    )
    kind = reason["type"] if isinstance(reason, dict) else reason
    assert_mean(errors, outage, not_found, f"{status} {kind}")


MATCH_ALL = {"match_all": {}}


def raised_by(wire, call):
    """The error each client raises from ``call(client)``, by client."""
    errors = {}

    def work(client):
        with pytest.raises(Exception) as raised:  # noqa: PT011 - each client raises its own
            call(client)
        errors[type(client).__name__] = raised.value

    wire(work)
    return errors


def assert_mean(errors, outage, not_found, description):
    assert len(errors) == 2
    for error in errors.values():
        assert is_unavailable(error)
        assert is_outage(error) is outage
        assert is_not_found(error) is not_found
        assert describe(error).split(" ", 1)[1] == description


@pytest.mark.parametrize(
    ("status", "outage", "not_found"),
    [(503, True, False), (429, True, False), (404, True, True), (400, False, False)],
)
def test_a_failed_search_inside_a_multi_search_raises_as_a_failed_search(
    wire, practice_index, status, outage, not_found
):
    # The cluster answers the multi-search, but one of its searches failed: the engine sees
    # the client's own error, which means what a failed search means.
    failed = {"error": {"type": "search_phase_execution_exception"}, "status": status}
    ROUTES[("POST", "/kb_practices/_msearch")] = lambda searches: (
        200,
        {"responses": [response("empty"), *([failed] * (len(searches) // 2 - 1))]},
    )
    errors = raised_by(
        wire, lambda client: ElasticsearchEngine(client).search(PracticeQuery(q="mediators"))
    )
    assert_mean(errors, outage, not_found, f"{status} search_phase_execution_exception")


def test_a_refused_connection_is_an_outage_on_both_clients():
    for client in (
        Elasticsearch("http://127.0.0.1:9", request_timeout=1, max_retries=0),
        OpenSearchClient(OpenSearch("http://127.0.0.1:9", timeout=1, max_retries=0)),
    ):
        with pytest.raises(Exception) as raised:  # noqa: PT011 - each client raises its own
            client.search(index="kb_practices", body={})
        error = raised.value
        assert is_unavailable(error) and is_outage(error) and not is_not_found(error)
        assert describe(error).startswith("Connection")
        assert "127.0.0.1" not in describe(error)


@pytest.fixture
def fresh_clients():
    reset_clients()
    yield
    reset_clients()


def test_the_settings_pick_the_client(settings, fresh_clients):
    settings.SEARCH_ENGINE = "opensearch"
    settings.OPENSEARCH_URL = "https://os.example.org:9200"
    settings.ELASTICSEARCH_URL = ""
    settings.ELASTICSEARCH_TIMEOUT = 3
    settings.OPENSEARCH_OPTIONS = {"http_auth": ("kb", "pw"), "verify_certs": True}
    client = get_client()
    assert isinstance(client, OpenSearchClient) and isinstance(client.client, OpenSearch)
    assert get_client() is client  # one per process and configuration
    (connection,) = client.client.transport.connection_pool.connections
    assert connection.host == "https://os.example.org:9200"
    assert connection.timeout == 3
    assert connection.headers["authorization"].startswith("Basic ")
    assert ElasticsearchEngine().name == "opensearch"

    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = "https://es.example.org:9200"
    settings.ELASTICSEARCH_OPTIONS = {"api_key": "a2V5OnNlY3JldA=="}
    client = get_client()
    assert isinstance(client, Elasticsearch)
    (node,) = client.transport.node_pool.all()
    assert (node.config.host, node.config.port) == ("es.example.org", 9200)
    assert client._headers["authorization"] == "ApiKey a2V5OnNlY3JldA=="
    assert ElasticsearchEngine().name == "elasticsearch"


@pytest.mark.parametrize(
    ("engine", "elasticsearch_url", "opensearch_url"),
    [
        ("database", "http://127.0.0.1:9200", "http://127.0.0.1:9201"),
        ("opensearch", "http://127.0.0.1:9200", ""),  # the other engine's address is not its own
        ("elasticsearch", "", "http://127.0.0.1:9201"),
    ],
)
def test_without_its_address_there_is_no_cluster_client(
    settings, fresh_clients, engine, elasticsearch_url, opensearch_url
):
    settings.SEARCH_ENGINE = engine
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.OPENSEARCH_URL = opensearch_url
    with pytest.raises(ImproperlyConfigured, match="No search cluster is configured"):
        get_client()


def settings_from(env, monkeypatch):
    for name in list(os.environ):
        if name.startswith(("ELASTICSEARCH_", "OPENSEARCH_", "SEARCH_ENGINE")):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(BASE_SETTINGS))


def test_with_the_settings_wagtail_and_the_service_use_opensearch(monkeypatch):
    from wagtail.search.backends import get_search_backend

    values = settings_from(
        {
            "SEARCH_ENGINE": "opensearch",
            "OPENSEARCH_URL": "https://os.example.org:9200",
            "OPENSEARCH_USERNAME": "kb",
            "OPENSEARCH_PASSWORD": "pw",
            "OPENSEARCH_CA_CERTS": "/etc/ssl/os-ca.pem",
            "OPENSEARCH_VERIFY_CERTS": "true",
            "ELASTICSEARCH_INDEX_PREFIX": "registry_",
        },
        monkeypatch,
    )
    options = {"http_auth": ("kb", "pw"), "ca_certs": "/etc/ssl/os-ca.pem", "verify_certs": True}
    assert values["WAGTAILSEARCH_BACKENDS"] == {
        "default": {
            # opensearch-py 3 takes keywords only: django-modelsearch's opensearch3 backend.
            "BACKEND": "wagtail.search.backends.opensearch3",
            "URLS": ["https://os.example.org:9200"],
            "INDEX_PREFIX": "registry_",
            "TIMEOUT": 5.0,
            "OPTIONS": options,
        },
        "database": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"},
    }
    assert values["OPENSEARCH_OPTIONS"] == options
    assert values["PRACTICE_SEARCH_ENGINE"] == "search.engines.fallback.FallbackEngine"
    config = dict(values["WAGTAILSEARCH_BACKENDS"]["default"])
    backend = get_search_backend(config.pop("BACKEND"), **config)
    assert type(backend).__name__ == "OpenSearch3SearchBackend"
    assert isinstance(backend.es, OpenSearch)


def test_opensearch_without_its_address_changes_nothing(monkeypatch):
    values = settings_from(
        {"SEARCH_ENGINE": "opensearch", "ELASTICSEARCH_URL": "http://127.0.0.1:9200"}, monkeypatch
    )
    assert values["WAGTAILSEARCH_BACKENDS"] == {
        "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}
    }
    assert "PRACTICE_SEARCH_ENGINE" not in values


def test_wagtails_opensearch_backend_creates_its_index_with_the_installed_client(monkeypatch):
    """opensearch2 calls the client with positional arguments, which opensearch-py 3 refuses:
    the backend the settings choose must work with the client that is installed."""
    from wagtail.search.backends import get_search_backend

    values = settings_from(
        {"SEARCH_ENGINE": "opensearch", "OPENSEARCH_URL": "https://os.invalid:9200"}, monkeypatch
    )
    config = dict(values["WAGTAILSEARCH_BACKENDS"]["default"])
    backend = get_search_backend(
        config.pop("BACKEND"), **{**config, "OPTIONS": {"connection_class": RecordingConnection}}
    )
    WIRE.clear()
    ROUTES.clear()
    index = backend.get_index_for_model(__import__("practices.models").models.PracticePage)
    index.put()
    index.refresh()
    assert [(method, path) for method, path, _, _ in WIRE] == [
        ("PUT", "/kb_wagtailcore_page"),
        ("POST", "/kb_wagtailcore_page/_refresh"),
    ]
    assert set(WIRE[0][3]) >= {"settings"}
    WIRE.clear()


@pytest.mark.parametrize(
    ("engine", "urls", "missing", "message"),
    [
        ("solr", {}, set(), "SEARCH_ENGINE is 'solr', which is no search engine"),
        ("opensearch", {"ELASTICSEARCH_URL": "http://x:9200"}, set(), "OPENSEARCH_URL is not set"),
        ("elasticsearch", {"OPENSEARCH_URL": "http://x:9200"}, set(), "ELASTICSEARCH_URL is not"),
        ("opensearch", {"OPENSEARCH_URL": "http://x:9200"}, {"opensearchpy"}, "opensearchpy pa"),
        ("opensearch", {"OPENSEARCH_URL": "http://x:9200"}, {"elasticsearch"}, "elasticsearch.dsl"),
        ("elasticsearch", {"ELASTICSEARCH_URL": "http://x:9200"}, {"elasticsearch"}, "the elas"),
    ],
)
def test_an_incomplete_search_engine_is_a_check_error(
    settings, monkeypatch, engine, urls, missing, message
):
    from importlib.util import find_spec

    settings.SEARCH_ENGINE = engine
    settings.ELASTICSEARCH_URL = urls.get("ELASTICSEARCH_URL", "")
    settings.OPENSEARCH_URL = urls.get("OPENSEARCH_URL", "")
    monkeypatch.setattr(
        "kb.checks.find_spec", lambda name: None if name in missing else find_spec(name)
    )
    (error,) = search_engine_is_complete(None)
    assert error.id == "kb.E001"
    assert message in error.msg


@pytest.mark.parametrize(
    ("engine", "urls"),
    [
        ("database", {}),
        ("elasticsearch", {"ELASTICSEARCH_URL": "http://127.0.0.1:9200"}),
        ("opensearch", {"OPENSEARCH_URL": "http://127.0.0.1:9200"}),
    ],
)
def test_a_complete_search_engine_passes_the_check(settings, engine, urls):
    settings.SEARCH_ENGINE = engine
    settings.ELASTICSEARCH_URL = urls.get("ELASTICSEARCH_URL", "")
    settings.OPENSEARCH_URL = urls.get("OPENSEARCH_URL", "")
    assert search_engine_is_complete(None) == []
