"""The admin's document uploads pass the same checks as members' attachments: allowed
extension, content that matches it, and no metadata stored."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Collection

import pytest

from tests.factories import administrator
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db

WHO = "Amina Hassan of Wajir Women"


def upload(client, name, content):
    client.force_login(administrator())
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Network annual report",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def test_an_admin_upload_is_stored_without_its_metadata(client, home_page):
    response = upload(client, "annual-report.pdf", pdf_bytes(author=WHO, xmp=WHO))
    assert response.status_code == 302
    document = get_document_model().objects.get()
    with document.file.open("rb") as handle:
        stored = handle.read()
    assert WHO.encode() not in stored
    assert document.file_size == len(stored)


@pytest.mark.parametrize(
    "name, content",
    [
        ("evil.html", pdf_bytes()),
        ("x.svg", pdf_bytes()),
        ("report.pdf", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_an_admin_upload_must_be_what_its_name_says(client, home_page, name, content):
    response = upload(client, name, content)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_document_model().objects.exists()


def test_a_document_saved_by_code_is_stored_without_its_metadata(db):
    document = get_document_model().objects.create(
        title="Report", file=SimpleUploadedFile("report.pdf", pdf_bytes(author=WHO))
    )
    with document.file.open("rb") as handle:
        assert WHO.encode() not in handle.read()


def test_a_document_saved_by_code_with_a_disguised_name_is_refused(db):
    with pytest.raises(ValidationError, match="text-direction"):
        get_document_model().objects.create(
            title="Report", file=SimpleUploadedFile("report\u202egnp.pdf", pdf_bytes())
        )
    assert not get_document_model().objects.exists()
