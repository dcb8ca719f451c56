"""The open JSON API under /api/v1/ (product.md, "Contracts other programs rely on").

Plain Django views, so that every byte of the output and every error is ours to decide. The
parameters each endpoint reads are declared once, in ``api.params``; ``api.openapi`` builds the
OpenAPI document from the same declarations, and a test checks that the views read exactly those.

Practices come from the practice search service, like the listing, the CSV export and the feed,
so they all agree. A practice is shown through ``practices.serialisers`` to the public audience,
which decides what of it anyone may see; the private contact never is.
"""

import json
from functools import wraps

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse

from core.countries import region_of
from core.text import lines
from frameworks.filters import search_frameworks
from frameworks.models import FrameworkPage, Provision
from monitoring.stats import latest_statuses
from practices.coverage import Coverage, coverage_by_framework
from practices.models import PracticePage
from practices.serialisers import api_detail, api_result
from search.query import BadParameter
from search.service import search_practices

from .openapi import openapi_document
from .params import FrameworkQuery, practice_query

CACHE_CONTROL = "public, max-age=60"
# Database integers are at most 64-bit signed: a larger id in a URL is simply not found.
MAX_ID = 2**63 - 1
DETAIL_PREFETCH = (
    "countries",
    "tagged_items__tag",
    "practice_organisations__organisation",
    "provision_links__provision__framework",
    "framework_links__framework",
)


# --- responses --------------------------------------------------------------------------------


def licence_link():
    """The content's licence as an HTTP Link header (RFC 8288), for answers that have no room
    for it in their body: a CSV row or a zip file says nothing of its licence."""
    return f'<{settings.CONTENT_LICENCE["url"]}>; rel="license"'


def _headers(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Link"] = licence_link()
    response["Cache-Control"] = CACHE_CONTROL
    return response


def json_response(data, status=200):
    return _headers(JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False}))


def json_error(message, status, parameter=None):
    data = {"error": message}
    if parameter is not None:
        data["parameter"] = parameter
    return json_response(data, status=status)


