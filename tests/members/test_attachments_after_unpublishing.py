"""A practice's attachments are moved to the root (public) collection when it is published
(practices/signals.publish_attachments), but nothing moves them back when the practice stops
being public: an editor unpublishing it in the admin (e.g. for the safety of the people named
in it) or deleting it leaves its files downloadable by anyone at /documents/<id>/<name>, a
URL that was on the public page and may be in search engines and caches."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wagtail.documents import get_document_model

import pytest

from practices.models import PracticePage
from tests.files import pdf_bytes
from tests.members.helpers import submit_new, task_state_of
from tests.utils import after_commit

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()


def published_with_attachment(member_client, an_editor):
    upload = SimpleUploadedFile("names-of-mediators.pdf", PDF, "application/pdf")
    practice = submit_new(member_client, attachments=upload)
    with after_commit():
        task_state_of(practice).approve(user=an_editor)
    url = get_document_model().objects.get(title="Women mediators of Wajir (1)").url
    assert Client().get(url).status_code == 200  # published: public, as intended
    return PracticePage.objects.get(pk=practice.pk), url


def test_unpublishing_a_practice_makes_its_attachments_private_again(
    member_client, an_editor, practice_index
):
    practice, url = published_with_attachment(member_client, an_editor)
    with after_commit():
        practice.unpublish(user=an_editor)
    assert not PracticePage.objects.get(pk=practice.pk).live
    assert Client().get(url).status_code != 200


def test_deleting_a_practice_does_not_leave_its_attachments_public(
    member_client, an_editor, practice_index
):
    practice, url = published_with_attachment(member_client, an_editor)
    with after_commit():
        practice.delete()
    assert Client().get(url).status_code != 200
