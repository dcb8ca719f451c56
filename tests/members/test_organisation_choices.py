"""The organisation lists of the sign-up, account and submission forms name only organisations
that the public may know: never one whose every use is withheld, nor one that only drafts or
unconfirmed proposals name. A member's own organisation stays in their own lists."""

import pytest

from practices.models import Organisation, OrganisationMembership
from tests.factories import (
    JointActionPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    draft,
)

pytestmark = pytest.mark.django_db

FORMS = ["/accounts/signup/", "/my/account/", "/practices/submit/"]


@pytest.fixture
def organisations(practice_index):
    """One organisation for each way of being named, or not."""
    withheld = OrganisationFactory(name="Withheld Women Forum")
    PracticePageFactory(
        title="Withheld practice", withhold_organisation=True, organisations=[withheld]
    )
    in_draft = OrganisationFactory(name="Draft Only Network")
    draft(PracticePageFactory(title="Draft practice", organisations=[in_draft]))
    named = OrganisationFactory(name="Named Peace Forum")
    PracticePageFactory(title="Named practice", organisations=[named])
    OrganisationFactory(name="Imported Mediators Network", publicly_known=True)
    OrganisationFactory(name="Proposed Unchecked Group", confirmed=False, publicly_known=True)
    return {"withheld": withheld, "named": named}


def choices_on(client, url):
    response = client.get(url)
    assert response.status_code == 200
    field = "organisations" if url == "/practices/submit/" else "organisation"
    return {label for _, label in response.context["form"].fields[field].choices if _}


@pytest.mark.parametrize("url", FORMS)
def test_forms_list_only_organisations_named_in_public(client, member, organisations, url):
    if url != "/accounts/signup/":
        client.force_login(member)
    listed = choices_on(client, url)
    assert listed == {"Named Peace Forum", "Imported Mediators Network"}
    html = client.get(url).content.decode()
    assert "Withheld Women Forum" not in html and "Draft Only Network" not in html


@pytest.mark.parametrize("url", FORMS[1:])
def test_a_members_own_withheld_organisation_stays_in_their_lists(
    client, member, organisations, url
):
    OrganisationMembership.objects.create(
        user=member, organisation=organisations["withheld"], confirmed=True
    )
    client.force_login(member)
    assert "Withheld Women Forum" in choices_on(client, url)


def test_an_organisation_a_public_joint_action_names_is_listed(client, practice_index):
    lead = OrganisationFactory(name="Lead Of The Action")
    JointActionPageFactory(title="Collect local plans", lead_organisation=lead)
    unpublished = OrganisationFactory(name="Lead Of A Draft Action")
    JointActionPageFactory(title="Not yet agreed", lead_organisation=unpublished, live=False)
    listed = choices_on(client, "/accounts/signup/")
    assert "Lead Of The Action" in listed and "Lead Of A Draft Action" not in listed


def test_a_withheld_organisation_cannot_be_chosen_by_its_key(client, organisations):
    client.post(
        "/accounts/signup/",
        {
            "email": "guess@example.org",
            "display_name": "Guess",
            "password1": "a-long-and-unusual-password",
            "password2": "a-long-and-unusual-password",
            "organisation": str(organisations["withheld"].pk),
        },
    )
    assert not OrganisationMembership.objects.filter(
        user__email="guess@example.org", organisation=organisations["withheld"]
    ).exists()


def test_publicly_named_is_the_one_rule(organisations):
    assert set(Organisation.objects.publicly_named().values_list("name", flat=True)) == {
        "Named Peace Forum",
        "Imported Mediators Network",
    }
