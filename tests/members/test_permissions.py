"""Permission matrix: who sees and does what with a member's unpublished submission.

Actors: anonymous visitor, member A (the submitter), member B, editor, administrator.
"""

import pytest

from practices.models import PracticePage
from tests.factories import PracticePageFactory, UserFactory, administrator, editor

from .conftest import practice_data

pytestmark = pytest.mark.django_db

TITLE = "Quokkaville listening circles"
THEME = "zebrafinch theme"
CONTACT = "hidden-contact@example.org"
PUBLIC_SURFACES = [
    "/practices/",
    "/practices/?q=Quokkaville",
    "/search/?q=Quokkaville",
    "/api/v1/practices/",
    "/api/v1/practices/?q=Quokkaville",
    "/practices/feed/",
    "/practices/export.csv",
    "/practices/export.csv?q=Quokkaville",
    "/sitemap.xml",
]


@pytest.fixture
def actors(db):
    return {
        "anonymous": None,
        "member_a": UserFactory(username="member-a", email="a@example.org"),
        "member_b": UserFactory(username="member-b", email="b@example.org"),
        "editor": editor("editor-1"),
        "admin": administrator("admin-1"),
    }


@pytest.fixture
def submitted(client, actors, practice_index):
    PracticePageFactory(title="A published neighbour", slug="published-neighbour")
    client.force_login(actors["member_a"])
    token = client.get("/practices/submit/").context["form_token"]
    data = practice_data(
        title=TITLE, other_themes=THEME, contact_email=CONTACT, form_token=token, action="submit"
    )
    assert client.post("/practices/submit/", data).status_code == 302
    client.logout()
    return PracticePage.objects.get(title=TITLE)


def text(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def login(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)


EXPECTED = {
    # actor: (preview, member edit form, admin edit, admin view draft)
    "anonymous": (302, 302, 302, 302),
    "member_a": (200, 200, 302, 302),
    "member_b": (404, 404, 302, 302),
    "editor": (404, 404, 200, 200),
    "admin": (404, 404, 200, 200),
}


@pytest.mark.parametrize("actor", list(EXPECTED))
def test_view_and_edit(client, actors, submitted, actor):
    login(client, actors[actor])
    pk = submitted.pk
    urls = [
        f"/my/submissions/{pk}/preview/",
        f"/my/submissions/{pk}/edit/",
        f"/admin/pages/{pk}/edit/",
        f"/admin/pages/{pk}/view_draft/",
    ]
    got = tuple(client.get(url).status_code for url in urls)
    assert got == EXPECTED[actor]


@pytest.mark.parametrize("actor", list(EXPECTED))
def test_submit_someone_elses_practice(client, actors, submitted, actor):
    login(client, actors[actor])
    url = f"/my/submissions/{submitted.pk}/edit/"
    # With the revision the form was loaded from, so that only who may save is tested here.
    base = {"base_revision": str(submitted.latest_revision_id)}
    response = client.post(url, practice_data(title="Hijacked", action="submit", **base))
    assert response.status_code in {302, 404} if actor != "member_a" else True
    submitted.refresh_from_db()
    latest = submitted.get_latest_revision_as_object()
    if actor == "member_a":
        assert latest.title == "Hijacked"
    else:
        assert latest.title == TITLE
        if actor == "anonymous":
            assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("actor", list(EXPECTED))
def test_approve(actors, submitted, actor):
    task_state = submitted.current_workflow_state.current_task_state.specific
    user = actors[actor]
    can = bool(user is not None and task_state.task.specific.get_actions(submitted, user))
    assert can is (actor in {"editor", "admin"})


@pytest.mark.parametrize("actor", list(EXPECTED))
def test_contact_address(client, actors, submitted, actor):
    login(client, actors[actor])
    pages = [
        client.get(f"/my/submissions/{submitted.pk}/edit/"),
        client.get(f"/admin/pages/{submitted.pk}/edit/"),
    ]
    seen = any(CONTACT in p.content.decode() for p in pages if p.status_code == 200)
    assert seen is (actor in {"member_a", "editor", "admin"})


@pytest.mark.parametrize("actor", list(EXPECTED))
def test_unpublished_is_on_no_public_surface(client, actors, submitted, actor):
    """Listings, search, facet counts (the API's facets), the API, feed, CSV and sitemap."""
    login(client, actors[actor])
    for url in PUBLIC_SURFACES:
        response = client.get(url)
        assert response.status_code == 200, url
        body = text(response)
        if "q=" not in url:
            # The surface lists published practices (so the absence below means something).
            assert "published neighbour" in body or "published-neighbour" in body, url
        assert TITLE not in body, url
        assert "listening circles" not in body, url
        assert "zebrafinch" not in body, url
        assert CONTACT not in body, url


def test_published_practice_hides_contact_everywhere(client, actors, submitted):
    task_state = submitted.current_workflow_state.current_task_state
    task_state.approve(user=actors["editor"])
    submitted.refresh_from_db()
    assert submitted.live
    for url in PUBLIC_SURFACES + [submitted.url, f"/api/v1/practices/{submitted.pk}/"]:
        assert CONTACT not in text(client.get(url)), url
    assert TITLE in client.get("/api/v1/practices/").content.decode()


FILE_EXPECTED = {
    # actor: (the file at /documents/, the member's own download route)
    "anonymous": (302, 302),
    "member_a": (403, 200),
    "member_b": (403, 404),
    "editor": (200, 404),
    "admin": (200, 404),
}


@pytest.mark.parametrize("actor", list(FILE_EXPECTED))
def test_the_attachment_of_a_submission(client, actors, practice_index, actor):
    """A submission's file: editors open it, its member downloads it from their form, nobody
    else gets it, and a signed-in member who may not see it is refused, not sent round to sign
    in again."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.files import pdf_bytes

    client.force_login(actors["member_a"])
    upload = SimpleUploadedFile("field-visit.pdf", pdf_bytes(), "application/pdf")
    token = client.get("/practices/submit/").context["form_token"]
    data = practice_data(title=TITLE, form_token=token, attachments=upload, action="submit")
    assert client.post("/practices/submit/", data).status_code == 302
    practice = PracticePage.objects.get(title=TITLE)
    document = practice.attachments.get().document
    login(client, actors[actor])
    got = (
        client.get(document.url).status_code,
        client.get(f"/my/submissions/{practice.pk}/attachments/{document.pk}/").status_code,
    )
    assert got == FILE_EXPECTED[actor]
