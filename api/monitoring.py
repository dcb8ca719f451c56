"""Open data of civil society's monitoring: /api/v1/monitoring-notes/, its CSV export and its
Atom feed. Only published notes of published frameworks, through the notes' public views
(``public_organisation``, ``public_location``, ``public_attachment``): a withheld organisation
or place never appears, a private file is never linked, the author never is."""

import csv

from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.translation import gettext, gettext_lazy

from frameworks.models import FrameworkIndexPage
from monitoring.stats import published_notes
from search.query import BadParameter

from .exports import BOM, Echo, safe_cell
from .feeds import LicensedFeed, XmlSafeAtomFeed, entry_id
from .params import MonitoringQuery
from .views import (
    CACHE_CONTROL,
    absolute,
    api_view,
    json_response,
    licence_link,
    page_links,
    provision_url,
)

MAX_EXPORT_ROWS = 10_000
FEED_ITEMS = 50
FEED_TITLE = gettext_lazy("Civil-society monitoring of women, peace and security plans")


def period_bound(year, month):
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


def note_record(request, note):
    provision = note.provision
    framework = provision.framework
    organisation = note.public_organisation
    document = note.public_attachment()
    return {
        "id": note.pk,
        "provision": {
            "id": provision.pk,
            "code": provision.code,
            "url": provision_url(request, provision),
        },
        "framework": {"id": framework.pk, "title": framework.title},
        "country": framework.country or None,
        "status": note.status,
        "period_from": period_bound(note.from_year, note.from_month),
        "period_to": period_bound(note.to_year, note.to_month),
        "evidence": note.evidence,
        "source_url": note.source_url or None,
        "attachment_url": absolute(request, document.url) if document else None,
        "local_women_organisations": note.local_women_organisations,
        "organisation": organisation.name if organisation else None,
        "location": note.public_location or None,
        "published_at": note.first_published_at.isoformat() if note.first_published_at else None,
    }


def find_notes(query):
    return query.apply(published_notes())


@api_view
def note_list(request):
    query = MonitoringQuery.from_params(request.GET)
    notes = find_notes(query)
    count = notes.count()
    start = (query.page - 1) * query.page_size
    return json_response(
        {
            "count": count,
            "page": query.page,
            "page_size": query.page_size,
            **page_links(request, query.page, query.page_size, count),
            "results": [note_record(request, n) for n in notes[start : start + query.page_size]],
        }
    )


COLUMNS = (
    "id",
    "framework",
    "provision",
    "provision_url",
    "country",
    "status",
    "period_from",
    "period_to",
    "evidence",
    "source_url",
    "attachment_url",
    "local_women_organisations",
    "organisation",
    "location",
    "published_at",
)


def csv_row(record):
    flat = {
        **record,
        "framework": record["framework"]["title"],
        "provision": record["provision"]["code"],
        "provision_url": record["provision"]["url"],
    }
    return [safe_cell(flat[column]) for column in COLUMNS]


def notes_csv(request):
    try:
        query = MonitoringQuery.from_params(request.GET)
    except BadParameter as error:
        return HttpResponseBadRequest(f"{error.name}: {error.message}", content_type="text/plain")
    notes = find_notes(query)
    count = notes.count()
    writer = csv.writer(Echo())

    def rows():
        yield BOM + writer.writerow(COLUMNS)
        for note in notes[:MAX_EXPORT_ROWS].iterator(chunk_size=500):
            yield writer.writerow(csv_row(note_record(request, note)))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="monitoring-notes.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = CACHE_CONTROL
    response["Link"] = licence_link()
    response["X-Result-Count"] = str(count)
    if count > MAX_EXPORT_ROWS:
        response["X-Export-Truncated"] = f"first {MAX_EXPORT_ROWS} of {count} rows"
    return response


class MonitoringNotesFeed(LicensedFeed):
    feed_type = XmlSafeAtomFeed
    author_name = gettext_lazy("Local women peacebuilders' practice registry")
    title = FEED_TITLE

    def get_object(self, request, *args, **kwargs):
        self.querystring = request.GET.urlencode()
        return MonitoringQuery.from_params(request.GET)

    def subtitle(self, query):
        return gettext("Newly published monitoring notes of plans' provisions, newest first.")

    def link(self, query):
        return FrameworkIndexPage.live_url()

    def feed_url(self, query):
        params = [(k, v) for k, values in query.filters.items() for v in sorted(map(str, values))]
        suffix = "?" + urlencode(params) if params else ""
        return reverse("monitoring_notes_feed") + suffix

    def items(self, query):
        notes = find_notes(query).order_by("-first_published_at", "-pk")
        return list(notes[:FEED_ITEMS])

    def item_title(self, note):
        # Translators: a feed entry's title, e.g. "Kenya NAP II, provision 2.1: achieved
        # (2023-05 to 2024)".
        return gettext("%(plan)s, provision %(code)s: %(status)s (%(period)s)") % {
            "plan": note.provision.framework.title,
            "code": note.provision.code,
            "status": note.status_label,
            "period": note.period_label,
        }

    def item_description(self, note):
        return escape(note.evidence)

    def item_link(self, note):
        return f"{note.provision.url}#monitoring-note-{note.pk}"

    def item_guid(self, note):
        return entry_id(note, "monitoring-note")

    item_guid_is_permalink = False

    def item_pubdate(self, note):
        return note.first_published_at

    def item_updateddate(self, note):
        return note.last_published_at or note.first_published_at


monitoring_notes = MonitoringNotesFeed()


def notes_feed(request):
    try:
        MonitoringQuery.from_params(request.GET)
    except BadParameter as error:
        return HttpResponseBadRequest(f"{error.name}: {error.message}", content_type="text/plain")
    response = monitoring_notes(request)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = CACHE_CONTROL
    return response
