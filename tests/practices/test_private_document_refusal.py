"""A signed-in visitor who may not open a private document is refused it (403): sending them to
the sign-in page, where they are signed in already, would send them straight back, for ever."""

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents import get_document_model

import pytest

from practices import submission
from tests.factories import UserFactory, editor
from tests.files import pdf_bytes, stored_bytes

pytestmark = pytest.mark.django_db
PDF = pdf_bytes()


@pytest.fixture
def private_document(home_page):
    return get_document_model().objects.create(
        title="Field notes",
        file=SimpleUploadedFile("field-notes.pdf", PDF),
        collection=submission.private_collection(),
    )


def test_a_signed_in_member_gets_403_not_a_sign_in_loop(client, private_document):
    client.force_login(UserFactory(username="member-c"))
    response = client.get(private_document.url)
    assert response.status_code == 403
    assert b"%PDF" not in response.content


def test_anonymous_visitors_are_still_asked_to_sign_in(client, private_document):
    response = client.get(private_document.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_editors_still_open_it(client, private_document):
    client.force_login(editor("document-editor"))
    response = client.get(private_document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored_bytes(private_document)
