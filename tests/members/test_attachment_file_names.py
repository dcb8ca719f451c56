"""An attachment's name must agree with its content, among the allowed kinds, and hold no
control or text-direction characters that would disguise it."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents import get_document_model

import pytest

from members.practice_forms import AttachmentsField
from tests.files import jpeg_bytes, pdf_bytes

from .helpers import post_form, submit_new

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["evil.html", "x.svg", "f.exe", "report", "photo.jpg"])
def test_a_name_that_does_not_match_the_content_is_refused(member_client, practice_index, name):
    response = post_form(member_client, attachments=SimpleUploadedFile(name, pdf_bytes()))
    assert response.status_code == 400
    assert "is a PDF file by its content, but its name does not end in .pdf" in (
        response.content.decode()
    )
    assert not get_document_model().objects.exists()


@pytest.mark.parametrize(
    "name",
    [
        "report\u202egnp.pdf",
        "report\u202a.pdf",
        "report\u2066.pdf",
        "report\u200f.pdf",
        "report\u200e.pdf",
        "re\x07port.pdf",
        "re\x1bport.pdf",
    ],
)
def test_a_name_with_control_or_direction_characters_is_refused(name):
    # Django's multipart parser already drops unprintable characters from uploaded names; the
    # field refuses them from any other caller.
    with pytest.raises(ValidationError, match="invisible control or text-direction"):
        AttachmentsField().clean([SimpleUploadedFile(name, pdf_bytes())])


@pytest.mark.parametrize("name", ["Report.PDF", "photo.jpeg", "photo.JPG"])
def test_a_matching_name_in_any_case_is_accepted(member_client, practice_index, name):
    content = pdf_bytes() if name.lower().endswith(".pdf") else jpeg_bytes()
    practice = submit_new(
        member_client, action="save", attachments=SimpleUploadedFile(name, content)
    )
    assert practice.get_latest_revision_as_object().attachments.count() == 1
