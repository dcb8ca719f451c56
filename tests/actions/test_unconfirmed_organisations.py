"""An organisation that a member proposed and no editor has confirmed is shown to nobody but the
editors and that member: not on joint actions, country profiles or practices, even once its
member has joined an action or named it on a published practice."""

import pytest

from actions.models import Participation
from tests.factories import (
    JointActionPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(home_page):
    return OrganisationFactory(name="Proposed Unchecked Group", confirmed=False)


def test_a_joined_unconfirmed_organisation_is_not_on_the_action_or_the_country(client, proposed):
    action = JointActionPageFactory(title="Collect local plans", countries=["KE"])
    client.force_login(member_of(proposed))
    assert client.post(action.url + "join/").status_code == 302
    assert Participation.objects.filter(organisation=proposed).exists()

    client.logout()
    for url in (action.url, "/actions/", "/countries/KE/", "/"):
        html = client.get(url).content.decode()
        assert "Proposed Unchecked Group" not in html, url


def test_an_unconfirmed_lead_is_not_shown(client, proposed):
    action = JointActionPageFactory(
        title="Collect local plans", countries=["KE"], lead_organisation=proposed
    )
    for url in (action.url, "/actions/", "/countries/KE/"):
        html = client.get(url).content.decode()
        assert "Proposed Unchecked Group" not in html, url
    assert "Not decided yet" in client.get(action.url).content.decode()


def test_an_unconfirmed_organisation_on_a_published_practice_is_not_named(client, proposed):
    practice = PracticePageFactory(title="Mediation", countries=["KE"], organisations=[proposed])
    for url in (practice.url, "/practices/", "/api/v1/practices/", "/countries/KE/"):
        html = client.get(url).content.decode()
        assert "Proposed Unchecked Group" not in html, url


def test_once_confirmed_it_is_shown(client, proposed):
    action = JointActionPageFactory(title="Collect local plans", countries=["KE"])
    Participation.objects.create(action=action, organisation=proposed)
    proposed.confirmed = True
    proposed.save()
    assert "Proposed Unchecked Group" in client.get(action.url).content.decode()
    assert "Proposed Unchecked Group" in client.get("/countries/KE/").content.decode()
