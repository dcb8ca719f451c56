"""Attachment file names are the member's input too."""

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from tests.files import pdf_bytes

from .helpers import post_form

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()


@pytest.mark.parametrize(
    "name", ["re\x00port.pdf", "rapport\u202egnp.pdf", "x" * 400 + ".pdf", ".pdf"]
)
def test_odd_file_names(member_client, practice_index, name):
    upload = SimpleUploadedFile(name, PDF, "application/pdf")
    response = post_form(member_client, attachments=upload)
    assert response.status_code < 500
