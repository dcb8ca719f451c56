"""The bulk download, /data/registry.zip: every published practice and framework open to the
public, in the exchange format (the same bytes as ``export_practices`` and ``export_frameworks``
write of the public content), with the CSV of every practice and a README stating the licence.

Built on demand and kept in the cache under a fingerprint of what it is made of: each published
practice's and framework's id and last publication, and each organisation's name and
confirmation (which decide whether a practice names it). Any change the public could see changes
the fingerprint, whichever way it was made (a publication, an unpublication, a view restriction,
an editor confirming an organisation, a bulk change that sends no signal), so the next request
builds a new file; nothing has to remember to invalidate it. The fingerprint is also the ETag,
and the latest publication the Last-Modified date, so a client that has the file downloads
nothing again.
"""

import csv
import hashlib
import io
import json
import zipfile
from collections import defaultdict
from dataclasses import replace

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Max, Sum
from django.http import HttpResponse, HttpResponseNotModified, QueryDict
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext

from frameworks.exchange import FILE_OF_KIND, framework_record
from frameworks.models import FrameworkPage
from practices.exchange import EXPORT_PREFETCH, practice_record
from practices.models import Organisation, PracticePage
from search.query import MAX_PAGE_SIZE
from search.service import search_practices

from .exports import BOM, COLUMNS, Echo, csv_row, result_pages
from .params import practice_query
from .views import licence_link, practice_result

CACHE_SECONDS = 24 * 60 * 60
# Fixed times inside the archive: the same content gives the same bytes.
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def published_practices():
    # Each practice once, as written; its translations are not practices of their own.
    return PracticePage.objects.live().public().originals()


def published_frameworks():
    return FrameworkPage.objects.live().public()


def content_state():
    """(fingerprint, last publication) of what the download is made of."""
    digest = hashlib.sha256()
    last = None
    for queryset in (published_practices(), published_frameworks()):
        # One aggregate query each, not a read of every page on every request (304s too): a
        # publication moves the latest date, an unpublication or a new restriction the count
        # and the sums of the ids.
        state = queryset.order_by().aggregate(
            latest=Max("last_published_at"),
            count=Count("pk"),
            ids=Sum("pk"),
            squares=Sum(F("pk") * F("pk")),
        )
        latest = state["latest"]
        digest.update(
            f"{state['count']}:{state['ids']}:{state['squares']}:"
            f"{latest.isoformat() if latest else ''}|".encode()
        )
        if latest and (last is None or latest > last):
            last = latest
    organisations = Organisation.objects.order_by("pk").values_list("pk", "name", "confirmed")
    for pk, name, confirmed in organisations:
        digest.update(f"{pk}:{name}:{confirmed};".encode())
    digest.update(settings.CONTENT_LICENCE["url"].encode())
    return digest.hexdigest()[:32], last


def practices_json():
    """export_practices' output of the public content."""
    pages = sorted(
        published_practices().prefetch_related(*EXPORT_PREFETCH), key=lambda p: p.external_id
    )
    records = [practice_record(page) for page in pages]
    return json.dumps({"practices": records}, ensure_ascii=False, indent=2) + "\n"


def frameworks_json():
    """export_frameworks' files: {file name: text}."""
    pages = sorted(
        published_frameworks().prefetch_related(
            "provisions", "translations", "provision_translations"
        ),
        key=lambda p: p.external_id,
    )
    by_file = defaultdict(list)
    for page in pages:
        by_file[FILE_OF_KIND[page.kind]].append(framework_record(page))
    return {
        name: json.dumps({"frameworks": records}, ensure_ascii=False, indent=1) + "\n"
        for name, records in by_file.items()
    }


def practices_csv(request):
    """The CSV export of the whole listing (every published practice)."""
    query = replace(practice_query(QueryDict()), page=1, page_size=MAX_PAGE_SIZE)
    writer = csv.writer(Echo())
    lines = [BOM + writer.writerow(COLUMNS)]
    for practice in result_pages(query, search_practices(query)):
        lines.append(writer.writerow(csv_row(practice_result(request, practice))))
    return "".join(lines)


def readme():
    licence = settings.CONTENT_LICENCE
    return (
        f"{settings.WAGTAIL_SITE_NAME}: bulk download\n\n"
        "practices.json         every published practice, in the exchange format that\n"
        "                       manage.py import_practices reads\n"
        "frameworks/*.json      every published framework and its provisions, in the format\n"
        "                       that manage.py import_frameworks reads\n"
        "practices.csv          the same practices as the listing's CSV export\n\n"
        "Only published content open to the public is included: no drafts, no practice in\n"
        "review, no contact details, no organisation a practice withholds, no private file.\n\n"
        f"Licence: {licence['name']} ({licence['url']}).\n"
    )


def build(request):
    buffer = io.BytesIO()
    files = {"README.txt": readme(), "practices.json": practices_json()}
    for name, text in sorted(frameworks_json().items()):
        files[f"frameworks/{name}"] = text
    files["practices.csv"] = practices_csv(request)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(f"registry/{name}", date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def zip_key(fingerprint):
    return f"registry-zip:{fingerprint}"


LATEST_KEY = "registry-zip:latest"
BUILD_LOCK_SECONDS = 300
RETRY_AFTER_SECONDS = 30


def build_once(request, fingerprint, last_modified):
    """(body, fingerprint, last modified) of the download: built by one request at a time
    (a lock in the cache per fingerprint); while another builds it, the previous download
    (with its own fingerprint), or None when there is none yet."""
    lock = f"{zip_key(fingerprint)}:building"
    if cache.add(lock, True, BUILD_LOCK_SECONDS):
        try:
            body = build(request)
            cache.set(zip_key(fingerprint), body, CACHE_SECONDS)
            cache.set(LATEST_KEY, (fingerprint, last_modified), CACHE_SECONDS)
        finally:
            cache.delete(lock)
        return body, fingerprint, last_modified
    previous = cache.get(LATEST_KEY)
    if previous is not None:
        body = cache.get(zip_key(previous[0]))
        if body is not None:
            return body, *previous
    return None


def busy():
    response = HttpResponse(
        gettext("The download is being prepared: try again in a minute."),
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def registry_zip(request):
    if request.method not in ("GET", "HEAD"):
        response = HttpResponse("Only GET and HEAD are allowed.", status=405)
        response["Allow"] = "GET, HEAD"
        return response
    fingerprint, last_published = content_state()
    etag = quote_etag(fingerprint)
    last_modified = int(last_published.timestamp()) if last_published else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if isinstance(not_modified, HttpResponseNotModified):
        return not_modified
    body = cache.get(zip_key(fingerprint))
    if body is None:
        built = build_once(request, fingerprint, last_modified)
        if built is None:
            return busy()
        body, fingerprint, last_modified = built
        etag = quote_etag(fingerprint)
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="registry.zip"'
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Link"] = licence_link()
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=60"
    return response
