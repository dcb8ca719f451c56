"""Site search: practices, frameworks, provisions and other pages, grouped by type."""

import logging

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils.http import urlencode

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from core.textsearch import plain_words, query_terms
from frameworks.models import FrameworkPage, Provision
from practices.models import PracticePage

from .engines.errors import describe, is_unavailable
from .service import MAX_QUERY_LENGTH, PracticeQuery, _clean_text, search_practices

PER_GROUP = 10
logger = logging.getLogger(__name__)


def _search_with(backend, queryset, terms, limit):
    results = backend.search(" ".join(terms), queryset, operator="and")
    return list(results[:limit]), results.count()


def _search(queryset, terms, limit=PER_GROUP):
    if not terms:
        return [], 0
    try:
        return _search_with(get_search_backend(), queryset, terms, limit)
    except Exception as error:
        # On Elasticsearch (SEARCH_ENGINE=elasticsearch), a cluster that cannot answer is
        # replaced by the database backend, which Wagtail keeps up to date beside it.
        if not is_unavailable(error) or "database" not in settings.WAGTAILSEARCH_BACKENDS:
            raise
        logger.warning(
            "Elasticsearch is unavailable (%s): site search answered from the database",
            describe(error),
        )
        return _search_with(get_search_backend("database"), queryset, terms, limit)


def site_search(request):
    q = _clean_text(request.GET.get("q", ""))[:MAX_QUERY_LENGTH].strip()
    terms = query_terms(q)
    groups = []
    if terms:
        practices = search_practices(PracticeQuery(q=q, page_size=5))
        groups.append(
            {
                "id": "practices",
                "title": "Good practices",
                "count": practices.count,
                "items": [
                    {"title": h.practice.title, "url": h.practice.url, "text": h.highlight}
                    for h in practices.hits
                ],
                "more_url": "/practices/?" + urlencode({"q": q}),
            }
        )
        frameworks, count = _search(FrameworkPage.objects.live().public(), terms)
        groups.append(
            {
                "id": "frameworks",
                "title": "Frameworks",
                "count": count,
                "items": [
                    {"title": f.title, "url": f.url, "plain": f.summary, "meta": f.kind_label}
                    for f in frameworks
                ],
            }
        )
        live_frameworks = FrameworkPage.objects.live().public().values("pk")
        provisions, count = _search(
            Provision.objects.filter(framework__in=live_frameworks).select_related("framework"),
            terms,
        )
        groups.append(
            {
                "id": "provisions",
                "title": "Provisions",
                "count": count,
                "items": [
                    {
                        "title": f"{p.framework.title}, provision {p.code}",
                        "url": p.url,
                        "plain": p.text,
                    }
                    for p in provisions
                ],
            }
        )
        others, count = _search(
            Page.objects.live().public().not_type(PracticePage, FrameworkPage).specific(),
            plain_words(q),
        )
        groups.append(
            {
                "id": "pages",
                "title": "Other pages",
                "count": count,
                "items": [{"title": p.title, "url": p.url} for p in others],
            }
        )
    return TemplateResponse(
        request,
        "search/site_search.html",
        {"q": q, "groups": groups, "searched": bool(q), "total": sum(g["count"] for g in groups)},
    )
