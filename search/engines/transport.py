"""The search cluster's client: Elasticsearch 8 or OpenSearch 2/3, chosen by ``SEARCH_ENGINE``.

Everything above this module (the engine, the index lifecycle, the suggestions) builds its
queries, mappings and aggregations with ``elasticsearch.dsl``, turns them into plain dicts and
calls the client with the keyword arguments of the ``elasticsearch`` 8 client. On
``SEARCH_ENGINE=elasticsearch`` that client is ``elasticsearch.Elasticsearch`` itself; on
``SEARCH_ENGINE=opensearch`` it is ``OpenSearchClient``: ``opensearchpy.OpenSearch`` behind the
same keyword arguments, for the few calls the engine makes (opensearch-py takes ``body=`` where
the elasticsearch 8 client takes the body's keys as arguments). So one code path sends the same
request bodies to either cluster; the errors of both clients are told apart in
``search.engines.errors``.

Settings (kb/settings/base.py): ``ELASTICSEARCH_URL`` or ``OPENSEARCH_URL``,
``ELASTICSEARCH_TIMEOUT`` (both), ``ELASTICSEARCH_OPTIONS`` (the elasticsearch client's
authentication and TLS options) or ``OPENSEARCH_OPTIONS`` (opensearch-py's).
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

CLUSTER_ENGINES = ("elasticsearch", "opensearch")
# The settings naming each engine's address, and the extra installing its client.
URL_SETTING = {"elasticsearch": "ELASTICSEARCH_URL", "opensearch": "OPENSEARCH_URL"}
CLIENT_MODULE = {"elasticsearch": "elasticsearch", "opensearch": "opensearchpy"}
LABEL = {"elasticsearch": "Elasticsearch", "opensearch": "OpenSearch"}

_clients = {}


def engine():
    """The configured cluster engine ("elasticsearch" or "opensearch"), or None for the
    database engine (or a cluster engine without its address)."""
    name = getattr(settings, "SEARCH_ENGINE", "database")
    if name in CLUSTER_ENGINES and cluster_url(name):
        return name
    return None


def cluster_url(name=None):
    name = name or getattr(settings, "SEARCH_ENGINE", "database")
    return getattr(settings, URL_SETTING.get(name, ""), "") or ""


def enabled():
    """Whether the practice search runs on a cluster (and its indices must be kept up)."""
    return engine() is not None


def client_options(name=None):
    """Keyword arguments of the configured client, from settings."""
    name = name or engine() or "elasticsearch"
    timeout = float(getattr(settings, "ELASTICSEARCH_TIMEOUT", 5))
    if name == "opensearch":
        options = dict(getattr(settings, "OPENSEARCH_OPTIONS", {}))
        options.setdefault("timeout", timeout)
    else:
        options = dict(getattr(settings, "ELASTICSEARCH_OPTIONS", {}))
        options.setdefault("request_timeout", timeout)
    # One retry on another node; beyond that the fallback answers faster than more retries.
    options.setdefault("max_retries", 1)
    return options


def new_client(name, url, **options):
    """A client of engine ``name`` for the cluster at ``url``."""
    if name == "opensearch":
        from opensearchpy import OpenSearch

        return OpenSearchClient(OpenSearch(url, **options))
    if name == "elasticsearch":
        from elasticsearch import Elasticsearch

        return Elasticsearch(url, **options)
    raise ImproperlyConfigured(f"SEARCH_ENGINE is {name!r}: no search cluster is configured.")


def get_client():
    """One client per process and configuration (it holds a pool of connections)."""
    name = engine()
    if name is None:
        raise ImproperlyConfigured(
            "No search cluster is configured: set SEARCH_ENGINE=elasticsearch with "
            "ELASTICSEARCH_URL, or SEARCH_ENGINE=opensearch with OPENSEARCH_URL."
        )
    options = client_options(name)
    key = (name, cluster_url(name), repr(sorted(options.items())))
    if key not in _clients:
        _clients[key] = new_client(name, cluster_url(name), **options)
    return _clients[key]


def search_all(client, index, bodies):
    """The answers (plain dicts) to the search requests ``bodies`` on ``index``, sent in one
    multi-search request: the cluster runs them side by side. A request the cluster failed
    raises the client's own error, as a failed search does (``search.engines.errors``)."""
    from .errors import failed_search_error

    searches = []
    for body in bodies:
        searches += [{}, body]
    response = client.msearch(index=index, searches=searches)
    answers = getattr(response, "body", response)["responses"]
    for answer in answers:
        if "error" in answer:
            raise failed_search_error(
                answer, opensearch=isinstance(client, OpenSearchClient), response=response
            )
    return answers


