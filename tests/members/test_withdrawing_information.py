"""A member who takes information back from a published practice (the organisations' names, the
place below country level, a file, an organisation) is protected at once: the live version
changes without waiting for review, recorded as a revision. Everything else they changed waits
for the editors as before."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wagtail.documents import get_document_model
from wagtail.models import PageLogEntry

import pytest

from practices.models import OrganisationMembership, PracticePage
from practices.submission import Status, status_of
from tests.factories import OrganisationFactory
from tests.files import pdf_bytes
from tests.utils import after_commit

from .helpers import edit, submit_new, task_state_of

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()
ORGANISATION = "Wajir Women for Peace"
PLACE = "Eldas ward, Wajir"


@pytest.fixture
def published(member, member_client, an_editor, practice_index):
    # The member's own organisation (a member may name it, confirmed or not).
    organisation = OrganisationFactory(name=ORGANISATION)
    OrganisationMembership.objects.create(user=member, organisation=organisation, confirmed=True)
    practice = submit_new(
        member_client, organisations=[str(organisation.pk)], location=PLACE, action="submit"
    )
    with after_commit():
        task_state_of(practice).approve(user=an_editor)
    practice = PracticePage.objects.get(pk=practice.pk)
    assert practice.live
    public = every_public_surface(practice)
    assert ORGANISATION in public and PLACE in public
    return practice


def change(client, practice, **overrides):
    """The member's form sent again with what it held (the organisation, the place), changed
    by ``overrides``."""
    organisation = PracticePage.objects.get(pk=practice.pk).organisations[0]
    overrides.setdefault("organisations", [str(organisation.pk)])
    overrides.setdefault("location", PLACE)
    return edit(client, practice, **overrides)


def every_public_surface(practice):
    client = Client()
    bodies = [
        client.get(practice.url),
        client.get(f"/api/v1/practices/{practice.pk}/"),
        client.get("/api/v1/practices/"),
        client.get("/practices/export.csv"),
        client.get("/practices/feed/"),
        client.get("/practices/", {"q": "Wajir"}),
    ]
    for response in bodies:
        assert response.status_code == 200, response.request
    return "\n".join(b"".join(r).decode() for r in bodies)


def test_withholding_the_organisations_takes_effect_before_review(member_client, published):
    change(member_client, published, withhold_organisation="on", action="save")
    assert ORGANISATION not in every_public_surface(published)


def test_country_only_takes_effect_before_review(member_client, published):
    change(member_client, published, country_level_only="on", action="save")
    public = every_public_surface(published)
    assert PLACE not in public
    assert ORGANISATION in public  # nothing else was taken back


def test_emptying_the_location_takes_it_off_at_once(member_client, published):
    change(member_client, published, location="", action="save")
    assert PLACE not in every_public_surface(published)


def test_removing_an_organisation_takes_it_off_at_once(member_client, published):
    change(member_client, published, organisations=[], action="save")
    assert ORGANISATION not in every_public_surface(published)


def test_other_changes_still_wait_for_review(member_client, published):
    change(
        member_client,
        published,
        title="A title nobody has reviewed",
        withhold_organisation="on",
        action="submit",
    )
    public = every_public_surface(published)
    assert ORGANISATION not in public
    assert "A title nobody has reviewed" not in public
    practice = PracticePage.objects.get(pk=published.pk)
    assert practice.live and practice.has_unpublished_changes
    assert practice.get_latest_revision_as_object().title == "A title nobody has reviewed"
    # The review goes on with the member's whole new version.
    assert status_of(practice)[0] == Status.IN_REVIEW


def test_the_withdrawal_is_a_revision_in_the_history(member_client, member, published):
    before = published.revisions.count()
    change(member_client, published, withhold_organisation="on", action="save")
    practice = PracticePage.objects.get(pk=published.pk)
    live = practice.live_revision
    assert live.user == member
    assert live.as_object().withhold_organisation is True
    # The withdrawal, then the member's draft of the rest.
    assert practice.revisions.count() == before + 2
    entry = PageLogEntry.objects.filter(page=practice, action="practices.withdraw").get()
    assert entry.user == member and entry.revision_id == live.pk


def test_approving_later_keeps_the_withdrawal(member_client, an_editor, published):
    change(member_client, published, withhold_organisation="on", action="submit")
    with after_commit():
        task_state_of(published).approve(user=an_editor)
    assert ORGANISATION not in every_public_surface(published)


def test_nothing_to_withdraw_leaves_the_live_version_alone(member_client, published):
    live_before = PracticePage.objects.get(pk=published.pk).live_revision_id
    change(member_client, published, title="Only a new title", action="save")
    practice = PracticePage.objects.get(pk=published.pk)
    assert practice.live_revision_id == live_before
    assert practice.title != "Only a new title"


def test_a_removed_file_is_no_longer_served(member_client, an_editor, practice_index):
    upload = SimpleUploadedFile("report.pdf", PDF, "application/pdf")
    practice = submit_new(member_client, attachments=upload)
    with after_commit():
        task_state_of(practice).approve(user=an_editor)
    document = get_document_model().objects.get()
    assert Client().get(document.url).status_code == 200

    edit(member_client, practice, remove_attachments=[str(document.pk)], action="save")
    assert Client().get(document.url).status_code != 200
    page = Client().get(PracticePage.objects.get(pk=practice.pk).url)
    assert document.title not in page.content.decode()


def test_withdrawing_works_over_text_stored_before_todays_checks(member_client, published):
    """A published description holding a control character (stored before the forms refused
    them) must not stop a member from withholding the names: no server error, and done."""
    PracticePage.objects.filter(pk=published.pk).update(description="Old text\x01 from an import")
    response = change(member_client, published, withhold_organisation="on", action="save")
    assert response.status_code == 302
    assert ORGANISATION not in every_public_surface(published)
