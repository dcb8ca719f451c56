"""The "looks like an existing practice" warning (members/practice_forms.py similar_practices)
must only name practices the member may see: published ones (and their own)."""

from django.contrib.messages import get_messages

import pytest

from practices.models import PracticePage
from tests.factories import OrganisationFactory, PracticePageFactory

from .helpers import logged_in, post_form, submit_new

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Quokka secret listening circles"


def warnings_of(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_warning_does_not_reveal_another_members_unpublished_draft_title(
    member_client, other_member, practice_index
):
    organisation = OrganisationFactory(name="Wajir Women for Peace", publicly_known=True)
    # Member A's draft (never published), in Kenya, by this organisation.
    submit_new(member_client, title=SECRET_TITLE, organisations=[organisation.pk], action="save")
    assert not PracticePage.objects.get(title=SECRET_TITLE).live

    # Member B types the same organisation and country: the warning names A's draft.
    response = post_form(
        logged_in(other_member), title="Something else", organisations=[organisation.pk]
    )
    assert response.status_code == 302
    assert SECRET_TITLE not in warnings_of(response)


def test_warning_does_not_confirm_an_unpublished_title(member_client, other_member, practice_index):
    submit_new(member_client, title=SECRET_TITLE, action="submit")
    response = post_form(logged_in(other_member), title=SECRET_TITLE.upper())
    assert "looks like an existing practice" not in warnings_of(response)


def test_warning_does_not_reveal_a_withheld_organisation(other_member, practice_index):
    """A published practice whose organisation is withheld: the public must never learn that
    this organisation ran it. Member B probes organisation by organisation."""
    organisation = OrganisationFactory(name="Safe-house network")
    PracticePageFactory(
        title="Shelter for threatened mediators",
        organisations=[organisation],
        countries=["KE"],
        withhold_organisation=True,
    )
    response = post_form(logged_in(other_member), title="Probe", organisations=[organisation.pk])
    assert "Shelter for threatened mediators" not in warnings_of(response)
