"""Site search (practices, frameworks, provisions and other pages, grouped by type) and the
practice listing, which search/wagtail_hooks.py gives to the PracticeIndexPage's context."""

import logging

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext, gettext_lazy, pgettext

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from core.textsearch import ENGLISH, analysis_language, plain_words, query_terms
from frameworks.models import FrameworkPage, Provision
from practices.models import PracticeIndexPage, PracticePage

from .engines.errors import describe, is_unavailable
from .facets import FACETS
from .query import MAX_QUERY_LENGTH, BadParameter, PracticeQuery, clean_text
from .service import search_practices

PER_GROUP = 10
SORT_NAMES = {
    "relevance": gettext_lazy("Best match"),
    "newest": gettext_lazy("Newest"),
    "title": gettext_lazy("Title (A–Z)"),
}
logger = logging.getLogger(__name__)


def url_for(pairs):
    return "?" + urlencode(pairs) if pairs else "?"


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
    q = clean_text(request.GET.get("q", ""))[:MAX_QUERY_LENGTH].strip()
    terms = query_terms(q)
    groups = []
    if terms:
        practices = search_practices(
            PracticeQuery(q=q, page_size=5, language=translation.get_language() or "en")
        )
        groups.append(
            {
                "id": "practices",
                "title": gettext("Good practices"),
                "count": practices.count,
                "items": [
                    {"title": h.practice.title, "url": h.practice.url, "text": h.highlight}
                    for h in practices.hits
                ],
                "more_url": PracticeIndexPage.live_url(request) + "?" + urlencode({"q": q}),
            }
        )
        frameworks, count = _search(FrameworkPage.objects.live().public(), terms)
        groups.append(
            {
                "id": "frameworks",
                "title": gettext("Frameworks"),
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
                "title": gettext("Provisions"),
                "count": count,
                "items": [
                    {
                        "title": gettext("%(framework)s, provision %(code)s")
                        % {"framework": p.framework.title, "code": p.code},
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
                "title": gettext("Other pages"),
                "count": count,
                "items": [{"title": p.title, "url": p.url} for p in others],
            }
        )
    return TemplateResponse(
        request,
        "search/site_search.html",
        {"q": q, "groups": groups, "searched": bool(q), "total": sum(g["count"] for g in groups)},
    )


def practice_listing(request):
    """The practice listing (PracticeIndexPage): the search the request's query string asks
    for, and everything the listing shows of it."""
    try:
        # The words typed are analysed in the interface's language (and in English).
        query = PracticeQuery.from_params(
            request.GET,
            default_page_size=settings.PRACTICES_PER_PAGE,
            language=translation.get_language() or "en",
        )
    except BadParameter as error:
        query = PracticeQuery(page_size=settings.PRACTICES_PER_PAGE)
        return {"error": error, "query": query, "results": None}
    results = search_practices(query)
    pairs = query.to_params()

    def without(name, value):
        return url_for([pair for pair in pairs if pair != (name, value)])

    facets = []
    for name, facet in FACETS.items():
        counts = results.facets.get(name, {})
        selected = query.filters.get(name, ())
        values = list(counts.items())
        if facet.listed is not None:
            values = values[: facet.listed]
        shown = {value for value, _ in values}
        values += [(value, 0) for value in selected if value not in shown]
        options = [
            {
                "value": value,
                "label": facet.value_label(value),
                "count": count,
                "selected": value in selected,
            }
            for value, count in values
        ]
        if options:
            facets.append({"name": name, "label": facet.label, "options": options})

    active = [
        {
            # Translators: an active filter of the listing, e.g. "Country: Kenya".
            "label": gettext("%(facet)s: %(value)s")
            % {"facet": facet.label, "value": facet.value_label(value)},
            "remove": without(name, value),
        }
        for name, facet in FACETS.items()
        for value in query.filters.get(name, ())
    ]
    if query.q:
        label = gettext("Words: %(words)s") % {"words": query.q}
        active.insert(0, {"label": label, "remove": without("q", query.q)})
    for name, text in (
        ("year_from", pgettext("year", "From %(year)s")),
        ("year_to", pgettext("year", "To %(year)s")),
    ):
        year = getattr(query, name)
        if year:
            active.append({"label": text % {"year": year}, "remove": without(name, str(year))})

    def page_url(number):
        return url_for(pairs + ([("page", str(number))] if number > 1 else []))

    querystring = urlencode(pairs)
    # The CSV and the feed read the words as the listing did: in its language (their ``lang``).
    download_pairs = pairs
    if query.q and analysis_language(query.language) != ENGLISH:
        download_pairs = [*pairs, ("lang", analysis_language(query.language))]
    return {
        "error": None,
        "query": query,
        "results": results,
        "facets": facets,
        "active": active,
        # what the filter panel's summary counts: every active filter but the words
        "filter_count": len(active) - (1 if query.q else 0),
        "clear_url": "?",
        "sorts": list(SORT_NAMES.items()),
        "sort": query.effective_sort,
        "previous_url": page_url(query.page - 1) if query.page > 1 else None,
        "next_url": page_url(query.page + 1) if query.page < results.num_pages else None,
        "first_url": page_url(1),
        "querystring": querystring,
        "download_querystring": urlencode(download_pairs),
    }
