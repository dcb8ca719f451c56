"""The open JSON API under /api/v1/ (product.md, "Contracts other programs rely on").

Plain Django views, so that every byte of the output and every error is ours to decide. The
parameters each endpoint reads are declared once, in ``api.params``; ``api.openapi`` builds the
OpenAPI document from the same declarations, and a test checks that the views read exactly those.

Practices come from the practice search service, like the listing, the CSV export and the feed,
so they all agree. Only public views of a practice are ever read (``public_organisations``,
``public_location()``, ...); the private contact is never touched.
"""

import json
from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.urls import reverse

from wagtail.search.backends import get_search_backend

from core.countries import region_of
from core.text import lines
from core.textsearch import query_terms
from frameworks.models import FrameworkPage, framework_statuses
from practices.models import PracticePage
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


def _headers(response):
    response["Access-Control-Allow-Origin"] = "*"
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


def practice_provisions(request, practice):
    """Links to provisions of live frameworks only, from the prefetched links."""
    return [
        {
            "framework": link.provision.framework.external_id,
            "code": link.provision.code,
            "relation": link.relation,
            "url": provision_url(request, link.provision),
        }
        for link in practice.provision_links.all()
        if link.provision.framework.live
    ]


def practice_result(request, practice):
    """One practice as the API shows it: public fields only (the private contact never)."""
    return {
        "id": practice.pk,
        "external_id": practice.external_id or None,
        "title": practice.title,
        "url": absolute(request, practice.get_url(request)),
        "summary": practice.summary,
        "organisations": [o.name for o in practice.public_organisations],
        "countries": practice.country_codes,
        "region": practice.region,
        "level": practice.level,
        "agendas": _codes(practice, "agendas"),
        "pillars": _codes(practice, "pillars"),
        "themes": sorted({item.tag.name for item in practice.tagged_items.all()}),
        "start_year": practice.start_year,
        "end_year": practice.end_year,
        "provisions": practice_provisions(request, practice),
    }


def practice_detail_record(request, practice):
    """The list result plus the practice's public long fields (the exchange format's keys)."""
    record = practice_result(request, practice)
    record.update(
        {
            "description": practice.description,
            "location": practice.public_location() or None,
            "stakeholders": _codes(practice, "stakeholders"),
            "activities": practice.activities or None,
            "outcomes": practice.outcomes or None,
            "challenge_types": _codes(practice, "challenge_types"),
            "challenges": practice.challenges or None,
            "lessons_learned": practice.lessons_learned or None,
            "funding": practice.funding or None,
            "frameworks": [
                link.framework.external_id
                for link in practice.framework_links.all()
                if link.framework.live
            ],
            "sources": lines(practice.sources),
            "language": practice.language,
        }
    )
    return record


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


def framework_result(request, framework, status):
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
        "lead_institution": framework.lead_institution or None,
        "pillars": _codes(framework, "pillars"),
        "budget": framework.budget,
        "me_framework": framework.me_framework,
        "civil_society_roles": _codes(framework, "civil_society_roles"),
        "summary": framework.summary or None,
        "sources": lines(framework.sources),
    }


def find_frameworks(query):
    """The live, public frameworks ``query`` asks for: ranked with ``q``, else by title."""
    frameworks = FrameworkPage.objects.live().public()
    filters = query.filters
    if "kind" in filters:
        frameworks = frameworks.filter(kind__in=filters["kind"])
    if "country" in filters:
        frameworks = frameworks.filter(country__in=filters["country"])
    if query.q:
        # A UN symbol ("S/RES/2250") is matched as typed: PostgreSQL's parser indexes it as one
        # path-like token, SQLite's as three words, so the text index cannot find it alike.
        found = list(frameworks.filter(symbol__icontains=query.q).order_by("title", "pk"))
        # Other text is indexed normalised (core.textsearch): search the same stems.
        terms = query_terms(query.q)
        if terms:
            seen = {f.pk for f in found}
            found += [
                f
                for f in get_search_backend().search(" ".join(terms), frameworks, operator="and")
                if f.pk not in seen
            ]
    else:
        found = list(frameworks.order_by("title", "pk"))
    if "agenda" in filters:
        found = [f for f in found if filters["agenda"] & set(f.agendas or [])]
    statuses = framework_statuses(found)
    for framework in found:
        framework.api_status = statuses[framework.pk]
    if "status" in filters:
        found = [f for f in found if f.api_status in filters["status"]]
    return found


@api_view
def framework_list(request):
    query = FrameworkQuery.from_params(request.GET)
    found = find_frameworks(query)
    start = (query.page - 1) * query.page_size
    page = found[start : start + query.page_size]
    return json_response(
        {
            "count": len(found),
            "page": query.page,
            "page_size": query.page_size,
            "results": [framework_result(request, f, f.api_status) for f in page],
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
    data = framework_result(request, framework, framework.status)
    data["provisions"] = [
        {
            "code": provision.code,
            "pillar": provision.pillar or None,
            "text": provision.text,
            "responsible": lines(provision.responsible),
            "indicators": lines(provision.indicators),
            "url": provision_url(request, provision),
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
            "schema": absolute(request, reverse("api:schema")),
        }
    )
