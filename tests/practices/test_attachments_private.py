"""A member's private attachment cannot be fetched by its file's address, only through
Wagtail's /documents/ view, which checks the private collection (practices.documents)."""

import importlib.util
import re
import sys

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Collection

import pytest

from practices.models import PracticePage
from tests.factories import UserFactory, administrator, editor
from tests.files import pdf_bytes, stored_bytes
from tests.members.conftest import practice_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

PDF = pdf_bytes()
# documents/<token>/<original name>; 32 random bytes make 43 URL-safe characters.
TOKEN_PATH = re.compile(r"^documents/(?P<token>[A-Za-z0-9_-]{43,})/(?P<name>[^/]+)$")


@pytest.fixture
def member(db):
    return UserFactory(username="attaching-member", email="attaching@example.org")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def submit_with_attachment(client, name="report.pdf"):
    form_token = client.get("/practices/submit/").context["form_token"]
    upload = SimpleUploadedFile(name, PDF, "application/pdf")
    response = client.post(
        "/practices/submit/", practice_data(form_token=form_token, attachments=upload)
    )
    assert response.status_code == 302
    practice = PracticePage.objects.get()
    return practice, practice.attachments.get().document


@pytest.fixture
def development_urls(settings):
    """kb.urls as `runserver` builds it (DEBUG on), loaded as a separate module so that the
    tests' own URLconf is left alone."""
    settings.DEBUG = True
    spec = importlib.util.spec_from_file_location("kb_urls_debug", sys.modules["kb.urls"].__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules[spec.name] = module
    settings.DEBUG = False
    settings.ROOT_URLCONF = spec.name
    yield module
    del sys.modules[spec.name]


def test_member_attachment_is_stored_under_a_random_directory(
    member_client, practice_index, media_root
):
    practice, document = submit_with_attachment(member_client)
    match = TOKEN_PATH.match(document.file.name)
    assert match, document.file.name
    assert match["name"] == "women-mediators-of-wajir-1.pdf"
    assert (media_root / document.file.name).read_bytes().startswith(b"%PDF-")
    # Downloads are named after the practice, and the link does not show where it is stored.
    assert document.filename == "women-mediators-of-wajir-1.pdf"
    assert document.url == f"/documents/{document.pk}/women-mediators-of-wajir-1.pdf"
    assert match["token"] not in document.url


def test_two_uploads_of_the_same_name_get_different_directories(db, media_root):
    Document = get_document_model()
    first, second = (
        Document.objects.create(title=f"Report {n}", file=SimpleUploadedFile("report.pdf", PDF))
        for n in (1, 2)
    )
    first_match = TOKEN_PATH.match(first.file.name)
    second_match = TOKEN_PATH.match(second.file.name)
    assert first_match and second_match
    assert first_match["token"] != second_match["token"]
    assert first_match["name"] == second_match["name"] == "report.pdf"


def test_a_file_already_stored_keeps_its_name(db, media_root):
    Document = get_document_model()
    document = Document.objects.create(title="Report", file=SimpleUploadedFile("report.pdf", PDF))
    stored = document.file.name
    document.title = "Annual report"
    document.save()
    document.refresh_from_db()
    assert document.file.name == stored


def test_admin_upload_is_stored_under_a_random_directory(client, home_page, media_root):
    client.force_login(administrator())
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Network annual report",
            "file": SimpleUploadedFile("annual-report.pdf", PDF, "application/pdf"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302
    document = get_document_model().objects.get(title="Network annual report")
    match = TOKEN_PATH.match(document.file.name)
    assert match, document.file.name
    assert match["name"] == "annual-report.pdf"


def test_development_server_does_not_serve_documents_from_media(
    client, member_client, practice_index, media_root, development_urls
):
    practice, document = submit_with_attachment(member_client)
    assert document.collection.name == "Submissions (private)"
    client.logout()
    # Other uploads (images, renditions) are served under /media/ in development ...
    (media_root / "images").mkdir(parents=True)
    (media_root / "images" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert client.get("/media/images/map.png").status_code == 200
    # ... the draft's attachment is not, however its path is written.
    name = document.file.name
    for url in (
        f"/media/{name}",
        f"/media/./{name}",
        f"/media//{name}",
        f"/media/images/../{name}",
        "/media/documents/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert stored_bytes(document) not in b"".join(
            getattr(response, "streaming_content", [response.content])
        )


def test_draft_attachment_is_refused_to_the_public_and_other_members(
    client, member_client, practice_index
):
    practice, document = submit_with_attachment(member_client)
    client.logout()
    response = client.get(document.url)
    # Wagtail's view sends visitors who may not see the private collection to its log-in page.
    assert response.status_code == 302
    assert "/login/?next=" in response["Location"]

    # Signed in, the sign-in page would send them straight back: refused.
    client.force_login(UserFactory(username="someone-else"))
    assert client.get(document.url).status_code == 403


def test_draft_attachment_is_served_to_editors(client, member_client, practice_index):
    practice, document = submit_with_attachment(member_client)
    client.force_login(editor("attachment-editor"))
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored_bytes(document)


def test_published_attachment_is_served_through_documents_only(
    client, member_client, practice_index, development_urls
):
    practice, document = submit_with_attachment(member_client)
    practice.save_revision(user=editor("publishing-editor")).publish()
    document.refresh_from_db()
    assert document.collection.name == "Root"
    client.logout()
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored_bytes(document)
    assert "women-mediators-of-wajir-1.pdf" in response["Content-Disposition"]
    assert client.get(f"/media/{document.file.name}").status_code == 404
    # The public page links the document by Wagtail's view, never by its stored path.
    html = client.get(practice.url).content.decode()
    assert f'href="{document.url}"' in html
    assert TOKEN_PATH.match(document.file.name)["token"] not in html
