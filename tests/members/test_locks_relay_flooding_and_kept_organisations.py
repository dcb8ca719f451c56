"""More promises of the contribution loop: an editor's lock holds against the member's form;
one contact cannot be flooded through the relay by many senders; organisations an editor added
survive the member's next save."""

from django.core import mail
from django.test import Client

import pytest

from practices.models import PracticeOrganisation, PracticePage
from tests.factories import OrganisationFactory, PracticePageFactory
from tests.utils import after_commit

from .helpers import edit, submit_new

pytestmark = pytest.mark.django_db


def test_an_editors_lock_holds_against_the_members_form(member_client, an_editor, practice_index):
    practice = submit_new(member_client, action="save")
    PracticePage.objects.filter(pk=practice.pk).update(locked=True, locked_by=an_editor)
    response = edit(member_client, practice, title="Saved over the editor's work")
    assert response.status_code == 409
    html = response.content.decode()
    assert "An editor is working on this practice" in html
    assert "Saved over the editor&#x27;s work" in html or "Saved over the editor's work" in html
    latest = PracticePage.objects.get(pk=practice.pk).get_latest_revision_as_object()
    assert latest.title == "Women mediators of Wajir"


def test_many_senders_cannot_flood_one_contact(settings, practice_index):
    settings.KB_RATE_LIMITS = {"relay": "5/h", "relay-to": "3/d"}
    practice = PracticePageFactory(contact_email="contact@example.org")
    message = {"name": "Visitor", "email": "v@example.org", "message": "Hello"}
    codes = []
    for number in range(4):
        client = Client(REMOTE_ADDR=f"203.0.113.{number + 1}")
        with after_commit():
            codes.append(client.post(f"/contact/practice/{practice.pk}/", message).status_code)
    assert codes == [302, 302, 302, 429]
    assert len(mail.outbox) == 3


def test_an_organisation_an_editor_added_survives_the_members_save(
    member_client, an_editor, practice_index
):
    practice = submit_new(member_client, action="save")
    unconfirmed = OrganisationFactory(name="Garissa Women Forum", confirmed=False)
    page = PracticePage.objects.get(pk=practice.pk)
    page.practice_organisations = [PracticeOrganisation(organisation=unconfirmed)]
    page.save()
    page.save_revision(user=an_editor)
    edit(member_client, practice, organisations=[unconfirmed.pk], location="Garissa")
    latest = PracticePage.objects.get(pk=practice.pk).get_latest_revision_as_object()
    assert latest.location == "Garissa"
    assert [o.name for o in latest.organisations] == ["Garissa Women Forum"]
    # Other unconfirmed organisations are still not offered.
    other = OrganisationFactory(name="Not yet checked", confirmed=False)
    response = edit(member_client, practice, organisations=[other.pk])
    assert response.status_code == 400