def reset_clients():
    """Forget the clients made so far (tests that change the settings)."""
    _clients.clear()


class _Namespace:
    """``client.indices`` / ``client.cluster`` of ``OpenSearchClient``."""

    def __init__(self, owner, target):
        self._owner = owner
        self._target = target

    def _call(self, method, /, **kwargs):
        return getattr(self._target, method)(**self._owner.params(kwargs))


class _Indices(_Namespace):
    def create(self, index, settings=None, mappings=None, **kwargs):
        body = {}
        if settings is not None:
            body["settings"] = settings
        if mappings is not None:
            body["mappings"] = mappings
        return self._call("create", index=index, body=body, **kwargs)

    def put_settings(self, index, settings, **kwargs):
        return self._call("put_settings", index=index, body=settings, **kwargs)

    def update_aliases(self, actions, **kwargs):
        return self._call("update_aliases", body={"actions": actions}, **kwargs)

    def refresh(self, **kwargs):
        return self._call("refresh", **kwargs)

    def delete(self, **kwargs):
        return self._call("delete", **kwargs)

    def exists(self, **kwargs):
        return self._call("exists", **kwargs)

    def exists_alias(self, **kwargs):
        return self._call("exists_alias", **kwargs)

    def get_alias(self, **kwargs):
        return self._call("get_alias", **kwargs)


class _Cluster(_Namespace):
    def health(self, **kwargs):
        return self._call("health", **kwargs)


class OpenSearchClient:
    """``opensearchpy.OpenSearch`` answering the elasticsearch 8 client's keyword arguments, for
    the calls the engine, the index lifecycle and the health check make. Responses are the
    same JSON (plain dicts); errors are opensearch-py's own (see ``search.engines.errors``)."""

    def __init__(self, client, request_timeout=None):
        self.client = client
        self._request_timeout = request_timeout
        self.indices = _Indices(self, client.indices)
        self.cluster = _Cluster(self, client.cluster)

    def params(self, kwargs):
        if self._request_timeout is not None:
            kwargs.setdefault("request_timeout", self._request_timeout)
        return kwargs

    def options(self, request_timeout=None, **ignored):
        """A client with another timeout for its requests (as the elasticsearch client's)."""
        return OpenSearchClient(self.client, request_timeout=request_timeout)

    def search(self, index, body=None, **kwargs):
        return self.client.search(**self.params(dict(index=index, body=body, **kwargs)))

    def msearch(self, searches, index=None, **kwargs):
        return self.client.msearch(**self.params(dict(body=searches, index=index, **kwargs)))

    def count(self, index, query=None, **kwargs):
        body = {"query": query} if query is not None else None
        return self.client.count(**self.params(dict(index=index, body=body, **kwargs)))

    def bulk(self, operations, **kwargs):
        return self.client.bulk(**self.params(dict(body=operations, **kwargs)))

    def delete_by_query(self, index, query, **kwargs):
        body = {"query": query}
        return self.client.delete_by_query(**self.params(dict(index=index, body=body, **kwargs)))

    def ping(self, **kwargs):
        return self.client.ping(**self.params(kwargs))

    def info(self, **kwargs):
        return self.client.info(**self.params(kwargs))

    def close(self):
        self.client.close()
