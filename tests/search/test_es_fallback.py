"""When the cluster is down, the site answers from the database and says so in the log, and
the health check tells monitoring. No server: the cluster is a closed port (127.0.0.1:9)."""

import json
import logging
import os
import runpy
import socket
from pathlib import Path

from django.test import Client
from django.urls import reverse

import pytest

from search.engines.database import DatabaseEngine
from search.engines.elasticsearch import ElasticsearchEngine
from search.engines.fallback import FallbackEngine, breaker
from search.engines.transport import reset_clients
from search.query import PracticeQuery
from search.service import get_engine, search_practices
from search.suggestions import SuggestionSubject
from tests.factories import FrameworkPageFactory, PracticePageFactory, ProvisionFactory

from .es_fakes import FakeClient, response

pytestmark = pytest.mark.django_db
DEAD_CLUSTER = "http://127.0.0.1:9"
BASE_SETTINGS = Path(__file__).resolve().parents[2] / "kb" / "settings" / "base.py"


def port_is_closed(port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture(autouse=True)
def closed_breaker():
    breaker.reset()
    yield
    breaker.reset()


# Each engine with Wagtail's backend for it (the settings choose the same, see below).
WAGTAIL_BACKENDS = {
    "elasticsearch": "wagtail.search.backends.elasticsearch8",
    "opensearch": "wagtail.search.backends.opensearch3",
}


@pytest.fixture(params=["elasticsearch", "opensearch"])
def dead_cluster(request, settings):
    """A dead cluster, through the elasticsearch client and through opensearch-py."""
    assert port_is_closed(9), "something listens on 127.0.0.1:9"
    settings.SEARCH_ENGINE = request.param
    settings.ELASTICSEARCH_URL = DEAD_CLUSTER if request.param == "elasticsearch" else ""
    settings.OPENSEARCH_URL = DEAD_CLUSTER if request.param == "opensearch" else ""
    settings.ELASTICSEARCH_TIMEOUT = 1
    settings.PRACTICE_SEARCH_ENGINE = "search.engines.fallback.FallbackEngine"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": WAGTAIL_BACKENDS[request.param],
            "URLS": [DEAD_CLUSTER],
            "TIMEOUT": 1,
            "OPTIONS": {"max_retries": 0},
        },
        "database": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"},
    }
    reset_clients()
    yield request.param
    reset_clients()


@pytest.fixture
def practices(practice_index):
    return [
        PracticePageFactory(
            title="Women mediators of Wajir",
            summary="Market women mediate between clans.",
            countries=["KE"],
            themes=["mediation"],
        ),
        PracticePageFactory(
            title="Radio programme in Yemen",
            summary="Young women host a weekly radio show with a mediator.",
            countries=["YE"],
            agendas=["YPS"],
        ),
    ]


def shape(results):
    return (
        results.count,
        [(h.practice.pk, h.highlight) for h in results.hits],
        results.facets,
        results.num_pages,
    )


@pytest.mark.parametrize("params", [{}, {"q": "mediator"}, {"filters": {"agenda": ("WPS",)}}])
def test_a_dead_cluster_is_answered_from_the_database_with_the_same_shape(
    dead_cluster, practices, caplog, params
):
    query = PracticeQuery(**params)
    assert isinstance(get_engine(), FallbackEngine)
    with caplog.at_level(logging.WARNING, logger="search.engines.fallback"):
        results = search_practices(query)
    assert shape(results) == shape(DatabaseEngine().search(query))
    assert results.count >= 1
    (record,) = caplog.records
    label = {"elasticsearch": "Elasticsearch", "opensearch": "OpenSearch"}[dead_cluster]
    assert f"{label} is unavailable (ConnectionError" in record.getMessage()
    assert "127.0.0.1" not in record.getMessage()


def test_after_a_failure_the_cluster_is_left_alone_for_a_while(settings, practices, caplog):
    settings.ELASTICSEARCH_RETRY_AFTER = 60
    primary = ElasticsearchEngine(FakeClient({"search": ConnectionRefused()}))
    engine = FallbackEngine(primary=primary)
    with caplog.at_level(logging.WARNING, logger="search.engines.fallback"):
        for _ in range(5):
            assert engine.search(PracticeQuery()).count == 2
    assert primary.client.methods() == ["msearch"]  # asked once, not five times
    assert len(caplog.records) == 1


def test_the_cluster_is_asked_again_once_the_wait_is_over(settings, practices):
    settings.ELASTICSEARCH_RETRY_AFTER = 0
    client = FakeClient({"search": ConnectionRefused()})
    engine = FallbackEngine(primary=ElasticsearchEngine(client))
    engine.search(PracticeQuery())
    client.answers["search"] = response("empty")
    assert engine.search(PracticeQuery()).count == 0  # Elasticsearch answered
    assert client.methods() == ["msearch", "msearch"]
    assert not breaker.is_open()


def ConnectionRefused():  # noqa: N802 - reads as the exception it builds
    from elasticsearch import ConnectionError as ElasticsearchConnectionError

    return ElasticsearchConnectionError("Connection refused")


def test_suggestions_fall_back_to_the_database_ways(dead_cluster, practices, framework_index):
    kenya = FrameworkPageFactory(title="Kenya NAP", country="KE")
    provision = ProvisionFactory(framework=kenya, code="1", text="Women mediate between clans.")
    subject = SuggestionSubject.from_practice(practices[0])
    assert [s.item for s in get_engine().related_provisions(subject)] == [provision]
    assert practices[0] in [s.item for s in get_engine().related_practices(provision)]


