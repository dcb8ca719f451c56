"""Cross-origin reading of the open data (the API, the CSV exports, the feeds, registry.zip).

Every answer already carries ``Access-Control-Allow-Origin: *``. A browser asks first with an
``OPTIONS`` preflight when a page elsewhere sends a non-simple header (a conditional request's
``If-None-Match``, say): :func:`open_data` answers it, for GET and HEAD from any origin, without
credentials (no cookie is ever read for these answers, and none is allowed across origins).
"""

from functools import wraps

from django.http import HttpResponse

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
ALLOWED_HEADERS = "Accept, Accept-Language, If-Modified-Since, If-None-Match, Range"


def preflight_response():
    response = HttpResponse(status=204)
    response["Allow"] = ALLOWED_METHODS
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
    response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
    response["Access-Control-Max-Age"] = "86400"
    return response


def open_data(view):
    """Answer OPTIONS for ``view``; anything else goes to the view as before."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return preflight_response()
        return view(request, *args, **kwargs)

    return wrapper
