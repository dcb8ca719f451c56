"""When the search cluster cannot answer: one decision, for every place that asks it.

The fallback engine, site search (through Wagtail's Elasticsearch or OpenSearch backend), the
health check and the ``es_index`` command all meet the cluster client's errors: those of the
``elasticsearch`` 8 client or of ``opensearch-py`` (see ``search.engines.transport``), told
apart here and nowhere else. ``is_unavailable`` says whether an error is one of them, that is
whether the cluster did not answer the request: the caller then answers from the database (or
reports the cluster unavailable); any other error is not the cluster's and is raised as usual.
``is_outage`` says, of those, which are the cluster's own trouble (the fallback engine then
leaves it alone for a while), as opposed to a request it understood and refused, which is a
defect of ours. ``is_not_found`` is a 404 (an index or alias that does not exist). Without a
client installed (the site on the database engine) nothing is the cluster's error.
"""

# Statuses of a cluster in trouble rather than of a request it refused (besides 5xx).
OUTAGE_STATUSES = (404, 408, 429)


def _elasticsearch_errors():
    try:
        from elasticsearch import ApiError, TransportError
    except ImportError:
        return ()
    return (ApiError, TransportError)


def _opensearch_errors():
    try:
        from opensearchpy import TransportError
    except ImportError:
        return ()
    return (TransportError,)


def client_errors():
    """The exception types of the installed cluster clients; none when neither is."""
    return _elasticsearch_errors() + _opensearch_errors()


def status_of(error):
    """The HTTP status the cluster answered, or None when it did not answer (connection
    refused, timeout, TLS): the elasticsearch client's ``ApiError.status_code``, or
    opensearch-py's ``TransportError.status_code`` (``"N/A"`` without an answer)."""
    if not is_unavailable(error):
        return None
    elastic_api = _elasticsearch_errors()[:1]
    if elastic_api and isinstance(error, elastic_api):
        return error.status_code
    if isinstance(error, _opensearch_errors()):
        status = error.status_code
        return status if isinstance(status, int) else None
    return None  # the elasticsearch client's TransportError: no answer


def is_unavailable(error):
    """True when ``error`` comes from a cluster client: the cluster did not answer."""
    return isinstance(error, client_errors())


def is_outage(error):
    """True for errors of availability (connection, timeout, TLS, 5xx, a missing index, 408,
    429), False for a request the cluster understood and refused (another 4xx)."""
    if not is_unavailable(error):
        return False
    status = status_of(error)
    return status is None or status in OUTAGE_STATUSES or status >= 500


def is_not_found(error):
    """True for the cluster's 404: the index or alias asked for does not exist."""
    return status_of(error) == 404


def describe(error):
    """A short description of a cluster error, without addresses or credentials."""
    status = status_of(error)
    kind = type(error).__name__
    reason = ""
    info = getattr(error, "body", None) or getattr(error, "info", None)
    if isinstance(info, dict):
        err = info.get("error")
        reason = err.get("type", "") if isinstance(err, dict) else str(err or "")
    return " ".join(str(part) for part in (kind, status, reason) if part)


def failed_search_error(answer, opensearch, response=None):
    """The client's own error for one request of a multi-search that the cluster failed
    (``answer``: its status and error), as the client raises for a failed search: opensearch-py's
    with ``opensearch``, else the elasticsearch client's (with ``response``'s meta when it has
    one)."""
    status = answer.get("status") or 500
    error = answer.get("error")
    kind = error.get("type", "error") if isinstance(error, dict) else str(error)
    if opensearch:
        from opensearchpy.exceptions import HTTP_EXCEPTIONS, TransportError

        return HTTP_EXCEPTIONS.get(status, TransportError)(status, kind, answer)
    from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
    from elasticsearch.exceptions import HTTP_EXCEPTIONS, ApiError

    meta = getattr(response, "meta", None)
    meta = ApiResponseMeta(
        status=status,
        http_version=getattr(meta, "http_version", "1.1"),
        headers=getattr(meta, "headers", None) or HttpHeaders(),
        duration=getattr(meta, "duration", 0.0),
        node=getattr(meta, "node", None) or NodeConfig("http", "cluster.invalid", 9200),
    )
    return HTTP_EXCEPTIONS.get(status, ApiError)(message=kind, meta=meta, body=answer)
