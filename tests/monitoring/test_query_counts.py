"""The monitoring notes' open data and the provision's timeline make as many queries for ten
notes with files as for two: whether a file is private is not looked up note by note."""

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Collection

import pytest

from monitoring.models import MonitoringNote
from practices.submission import private_collection
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def add_notes(provision, organisation, count):
    """Published notes, each with a file: every other file still in the private collection."""
    private = private_collection()
    public = Collection.get_first_root_node()
    for n in range(count):
        document = get_document_model()(
            title=f"evidence {n}", file=ContentFile(pdf_bytes(), name=f"e{n}.pdf")
        )
        document.collection = private if n % 2 else public
        document.save()
        MonitoringNote.objects.create(
            provision=provision,
            organisation=organisation,
            status="achieved",
            from_year=YEAR - 2,
            to_year=YEAR - 1,
            evidence=f"Note {n}.",
            attachment=document,
            live=True,
            first_published_at=timezone.now(),
        )


def body_of(response):
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def queries_of(client, url):
    """The queries of a second request: the first fills caches (sites, content types)."""
    body_of(client.get(url))
    with CaptureQueriesContext(connection) as queries:
        body = body_of(client.get(url))
    return len(queries), body


@pytest.mark.parametrize(
    "url", ["/api/v1/monitoring-notes/?page_size=20", "/monitoring/export.csv", "provision"]
)
def test_queries_do_not_grow_with_the_notes(client, provisions, organisation, an_editor, url):
    provision = provisions[0]
    if url == "provision":
        url = provision.url
    add_notes(provision, organisation, 2)
    few, body = queries_of(client, url)
    assert body.count(".pdf") == 1  # the private file is never linked
    add_notes(provision, organisation, 8)
    many, body = queries_of(client, url)
    assert body.count(".pdf") == 5
    assert many == few
