"""The practice listing's search, reached from the practices template (practices must not import
search: the dependency runs the other way)."""

from urllib.parse import urlencode

from django import template
from django.conf import settings

from ..facets import FACETS
from ..query import BadParameter, PracticeQuery
from ..service import search_practices

register = template.Library()

SORT_NAMES = {"relevance": "Best match", "newest": "Newest", "title": "Title (A–Z)"}


def url_for(pairs):
    return "?" + urlencode(pairs) if pairs else "?"


@register.simple_tag(takes_context=True)
def practice_search(context):
    """Run the search the request's query string asks for; everything a listing shows."""
    request = context["request"]
    try:
        query = PracticeQuery.from_params(
            request.GET, default_page_size=settings.PRACTICES_PER_PAGE
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
            "label": f"{facet.label}: {facet.value_label(value)}",
            "remove": without(name, value),
        }
        for name, facet in FACETS.items()
        for value in query.filters.get(name, ())
    ]
    if query.q:
        active.insert(0, {"label": f"Words: {query.q}", "remove": without("q", query.q)})
    for name, text in (("year_from", "From"), ("year_to", "To")):
        year = getattr(query, name)
        if year:
            active.append({"label": f"{text} {year}", "remove": without(name, str(year))})

    def page_url(number):
        return url_for(pairs + ([("page", str(number))] if number > 1 else []))

    querystring = urlencode(pairs)
    return {
        "error": None,
        "query": query,
        "results": results,
        "facets": facets,
        "active": active,
        "clear_url": "?",
        "sorts": list(SORT_NAMES.items()),
        "sort": query.effective_sort,
        "previous_url": page_url(query.page - 1) if query.page > 1 else None,
        "next_url": page_url(query.page + 1) if query.page < results.num_pages else None,
        "first_url": page_url(1),
        "querystring": querystring,
    }
