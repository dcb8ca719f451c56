"""A member removes a published attachment; once the editors approve, the file must no longer be
served to the public."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wagtail.documents import get_document_model

import pytest

from practices.models import PracticePage
from tests.files import pdf_bytes
from tests.utils import after_commit

from .helpers import edit, submit_new, task_state_of

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()


def test_removed_attachment_is_not_public_after_approval(member_client, an_editor, practice_index):
    upload = SimpleUploadedFile("names-of-mediators.pdf", PDF, "application/pdf")
    practice = submit_new(member_client, attachments=upload)
    with after_commit():
        task_state_of(practice).approve(user=an_editor)
    document = get_document_model().objects.get(title="Women mediators of Wajir (1)")
    url = document.url
    assert Client().get(url).status_code == 200  # published: public, as intended

    document_id = document.pk
    edit(member_client, practice, remove_attachments=[str(document_id)], action="submit")
    with after_commit():
        task_state_of(practice).approve(user=an_editor)
    assert not PracticePage.objects.get(pk=practice.pk).attachments.exists()
    response = Client().get(url)  # back in the private collection: editors only
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
