"""When the search cluster cannot answer: one decision, for every place that asks it.

The fallback engine, site search (through Wagtail's Elasticsearch backend), the health check and
the ``es_index`` command all meet the Elasticsearch client's errors. ``is_unavailable`` says
whether an error is one of them, that is whether the cluster did not answer the request: the
caller then answers from the database (or reports the cluster unavailable); any other error is
not the cluster's and is raised as usual. ``is_outage`` says, of those, which are the cluster's
own trouble (the fallback engine then leaves it alone for a while), as opposed to a request it
understood and refused, which is a defect of ours. Without the client installed (the site on
the database engine) nothing is the cluster's error.
"""


def client_errors():
    """The exception types of the Elasticsearch client; none when it is not installed."""
    try:
        from elasticsearch import ApiError, TransportError
    except ImportError:
        return ()
    return (ApiError, TransportError)


def is_unavailable(error):
    """True when ``error`` comes from the Elasticsearch client: the cluster did not answer."""
    return isinstance(error, client_errors())


def is_outage(error):
    """True for errors of availability (connection, timeout, TLS, 5xx, a missing index, 408,
    429), False for a request the cluster understood and refused (another 4xx)."""
    if not is_unavailable(error):
        return False
    from elasticsearch import ApiError

    if isinstance(error, ApiError):
        return error.status_code in (404, 408, 429) or error.status_code >= 500
    return True  # a TransportError: connection refused, timeout, TLS, ...


def describe(error):
    """A short description of an Elasticsearch error, without addresses or credentials."""
    status = getattr(error, "status_code", None) or getattr(error, "status", None)
    kind = type(error).__name__
    reason = ""
    info = getattr(error, "body", None) or getattr(error, "info", None)
    if isinstance(info, dict):
        err = info.get("error")
        reason = err.get("type", "") if isinstance(err, dict) else str(err or "")
    return " ".join(str(part) for part in (kind, status, reason) if part)
