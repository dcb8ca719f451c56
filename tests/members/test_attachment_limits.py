"""An attachment cannot exhaust the server: an archive that expands hugely (a "ZIP bomb") is
refused on what it declares, before it is read; and the number of files is capped per save and
per practice."""

import functools
import io
import tracemalloc
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents import get_document_model

import pytest

from members.practice_forms import AttachmentsField
from practices.models import PracticePage
from tests.files import pdf_bytes

from .helpers import edit, post_form, submit_new

pytestmark = pytest.mark.django_db

EXPANDED_BYTES = 100 * 1024 * 1024


@functools.cache
def odt_bomb():
    """An ODT of about 100 KB whose content.xml expands to 100 MB of zeros, written in chunks
    so that building it stays small too."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        with archive.open("content.xml", "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(EXPANDED_BYTES // len(chunk)):
                member.write(chunk)
    return out.getvalue()


def test_a_zip_bomb_is_refused(member_client, practice_index):
    response = post_form(member_client, attachments=SimpleUploadedFile("report.odt", odt_bomb()))
    assert response.status_code == 400
    assert "ZIP bomb" in response.content.decode()
    assert not get_document_model().objects.exists()


def test_a_zip_bomb_is_refused_without_being_read(db):
    bomb = odt_bomb()
    assert len(bomb) < 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError, match="ZIP bomb"):
            AttachmentsField().clean([SimpleUploadedFile("report.odt", bomb)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024


def test_a_member_that_expands_beyond_what_it_declares_is_stopped(monkeypatch):
    from practices import attachments

    bomb = odt_bomb()
    # An archive that understates the member's size gets past the declared checks ...
    monkeypatch.setattr(attachments, "check_archive", lambda archive, name: None)
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        info = archive.getinfo("content.xml")
        info.file_size = 10 * 1024 * 1024
        tracemalloc.start()
        try:
            # ... and is read in chunks up to a limit, never whole.
            with pytest.raises(attachments.Refused):
                attachments.read_member(archive, info, limit=64 * 1024)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 2 * 1024 * 1024


def pdfs(count):
    content = pdf_bytes()
    return [SimpleUploadedFile(f"report-{n}.pdf", content) for n in range(count)]


def attached(practice):
    latest = PracticePage.objects.get(pk=practice.pk).get_latest_revision_as_object()
    return latest.attachments.all()


def test_at_most_ten_files_a_save(member_client, practice_index):
    response = post_form(member_client, attachments=pdfs(11))
    assert response.status_code == 400
    assert "At most 10 files can be attached at a time" in response.content.decode()
    assert not get_document_model().objects.exists()


def test_at_most_twenty_files_a_practice(member_client, practice_index):
    practice = submit_new(member_client, action="save", attachments=pdfs(10))
    assert edit(member_client, practice, attachments=pdfs(10)).status_code == 302
    assert attached(practice).count() == 20

    response = edit(member_client, practice, attachments=pdfs(1))
    assert response.status_code == 400
    assert "A practice holds at most 20 files" in response.content.decode()
    assert get_document_model().objects.count() == 20

    # Removing one makes room for another.
    removed = attached(practice).first().document_id
    response = edit(member_client, practice, attachments=pdfs(1), remove_attachments=[str(removed)])
    assert response.status_code == 302
    assert attached(practice).count() == 20
