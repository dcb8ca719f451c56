"""Organisations' public pages at /organisations/<id>/: only for organisations whose name the
public may see, with their public practices and joint actions only."""

import pytest

from actions.models import JointActionCountry, Participation
from tests.factories import (
    JointActionPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    draft,
)

pytestmark = pytest.mark.django_db


def test_page_shows_public_practices_and_joint_actions_only(client, home_page):
    organisation = OrganisationFactory(
        name="Marsabit Women Mediators", network_type="mediators", parent_organisation="FemWise"
    )
    shown = PracticePageFactory(
        title="Grazing disputes settled", organisations=[organisation], countries=["KE"]
    )
    PracticePageFactory(
        title="Safe houses",
        organisations=[organisation],
        withhold_organisation=True,
        countries=["SO"],
    )
    draft(PracticePageFactory(title="In review", organisations=[organisation], countries=["UG"]))
    led = JointActionPageFactory(title="Collect local plans", lead_organisation=organisation)
    JointActionCountry.objects.create(action=led, country="ET")
    joined = JointActionPageFactory(title="Mediators' exchange")
    Participation.objects.create(action=joined, organisation=organisation)
    unpublished = JointActionPageFactory(title="Unpublished action", live=False)
    Participation.objects.create(action=unpublished, organisation=organisation)

    response = client.get(f"/organisations/{organisation.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Marsabit Women Mediators</h1>" in html
    assert "Women mediators&#x27; network" in html and "FemWise" in html
    assert f'href="{shown.url}"' in html
    assert f'href="{led.url}"' in html and f'href="{joined.url}"' in html
    for hidden in ("Safe houses", "In review", "Unpublished action", "Somalia", "Uganda"):
        assert hidden not in html
    # Where it works: the countries of its public practices and joint actions.
    assert 'href="/countries/KE/">Kenya</a>' in html
    assert 'href="/countries/ET/">Ethiopia</a>' in html

    # The practice page links to it.
    assert (
        f'href="/organisations/{organisation.pk}/">Marsabit'
        in client.get(shown.url).content.decode()
    )


def test_withheld_unconfirmed_and_unknown_organisations_have_no_page(client, home_page):
    withheld = OrganisationFactory(name="Secret Shelter Collective")
    PracticePageFactory(organisations=[withheld], withhold_organisation=True)
    proposed = OrganisationFactory(name="Proposed by a member", confirmed=False)
    PracticePageFactory(organisations=[proposed])
    only_drafts = OrganisationFactory(name="Named by a draft only")
    draft(PracticePageFactory(organisations=[only_drafts]))
    for organisation in (withheld, proposed, only_drafts):
        assert client.get(f"/organisations/{organisation.pk}/").status_code == 404
    assert client.get("/organisations/999999999999999999/").status_code == 404
    assert client.get("/organisations/99999999999999999999999/").status_code == 404
    assert client.get("/organisations/abc/").status_code == 404

    sitemap = client.get("/sitemap.xml").content.decode()
    for organisation in (withheld, proposed, only_drafts):
        assert f"/organisations/{organisation.pk}/<" not in sitemap


def test_publicly_known_network_is_listed_with_where_it_works(client, home_page):
    network = OrganisationFactory(
        name="FemWise-West Africa", publicly_known=True, region="ECOWAS member states"
    )
    private = OrganisationFactory(name="Local group", region="Behind the old mission")
    PracticePageFactory(organisations=[private])
    html = client.get(f"/organisations/{network.pk}/").content.decode()
    assert "ECOWAS member states" in html and "None published yet." in html
    assert (
        "Behind the old mission" not in client.get(f"/organisations/{private.pk}/").content.decode()
    )
    assert f"/organisations/{network.pk}/</loc>" in client.get("/sitemap.xml").content.decode()
