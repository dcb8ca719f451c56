"""A member's attachments: part of the revision (a published practice shows a new file only when
the editors approve it), downloadable by the member, removable; never visible to others before
they are published."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wagtail.documents import get_document_model

import pytest

from practices.models import PracticePage
from tests.files import pdf_bytes, stored_bytes
from tests.utils import after_commit

from .conftest import practice_data
from .helpers import form_state

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()


def post(client, url, **data):
    state = form_state(client, url)
    with after_commit():
        return client.post(url, practice_data(**{**state, **data}))


def pdf(name="report.pdf"):
    return SimpleUploadedFile(name, PDF, "application/pdf")


def approve(practice, user):
    with after_commit():
        practice.current_workflow_state.current_task_state.approve(user=user)
    practice.refresh_from_db()


def edit_url(practice):
    return f"/my/submissions/{practice.pk}/edit/"


def test_a_new_file_on_a_published_practice_waits_for_the_editors(
    member_client, an_editor, practice_index
):
    post(member_client, "/practices/submit/", action="submit")
    practice = PracticePage.objects.get()
    approve(practice, an_editor)

    post(
        member_client,
        edit_url(practice),
        attachments=pdf("names-of-participants.pdf"),
        action="submit",
    )
    practice.refresh_from_db()
    public = Client()
    assert "names-of-participants" not in public.get(practice.url).content.decode()
    assert practice.attachments.count() == 0
    latest = practice.get_latest_revision_as_object()
    assert [a.document.title for a in latest.attachments.all()] == ["Women mediators of Wajir (1)"]

    approve(practice, an_editor)
    html = public.get(practice.url).content.decode()
    assert "Women mediators of Wajir (1)" in html
    assert "names-of-participants" not in html
    document = practice.attachments.get().document
    assert public.get(document.url).status_code == 200


def test_the_member_downloads_their_own_unpublished_file(
    member_client, other_member, practice_index
):
    post(member_client, "/practices/submit/", attachments=pdf())
    practice = PracticePage.objects.get()
    document = practice.attachments.get().document
    url = f"/my/submissions/{practice.pk}/attachments/{document.pk}/"
    assert url in member_client.get(edit_url(practice)).content.decode()

    response = member_client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == stored_bytes(document)
    assert response["Cache-Control"] == "private, no-store"

    stranger = Client()
    assert stranger.get(url).status_code == 302
    stranger.force_login(other_member)
    assert stranger.get(url).status_code == 404
    other = get_document_model().objects.create(title="other", file=pdf("other.pdf"))
    assert (
        member_client.get(f"/my/submissions/{practice.pk}/attachments/{other.pk}/").status_code
        == 404
    )


def test_a_private_document_sends_visitors_to_the_members_log_in(
    client, member_client, practice_index
):
    post(member_client, "/practices/submit/", attachments=pdf())
    document = PracticePage.objects.get().attachments.get().document
    response = Client().get(document.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_removing_an_unpublished_file_deletes_it(member_client, practice_index):
    post(member_client, "/practices/submit/", attachments=pdf())
    practice = PracticePage.objects.get()
    document = practice.attachments.get().document
    post(member_client, edit_url(practice), remove_attachments=[str(document.pk)])
    practice.refresh_from_db()
    assert practice.attachments.count() == 0
    assert not practice.get_latest_revision_as_object().attachments.exists()
    assert not get_document_model().objects.filter(pk=document.pk).exists()


def test_removing_a_published_file_takes_it_offline_at_once(
    member_client, an_editor, practice_index
):
    """Taking information back does not wait for the editors (see test_withdrawing_information);
    the file, once published, is kept (private) for the practice's history."""
    post(member_client, "/practices/submit/", attachments=pdf(), action="submit")
    practice = PracticePage.objects.get()
    approve(practice, an_editor)
    document = practice.attachments.get().document
    assert document.title in Client().get(practice.url).content.decode()

    post(member_client, edit_url(practice), remove_attachments=[str(document.pk)], action="submit")
    practice.refresh_from_db()
    assert document.title not in Client().get(practice.url).content.decode()
    assert get_document_model().objects.filter(pk=document.pk).exists()

    approve(practice, an_editor)
    assert document.title not in Client().get(practice.url).content.decode()
    assert get_document_model().objects.filter(pk=document.pk).exists()


def test_a_member_cannot_remove_a_file_of_another_practice(
    member_client, other_member, practice_index
):
    post(member_client, "/practices/submit/", attachments=pdf())
    practice = PracticePage.objects.get()
    document = practice.attachments.get().document
    other = Client()
    other.force_login(other_member)
    post(
        other, "/practices/submit/", title="Another practice", remove_attachments=[str(document.pk)]
    )
    assert get_document_model().objects.filter(pk=document.pk).exists()
    assert practice.attachments.count() == 1