def test_listing_and_site_search_work_with_a_dead_cluster(
    dead_cluster, practices, client, framework_index, caplog
):
    FrameworkPageFactory(title="Mediation strategy of Kenya", country="KE")
    listing = client.get("/practices/?q=mediator")
    assert listing.status_code == 200
    assert "Women mediators of Wajir" in listing.content.decode()
    with caplog.at_level(logging.WARNING, logger="search.views"):
        site = client.get(reverse("site_search"), {"q": "mediation"})
    assert site.status_code == 200
    assert "Women mediators of Wajir" in site.content.decode()
    assert "Mediation strategy of Kenya" in site.content.decode()  # Wagtail's search, fallen back
    assert "site search answered from the database" in caplog.text


def test_health_check_on_the_database_engine(practices, client):
    answer = client.get("/health/search/")
    assert answer.status_code == 200
    assert answer.json() == {"engine": "database", "status": "ok", "documents": 2}


def test_health_check_with_a_dead_cluster_answers_503_without_secrets(
    dead_cluster, settings, practices
):
    settings.ELASTICSEARCH_OPTIONS = {"basic_auth": ("elastic", "s3cret-password")}
    settings.OPENSEARCH_OPTIONS = {"http_auth": ("elastic", "s3cret-password")}
    reset_clients()
    answer = Client().get("/health/search/")
    assert answer.status_code == 503
    report = answer.json()
    assert report["engine"] == dead_cluster
    assert report["status"] == "unavailable" and report["fallback"] == "database"
    text = json.dumps(report)
    assert "127.0.0.1" not in text and "s3cret" not in text and 'elastic"' not in text


def test_health_check_with_a_healthy_cluster(settings, practices, monkeypatch):
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = "https://es.invalid:9200"
    fake = FakeClient({"indices.health": {"status": "green"}, "count": {"count": 2}})
    monkeypatch.setattr("search.engines.elasticsearch.get_client", lambda: fake)
    answer = Client().get("/health/search/")
    assert answer.status_code == 200
    assert answer.json() == {
        "engine": "elasticsearch",
        "cluster_status": "green",
        "documents": 2,
        "status": "ok",
    }


def settings_from(env, monkeypatch):
    for name in list(os.environ):
        if name.startswith(("ELASTICSEARCH_", "SEARCH_ENGINE")):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(BASE_SETTINGS))


def test_without_the_settings_nothing_changes(monkeypatch):
    for env in ({}, {"SEARCH_ENGINE": "elasticsearch"}, {"ELASTICSEARCH_URL": DEAD_CLUSTER}):
        values = settings_from(env, monkeypatch)
        assert values["WAGTAILSEARCH_BACKENDS"] == {
            "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}
        }, env
        assert "PRACTICE_SEARCH_ENGINE" not in values, env


def test_with_the_settings_wagtail_and_the_service_use_elasticsearch(monkeypatch):
    values = settings_from(
        {
            "SEARCH_ENGINE": "elasticsearch",
            "ELASTICSEARCH_URL": "https://es.example.org:9243",
            "ELASTICSEARCH_API_KEY": "a2V5OnNlY3JldA==",
            "ELASTICSEARCH_CA_CERTS": "/etc/ssl/es-ca.pem",
            "ELASTICSEARCH_VERIFY_CERTS": "true",
            "ELASTICSEARCH_INDEX_PREFIX": "registry_",
        },
        monkeypatch,
    )
    options = {
        "api_key": "a2V5OnNlY3JldA==",
        "ca_certs": "/etc/ssl/es-ca.pem",
        "verify_certs": True,
    }
    assert values["WAGTAILSEARCH_BACKENDS"] == {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": ["https://es.example.org:9243"],
            "INDEX_PREFIX": "registry_",
            "TIMEOUT": 5.0,
            "OPTIONS": options,
        },
        # Kept, and kept up to date by Wagtail, for the fallback.
        "database": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"},
    }
    assert values["ELASTICSEARCH_OPTIONS"] == options
    assert values["PRACTICE_SEARCH_ENGINE"] == "search.engines.fallback.FallbackEngine"


def test_user_and_password_instead_of_an_api_key(monkeypatch):
    values = settings_from(
        {
            "SEARCH_ENGINE": "elasticsearch",
            "ELASTICSEARCH_URL": "https://es.example.org:9200",
            "ELASTICSEARCH_USERNAME": "kb",
            "ELASTICSEARCH_PASSWORD": "pw",
            "ELASTICSEARCH_VERIFY_CERTS": "false",
        },
        monkeypatch,
    )
    assert values["WAGTAILSEARCH_BACKENDS"]["default"]["OPTIONS"] == {
        "basic_auth": ("kb", "pw"),
        "verify_certs": False,
    }


def test_wagtail_builds_its_elasticsearch8_backend_from_these_settings(monkeypatch):
    from wagtail.search.backends import get_search_backend

    values = settings_from(
        {
            "SEARCH_ENGINE": "elasticsearch",
            "ELASTICSEARCH_URL": "https://es.example.org:9243",
            "ELASTICSEARCH_USERNAME": "kb",
            "ELASTICSEARCH_PASSWORD": "pw",
        },
        monkeypatch,
    )
    config = dict(values["WAGTAILSEARCH_BACKENDS"]["default"])
    backend = get_search_backend(config.pop("BACKEND"), **config)
    assert type(backend).__name__ == "Elasticsearch8SearchBackend"
    assert backend.index_prefix == "kb_"
    assert backend.get_index_for_model(__import__("practices.models").models.PracticePage).name == (
        "kb_wagtailcore_page"
    )
