"""My account: its saves are rate limited like the registry's other forms, and saving the same
organisation again keeps the editors' confirmation; only a real change withdraws it."""

from django.conf import settings as base_settings

import pytest

from practices.models import Organisation, OrganisationMembership
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_account_saves_are_limited_and_nothing_typed_is_lost(
    member_client, settings, practice_index
):
    settings.KB_RATE_LIMITS = {**settings.KB_RATE_LIMITS, "account": "3/h"}
    for n in range(3):
        response = member_client.post(
            "/my/account/", {"display_name": "Amina", "new_organisation": f"Forum {n}"}
        )
        assert response.status_code == 302
    refused = member_client.post(
        "/my/account/", {"display_name": "Amina", "new_organisation": "One Too Many Forum"}
    )
    assert refused.status_code == 429
    html = refused.content.decode()
    assert 'value="One Too Many Forum"' in html
    assert "Too many" in html
    assert not Organisation.objects.filter(name="One Too Many Forum").exists()


def test_the_account_limit_has_a_default():
    assert base_settings.KB_RATE_LIMITS.get("account")


@pytest.fixture
def confirmed_membership(member, practice_index):
    organisation = OrganisationFactory(name="Isiolo Women Peace Forum", publicly_known=True)
    return OrganisationMembership.objects.create(
        user=member, organisation=organisation, confirmed=True
    )


@pytest.mark.parametrize("how", ["chosen", "proposed by name"])
def test_saving_the_same_organisation_keeps_the_confirmation(
    member_client, confirmed_membership, how
):
    organisation = confirmed_membership.organisation
    data = (
        {"organisation": str(organisation.pk)}
        if how == "chosen"
        else {"new_organisation": organisation.name.upper()}
    )
    data["display_name"] = "Amina"
    assert member_client.post("/my/account/", data).status_code == 302
    confirmed_membership.refresh_from_db()
    assert confirmed_membership.organisation == organisation
    assert confirmed_membership.confirmed


def test_changing_the_organisation_withdraws_the_confirmation(member_client, confirmed_membership):
    other = OrganisationFactory(name="Garissa Women Forum", publicly_known=True)
    member_client.post("/my/account/", {"display_name": "Amina", "organisation": str(other.pk)})
    confirmed_membership.refresh_from_db()
    assert confirmed_membership.organisation == other
    assert not confirmed_membership.confirmed
