"""CSV export of any result set of the practice listing: /practices/export.csv?<listing params>.

Every page of the result (up to ``MAX_EXPORT_ROWS``), streamed, through the practice search
service, with the API result's fields as columns (lists joined with "; "). Cells that a
spreadsheet would run as a formula are defused with a leading apostrophe.
"""

import csv
from dataclasses import replace

from django.http import HttpResponseBadRequest, StreamingHttpResponse

from search.facets import FACETS
from search.query import MAX_PAGE_SIZE, BadParameter
from search.service import search_practices

from .params import practice_query
from .views import CACHE_CONTROL, licence_link, practice_result

MAX_EXPORT_ROWS = 10_000
# The API result's fields, the facets' among them as the registry names them (``Facet.column``).
COLUMNS = (
    "id",
    "external_id",
    "title",
    "url",
    "summary",
    "organisations",
    *(
        facet.column
        for facet in sorted(FACETS.values(), key=lambda facet: facet.column_rank)
        if facet.column
    ),
    "start_year",
    "end_year",
    "provisions",
    "provision_urls",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value):
    """A cell a spreadsheet shows as text: never a formula (OWASP's CSV injection advice)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(result):
    links = result["provisions"]
    flat = {
        name: "; ".join(value) if isinstance(value, list) else value
        for name, value in result.items()
        if name != "provisions"
    }
    flat["provisions"] = "; ".join(
        f"{link['framework']} {link['code']} ({link['relation']})" for link in links
    )
    flat["provision_urls"] = "; ".join(link["url"] or "" for link in links)
    return [safe_cell(flat[column]) for column in COLUMNS]


class Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


def result_pages(query, first):
    """The results of ``first`` and every following page, up to ``MAX_EXPORT_ROWS`` hits."""
    results, sent = first, 0
    while results.hits:
        for hit in results.hits:
            if sent == MAX_EXPORT_ROWS:
                return
            yield hit.practice
            sent += 1
        if results.page >= results.num_pages:
            return
        results = search_practices(query.with_page(results.page + 1))


def practices_csv(request):
    try:
        query = practice_query(request.GET)
    except BadParameter as error:
        return HttpResponseBadRequest(f"{error.name}: {error.message}", content_type="text/plain")
    # Every page of the result, whatever page the listing was showing.
    query = replace(query, page=1, page_size=MAX_PAGE_SIZE)
    first = search_practices(query)
    writer = csv.writer(Echo())

    def rows():
        yield BOM + writer.writerow(COLUMNS)
        for practice in result_pages(query, first):
            yield writer.writerow(csv_row(practice_result(request, practice)))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="practices.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = CACHE_CONTROL
    response["Link"] = licence_link()
    response["X-Result-Count"] = str(first.count)
    if first.count > MAX_EXPORT_ROWS:
        response["X-Export-Truncated"] = f"first {MAX_EXPORT_ROWS} of {first.count} rows"
    return response
