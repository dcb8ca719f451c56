"""An attachment is stored without the metadata that would say who made it, where, when and
with what, and is published under the practice's title, never under its uploaded name."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wagtail.documents import get_document_model

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from pypdf import PdfReader

from tests.factories import editor
from tests.files import docx_bytes, jpeg_bytes, odt_bytes, pdf_bytes, stored_bytes

from .helpers import post_form, submit_new

pytestmark = pytest.mark.django_db

WHO = "Amina Hassan of Wajir Women"


def stored_attachment(practice):
    return stored_bytes(practice.get_latest_revision_as_object().attachments.get().document)


def attach(client, name, content):
    return submit_new(client, action="save", attachments=SimpleUploadedFile(name, content))


def test_a_photo_loses_its_position_and_author_and_keeps_its_picture(member_client, practice_index):
    original = jpeg_bytes(size=(40, 20), artist=WHO, gps=2.5, orientation=6)
    assert WHO.encode() in original

    stored = stored_attachment(attach(member_client, "visit.jpg", original))

    assert WHO.encode() not in stored
    picture = Image.open(io.BytesIO(stored))
    assert not picture.getexif()
    assert "exif" not in picture.info and "xmp" not in picture.info
    # Turned upright as the camera said, then saved without the orientation tag.
    assert picture.size == (20, 40)
    red, blue = picture.getpixel((10, 5)), picture.getpixel((10, 35))
    assert red[0] > 200 and red[2] < 50 and blue[2] > 200 and blue[0] < 50


def test_a_png_loses_its_text_chunks(member_client, practice_index):
    picture = Image.new("RGB", (8, 8), "green")
    info = PngInfo()
    info.add_text("Author", WHO)
    original = io.BytesIO()
    picture.save(original, "PNG", pnginfo=info)
    assert WHO.encode() in original.getvalue()

    stored = stored_attachment(attach(member_client, "map.png", original.getvalue()))

    assert WHO.encode() not in stored
    assert Image.open(io.BytesIO(stored)).getpixel((4, 4)) == (0, 128, 0)


def test_a_pdf_loses_its_author_and_xmp_and_keeps_its_pages(member_client, practice_index):
    original = pdf_bytes(text="Mediation report", author=WHO, xmp=f"<x:xmpmeta>{WHO}</x:xmpmeta>")
    assert original.count(WHO.encode()) == 2

    stored = stored_attachment(attach(member_client, "report.pdf", original))

    assert WHO.encode() not in stored
    assert b"Field laptop" not in stored
    reader = PdfReader(io.BytesIO(stored))
    assert not reader.metadata
    assert "/Metadata" not in reader.trailer["/Root"]
    assert len(reader.pages) == 1
    assert b"Mediation report" in reader.pages[0].get_contents().get_data()


def test_a_pdf_that_cannot_be_read_is_refused_with_a_reason(member_client, practice_index):
    broken = b"%PDF-1.4\n1 0 obj<</Author (" + WHO.encode() + b")>>endobj\n%%EOF\n"
    response = post_form(member_client, attachments=SimpleUploadedFile("report.pdf", broken))
    assert response.status_code == 400
    assert "could not be read as a PDF" in response.content.decode()
    assert not get_document_model().objects.exists()


def test_a_docx_loses_its_author_and_company_and_keeps_its_text(member_client, practice_index):
    original = docx_bytes(text="Mediation report", author=WHO, company="Wajir Women")

    stored = stored_attachment(attach(member_client, "report.docx", original))

    archive = zipfile.ZipFile(io.BytesIO(stored))
    for name in ("docProps/core.xml", "docProps/app.xml"):
        assert WHO.encode() not in archive.read(name)
        assert b"Wajir Women" not in archive.read(name)
    assert b"Mediation report" in archive.read("word/document.xml")
    assert {m.date_time for m in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_an_odt_loses_its_creators_and_keeps_its_text(member_client, practice_index):
    original = odt_bytes(text="Mediation report", author=WHO)

    stored = stored_attachment(attach(member_client, "report.odt", original))

    archive = zipfile.ZipFile(io.BytesIO(stored))
    assert b"initial-creator" not in archive.read("meta.xml")
    assert WHO.encode() not in stored
    assert b"Mediation report" in archive.read("content.xml")
    # Still an ODT: the mimetype entry first, uncompressed.
    first = archive.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED


def test_a_published_file_is_named_after_the_practice(member_client, practice_index):
    practice = attach(member_client, "Wajir Women field visit.pdf", pdf_bytes())
    practice.get_latest_revision().publish(user=editor("publishing-editor"))
    practice.refresh_from_db()
    document = practice.attachments.get().document

    assert document.filename == "women-mediators-of-wajir-1.pdf"
    assert document.title == "Women mediators of Wajir (1)"
    html = Client().get(practice.url).content.decode()
    assert "field visit" not in html and "field-visit" not in html
    response = Client().get(document.url)
    assert response.status_code == 200
    assert "field" not in response["Content-Disposition"]
    assert "women-mediators-of-wajir-1.pdf" in response["Content-Disposition"]


def test_the_form_says_what_is_removed_from_files(member_client, practice_index):
    html = member_client.get("/practices/submit/").content.decode()
    for removed in ("location", "author", "device", "software", "dates", "original file name"):
        assert removed in html
