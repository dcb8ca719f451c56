"""/data/registry.zip: the whole public registry in the exchange format and as CSV; never
anything private; rebuilt when what it is made of changes; conditional requests answered."""

import csv
import io
import json
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from wagtail.documents import get_document_model

import pytest

from practices.models import PracticeAttachment
from practices.submission import private_collection
from tests.factories import (
    FrameworkPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    ProvisionFactory,
    draft,
)
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db


def archive(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def read(zipped, name):
    return zipped.read(f"registry/{name}").decode("utf-8")


@pytest.fixture
def registry(home_page, practice_index, framework_index):
    framework = FrameworkPageFactory(title="Kenya NAP", external_id="nap-ke-1", country="KE")
    provision = ProvisionFactory(framework=framework, code="1.1")
    FrameworkPageFactory(title="Draft plan", external_id="nap-draft", live=False)
    named = OrganisationFactory(name="Open Women Network")
    hidden = OrganisationFactory(name="Secret Shelter Collective")
    shown = PracticePageFactory(
        title="Peace circles",
        external_id="p-shown",
        organisations=[named],
        countries=["KE"],
        provisions=[(provision, "implements")],
    )
    PracticePageFactory(
        title="Safe houses",
        external_id="p-withheld",
        organisations=[hidden],
        withhold_organisation=True,
    )
    draft(PracticePageFactory(title="Draft in review", external_id="p-draft"))
    document = get_document_model().objects.create(
        title="Private attachment minutes",
        file=SimpleUploadedFile("minutes.pdf", pdf_bytes()),
        collection=private_collection(),
    )
    PracticeAttachment.objects.create(practice=shown, document=document)
    shown.save_revision().publish()
    return shown


def test_download_holds_the_exports_of_public_content_and_nothing_private(
    client, registry, tmp_path
):
    response = client.get("/data/registry.zip")
    zipped = archive(response)
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    assert sorted(zipped.namelist()) == [
        "registry/README.txt",
        "registry/frameworks/naps.json",
        "registry/practices.csv",
        "registry/practices.json",
    ]
    everything = "".join(read(zipped, name[len("registry/") :]) for name in zipped.namelist())
    for private in ("Draft in review", "Draft plan", "Secret Shelter", "Private attachment"):
        assert private not in everything

    practices = json.loads(read(zipped, "practices.json"))["practices"]
    assert [p["external_id"] for p in practices] == ["p-shown", "p-withheld"]
    assert practices[0]["organisations"] == ["Open Women Network"]
    # The same bytes as the export commands write (there is no private practice to differ).
    call_command("export_practices", str(tmp_path / "practices.json"), "--no-progress")
    assert read(zipped, "practices.json") == (tmp_path / "practices.json").read_text("utf-8")
    call_command("export_frameworks", str(tmp_path / "frameworks"), "--no-progress")
    naps = (tmp_path / "frameworks" / "naps.json").read_text("utf-8")
    assert read(zipped, "frameworks/naps.json") == naps
    assert [f["external_id"] for f in json.loads(naps)["frameworks"]] == ["nap-ke-1"]

    rows = list(csv.DictReader(io.StringIO(read(zipped, "practices.csv").lstrip("\ufeff"))))
    assert sorted(row["title"] for row in rows) == ["Peace circles", "Safe houses"]
    assert "CC BY 4.0" in read(zipped, "README.txt")


def test_download_is_rebuilt_when_content_changes_and_answers_conditional_requests(
    client, registry
):
    first = client.get("/data/registry.zip")
    etag = first["ETag"]
    assert first["Last-Modified"]
    again = client.get("/data/registry.zip", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304

    # Unpublishing a practice changes the download at once.
    draft(registry)
    second = client.get("/data/registry.zip", HTTP_IF_NONE_MATCH=etag)
    assert second["ETag"] != etag
    practices = json.loads(read(archive(second), "practices.json"))["practices"]
    assert [p["external_id"] for p in practices] == ["p-withheld"]

    # An organisation no editor has confirmed any more drops out without any publication.
    registry.save_revision().publish()
    named = json.loads(read(archive(client.get("/data/registry.zip")), "practices.json"))
    assert named["practices"][0]["organisations"] == ["Open Women Network"]
    OrganisationFactory(name="Open Women Network").__class__.objects.filter(
        name="Open Women Network"
    ).update(confirmed=False)
    unnamed = json.loads(read(archive(client.get("/data/registry.zip")), "practices.json"))
    assert unnamed["practices"][0]["organisations"] == []


def test_download_is_linked_from_the_open_data_section(client, home_page):
    html = client.get("/").content.decode()
    section = html.split('<h2 id="open-data">')[1].split("</section>")[0]
    assert 'href="/data/registry.zip"' in section
    assert client.post("/data/registry.zip").status_code == 405


def test_one_build_at_a_time_others_get_the_previous_download_or_a_retry(
    client, registry, monkeypatch
):
    """While a request builds the download (its lock in the cache), the others do not build
    it too: they get the previous download, with its own ETag, or 503 with Retry-After."""
    from django.core.cache import cache

    from api import bulk

    cache.clear()  # another test may have built this same content's download
    fingerprint, _ = bulk.content_state()
    lock = f"{bulk.zip_key(fingerprint)}:building"
    cache.add(lock, True, 60)
    built = []
    real_build = bulk.build
    monkeypatch.setattr(bulk, "build", lambda request: built.append(1) or real_build(request))
    response = client.get("/data/registry.zip")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert built == []

    cache.delete(lock)
    first = client.get("/data/registry.zip")
    assert built == [1]
    assert first.status_code == 200

    # The content changes while another request is building the new download.
    draft(registry)
    changed, _ = bulk.content_state()
    assert changed != fingerprint
    cache.add(f"{bulk.zip_key(changed)}:building", True, 60)
    meanwhile = client.get("/data/registry.zip")
    assert built == [1]
    assert meanwhile.content == first.content
    assert meanwhile["ETag"] == first["ETag"]


def test_content_state_reads_no_page_row_by_row(registry):
    """Every request (a 304 too) works out the fingerprint: aggregate queries only, whatever
    the number of practices, never a read of every practice and framework."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from api import bulk

    for index in range(5):
        PracticePageFactory(title=f"More {index}", external_id=f"p-more-{index}")
    with CaptureQueriesContext(connection) as queries:
        fingerprint, last = bulk.content_state()
    # (Wagtail's .public() first reads the view restrictions.)
    pages = [
        q["sql"]
        for q in queries.captured_queries
        if '"wagtailcore_page"."live"' in q["sql"]
        and not q["sql"].startswith('SELECT "wagtailcore_pageviewrestriction"')
    ]
    assert len(pages) == 2
    assert all("COUNT(" in sql and "MAX(" in sql for sql in pages), pages
    assert last is not None
    draft(registry)
    assert bulk.content_state()[0] != fingerprint
