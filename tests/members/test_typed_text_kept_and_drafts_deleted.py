"""Promises of the issue: a failing form keeps what the member typed; deleting an account
deletes the drafts (their files too)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents import get_document_model

import pytest

from practices.models import PracticePage
from practices.submission import Status, status_of
from tests.files import pdf_bytes
from tests.utils import after_commit

from .conftest import practice_data
from .helpers import edit, submit_new, task_state_of, token

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()
TEXT = "Trained women mediators meet elders monthly in Wajir county."


def test_show_provisions_does_not_use_up_the_saves(settings, member_client, practice_index):
    settings.KB_RATE_LIMITS = {"submit": "3/h", "refresh": "10/h", "relay": "5/h"}
    url = "/practices/submit/"
    for _ in range(3):
        data = practice_data(form_token=token(member_client), action="refresh")
        assert member_client.post(url, data).status_code == 200
    assert PracticePage.objects.count() == 0
    response = member_client.post(url, practice_data(form_token=token(member_client)))
    assert response.status_code == 302


def test_show_provisions_has_its_own_limit(settings, member_client, practice_index):
    settings.KB_RATE_LIMITS = {"submit": "3/h", "refresh": "2/h"}
    url = "/practices/submit/"
    codes = [
        member_client.post(
            url, practice_data(form_token=token(member_client), action="refresh")
        ).status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]


def test_over_the_limit_nothing_is_saved_and_nothing_typed_is_lost(
    settings, member_client, practice_index
):
    settings.KB_RATE_LIMITS = {"submit": "1/h"}
    url = "/practices/submit/"
    assert (
        member_client.post(url, practice_data(form_token=token(member_client))).status_code == 302
    )
    response = member_client.post(url, practice_data(form_token=token(member_client)))
    assert response.status_code == 429
    html = response.content.decode()
    assert TEXT in html and "was not saved" in html
    assert PracticePage.objects.count() == 1


def test_deleting_an_account_deletes_the_drafts_attachments(member_client, practice_index):
    url = "/practices/submit/"
    data = practice_data(
        form_token=token(member_client),
        attachments=SimpleUploadedFile("medical-report.pdf", PDF, "application/pdf"),
    )
    assert member_client.post(url, data).status_code == 302
    Document = get_document_model()
    assert Document.objects.exists()
    response = member_client.post("/my/account/delete/", {"confirm": "delete"})
    assert response.status_code == 302
    assert PracticePage.objects.count() == 0
    assert not Document.objects.exists()


def test_deleting_an_account_keeps_published_practices_without_their_pending_changes(
    member_client, member, an_editor, practice_index
):
    practice = submit_new(
        member_client,
        attachments=SimpleUploadedFile("published.pdf", PDF, "application/pdf"),
    )
    with after_commit():
        task_state_of(practice).approve(user=an_editor)
    edit(
        member_client,
        practice,
        title="A private change in review",
        attachments=SimpleUploadedFile("pending.pdf", PDF, "application/pdf"),
        action="submit",
    )
    assert status_of(PracticePage.objects.get(pk=practice.pk))[0] == Status.IN_REVIEW
    response = member_client.post("/my/account/delete/", {"confirm": "delete"})
    assert response.status_code == 302

    practice = PracticePage.objects.get(pk=practice.pk)
    assert practice.live and practice.owner is None
    assert practice.title == "Women mediators of Wajir"
    assert not practice.has_unpublished_changes
    assert practice.current_workflow_state is None
    assert practice.get_latest_revision_as_object().title == "Women mediators of Wajir"
    assert not any(
        "A private change" in str(content)
        for content in practice.revisions.values_list("content", flat=True)
    )
    Document = get_document_model()
    assert Document.objects.filter(title="Women mediators of Wajir (1)").exists()
    assert not Document.objects.filter(title="A private change in review (2)").exists()
