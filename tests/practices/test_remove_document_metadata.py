"""``manage.py remove_document_metadata``: files stored before metadata was removed at upload
are rewritten in place; a file that cannot be read is named, and left as it is."""

from io import StringIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from wagtail.documents import get_document_model

import pytest

from tests.files import pdf_bytes, stored_bytes

pytestmark = pytest.mark.django_db

WHO = "Amina Hassan of Wajir Women"


def stored_as_before(name, content):
    """A document whose file was written before uploads were cleaned (no pre_save hook)."""
    path = default_storage.save(f"documents/old/{name}", ContentFile(content))
    document = get_document_model().objects.create(
        title=name, file=ContentFile(pdf_bytes(), name="placeholder.pdf")
    )
    get_document_model().objects.filter(pk=document.pk).update(file=path, file_size=len(content))
    document.refresh_from_db()
    return document


def test_old_files_lose_their_metadata_and_keep_their_address(db):
    document = stored_as_before("report.pdf", pdf_bytes(text="Kept", author=WHO))
    broken = stored_as_before("broken.pdf", b"%PDF-1.4 " + WHO.encode())
    assert WHO.encode() in stored_bytes(document)

    out = StringIO()
    call_command("remove_document_metadata", stdout=out, stderr=out)

    document.refresh_from_db()
    cleaned = stored_bytes(document)
    assert WHO.encode() not in cleaned and b"Kept" in cleaned
    assert document.file.name == "documents/old/report.pdf"
    assert document.file_size == len(cleaned)
    assert "broken.pdf" in out.getvalue()
    assert WHO.encode() in stored_bytes(broken)
    assert "1 file rewritten" in out.getvalue()