def api_view(view):
    """GET and HEAD only; a bad parameter answers 400 naming it; open to any origin."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = json_error("Only GET and HEAD are allowed.", 405)
            response["Allow"] = "GET, HEAD"
            return response
        try:
            return view(request, *args, **kwargs)
        except BadParameter as error:
            return json_error(str(error), 400, parameter=error.name)

    return wrapper


def absolute(request, url):
    return request.build_absolute_uri(url) if url else None


def page_links(request, page, page_size, count):
    """Absolute links to the next and previous pages, every other parameter kept as given;
    None at either end. Past the last page, ``previous`` leads to the last one."""
    last = max(1, -(-count // page_size))

    def link(number):
        params = request.GET.copy()
        params["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "next": link(page + 1) if page < last else None,
        "previous": link(min(page - 1, last)) if page > 1 else None,
    }


# --- practices --------------------------------------------------------------------------------


def _codes(page, name):
    return page._meta.get_field(name).normalise(getattr(page, name))


def provision_url(request, provision):
    framework = provision.framework
    page_url = framework.get_url(request)
    if not page_url:
        return None
    sub = framework.reverse_subpage("provision", kwargs={"slug": provision.slug})
    return absolute(request, page_url + sub)


def practice_result(request, practice):
    """One practice as the API lists it: what the public may see (``practices.serialisers``)."""
    return api_result(practice, **addresses(request))


def practice_detail_record(request, practice):
    """The list result plus the practice's public long fields (the exchange format's keys)."""
    return api_detail(practice, **addresses(request))


def addresses(request):
    """How the serialiser writes a practice's and a provision's absolute address."""
    return {
        "practice_url": lambda practice: absolute(request, practice.get_url(request)),
        "provision_url": lambda provision: provision_url(request, provision),
    }


def search_results_data(request, results):
    with_highlight = bool(results.query.q)
    items = []
    for hit in results.hits:
        item = practice_result(request, hit.practice)
        if with_highlight:
            item["highlight"] = hit.highlight
        items.append(item)
    return {
        "count": results.count,
        "page": results.page,
        "page_size": results.page_size,
        **page_links(request, results.page, results.page_size, results.count),
        "results": items,
        "facets": results.facets,
    }


@api_view
def practice_list(request):
    results = search_practices(practice_query(request.GET))
    return json_response(search_results_data(request, results))


@api_view
def practice_detail(request, pk):
    practice = None
    if pk <= MAX_ID:
        practice = (
            PracticePage.objects.live()
            .public()
            .filter(pk=pk)
            .prefetch_related(*DETAIL_PREFETCH)
            .first()
        )
    if practice is None:
        return json_error("No published practice has this id.", 404)
    return json_response(practice_detail_record(request, practice))


# --- frameworks -------------------------------------------------------------------------------


def framework_result(request, framework, status, coverage):
    return {
        "id": framework.pk,
        "external_id": framework.external_id or None,
        "title": framework.title,
        "url": absolute(request, framework.get_url(request)),
        "kind": framework.kind,
        "symbol": framework.symbol or None,
        "agendas": _codes(framework, "agendas"),
        "country": framework.country or None,
        "region": region_of(framework.country) if framework.country else None,
        "organisation": framework.organisation or None,
        "generation": framework.generation,
        "adopted_year": framework.adopted_year,
        "start_year": framework.start_year,
        "end_year": framework.end_year,
        "status": status,
        # One line of what is known of the plan that follows, e.g. "2027"; null when nothing.
        "next_plan_expected": framework.next_plan_expected or None,
        "lead_institution": framework.lead_institution or None,
        "pillars": _codes(framework, "pillars"),
        "budget": framework.budget,
        "me_framework": framework.me_framework,
        # null when nothing is known; [] when the sources say civil society had no role.
        "civil_society_roles": framework.known_civil_society_roles,
        "document_url": framework.document_url or None,
        "summary": framework.summary or None,
        "sources": lines(framework.sources),
        # Provisions with at least one published practice linked, overall and by relation.
        "coverage": (coverage or Coverage()).as_data(),
    }


def find_frameworks(query):
    """The live, public frameworks ``query`` asks for: ranked with ``q``, else by title."""
    filters = query.filters
    found = search_frameworks(
        FrameworkPage.objects.live().public(),
        query.q,
        kinds=filters.get("kind"),
        countries=filters.get("country"),
        agendas=filters.get("agenda"),
        statuses=filters.get("status"),
    )
    for framework in found:
        framework.api_status = framework.derived_status
    return found


@api_view
def framework_list(request):
    query = FrameworkQuery.from_params(request.GET)
    found = find_frameworks(query)
    start = (query.page - 1) * query.page_size
    page = found[start : start + query.page_size]
    coverages = coverage_by_framework(Provision.objects.filter(framework__in=page))
    return json_response(
        {
            "count": len(found),
            "page": query.page,
            "page_size": query.page_size,
            **page_links(request, query.page, query.page_size, len(found)),
            "results": [
                framework_result(request, f, f.api_status, coverages.get(f.pk)) for f in page
            ],
        }
    )


@api_view
def framework_detail(request, pk):
    framework = None
    if pk <= MAX_ID:
        framework = (
            FrameworkPage.objects.live()
            .public()
            .filter(pk=pk)
            .prefetch_related("provisions")
            .first()
        )
    if framework is None:
        return json_error("No published framework has this id.", 404)
    coverage = coverage_by_framework(framework.provisions.all()).get(framework.pk)
    data = framework_result(request, framework, framework.status, coverage)
    latest = latest_statuses(p.pk for p in framework.provisions.all())
    data["provisions"] = [
        {
            "id": provision.pk,
            "code": provision.code,
            "pillar": provision.pillar or None,
            "text": provision.text,
            "responsible": lines(provision.responsible),
            "indicators": lines(provision.indicators),
            "url": provision_url(request, provision),
            "linked_practice_count": coverage.practice_counts.get(provision.pk, 0)
            if coverage
            else 0,
            # The status of its latest published monitoring note; null when not yet observed.
            "latest_status": latest.get(provision.pk),
        }
        for provision in framework.provisions.all()
    ]
    return json_response(data)


@api_view
def schema(request):
    document = openapi_document(server_url=absolute(request, reverse("api:root")))
    body = json.dumps(document, ensure_ascii=False, indent=2)
    return _headers(HttpResponse(body, content_type="application/json"))


@api_view
def root(request):
    return json_response(
        {
            "practices": absolute(request, reverse("api:practice_list")),
            "frameworks": absolute(request, reverse("api:framework_list")),
            "monitoring_notes": absolute(request, reverse("api:monitoring_note_list")),
            "schema": absolute(request, reverse("api:schema")),
        }
    )
