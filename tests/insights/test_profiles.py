"""Country profiles at /countries/<alpha-2>/, for countries with and without NAPs."""

import pytest

from actions.models import Participation
from core.vocabulary import FrameworkKind
from tests.factories import (
    FrameworkPageFactory,
    JointActionPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    draft,
)

pytestmark = pytest.mark.django_db


def counts_of(html):
    import re

    return {
        name.strip(): int(n)
        for n, name in re.findall(
            r'<li>(?:<a href="[^"]*">)?<span class="count">(\d+)</span> ([^<]+)(?:</a>)?</li>', html
        )
    }


def test_country_with_naps_shows_its_plans_by_generation_and_everything_linked(client, home_page):
    FrameworkPageFactory(
        title="Kenya NAP 2", country="KE", generation=2, start_year=2020, end_year=2024
    )
    FrameworkPageFactory(
        title="Kenya NAP 1", country="KE", generation=1, start_year=2016, end_year=2018
    )
    FrameworkPageFactory(title="Kenya draft NAP 3", country="KE", generation=3, live=False)
    FrameworkPageFactory(title="Uganda NAP", country="UG")
    FrameworkPageFactory(
        title="IGAD regional action plan",
        kind=FrameworkKind.RAP,
        country="",
        generation=None,
        organisation="Intergovernmental Authority on Development (IGAD)",
    )
    FrameworkPageFactory(
        title="ASEAN regional plan",
        kind=FrameworkKind.RAP,
        country="",
        generation=None,
        organisation="Association of Southeast Asian Nations (ASEAN)",
    )
    forum = OrganisationFactory(name="Isiolo Women Peace Forum")
    practice = PracticePageFactory(title="Isiolo forum", countries=["KE"], organisations=[forum])
    PracticePageFactory(
        title="Withheld practice",
        countries=["KE"],
        withhold_organisation=True,
        organisations=[OrganisationFactory(name="Secret organisation")],
    )
    hidden = PracticePageFactory(title="Practice in moderation", countries=["KE"])
    draft(hidden)
    action = JointActionPageFactory(title="Kenyan joint action", practices=[practice])
    Participation.objects.create(action=action, organisation=OrganisationFactory(name="Joiner"))

    response = client.get("/countries/KE/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Kenya</h1>" in html
    assert html.index("Kenya NAP 1") < html.index("Kenya NAP 2")
    assert "Generation 1" in html and "Generation 2" in html
    assert "Kenya draft NAP 3" not in html and "Uganda NAP" not in html
    assert "IGAD regional action plan" in html and "ASEAN regional plan" not in html
    assert "Isiolo forum" in html and "Withheld practice" in html
    assert "Practice in moderation" not in html
    assert "Isiolo Women Peace Forum" in html and "Joiner" in html
    assert "Secret organisation" not in html
    assert "Kenyan joint action" in html
    assert "Compare these plans side by side" in html
    assert counts_of(html) == {
        "National action plans": 2,
        "Other national and local frameworks": 0,
        "Regional frameworks covering it": 1,
        "Good practices": 2,
        "Organisations": 2,
        "Joint actions": 1,
    }


def test_country_without_a_nap_says_so(client, home_page):
    PracticePageFactory(title="Yemen water mediation", countries=["YE"])
    html = client.get("/countries/YE/").content.decode()
    assert "<h1>Yemen</h1>" in html
    assert "No national action plan of Yemen is known to the registry." in html
    assert "National action plan: No NAP known." in html
    assert "Yemen water mediation" in html
    assert counts_of(html)["National action plans"] == 0
    assert counts_of(html)["Good practices"] == 1


def test_profile_addresses(client, home_page):
    response = client.get("/countries/ke/")
    assert response.status_code == 301 and response["Location"] == "/countries/KE/"
    assert client.get("/countries/ZZ/").status_code == 404
    assert client.get("/countries/KEN/").status_code == 404
    assert client.get("/countries/FR/").status_code == 200  # every country has a profile


def test_profiles_are_reachable_from_practices_and_frameworks(client, home_page):
    framework = FrameworkPageFactory(country="KE")
    practice = PracticePageFactory(countries=["KE"])
    assert 'href="/countries/KE/"' in client.get(framework.url).content.decode()
    assert 'href="/countries/KE/"' in client.get(practice.url).content.decode()


def test_regional_framework_links_to_the_profiles_of_the_countries_it_covers(client, home_page):
    igad = FrameworkPageFactory(
        title="IGAD regional action plan",
        kind=FrameworkKind.RAP,
        country="",
        generation=None,
        organisation="Intergovernmental Authority on Development (IGAD)",
    )
    html = client.get(igad.url).content.decode()
    assert "Member states covered" in html
    assert 'href="/countries/KE/"' in html and 'href="/countries/DJ/"' in html
    assert 'href="/countries/NG/"' not in html


def test_counts_lead_to_the_filtered_listing_csv_and_feed(client, home_page):
    PracticePageFactory(title="Kenyan practice", countries=["KE"])
    PracticePageFactory(title="Ugandan practice", countries=["UG"])
    FrameworkPageFactory(title="Kenya NAP", country="KE")
    html = client.get("/countries/KE/").content.decode()
    assert (
        '<a href="/practices/?country=KE"><span class="count">1</span> Good practices</a>' in html
    )
    assert '<a href="/frameworks/?country=KE&amp;kind=nap"><span class="count">1</span>' in html
    assert '<a href="/actions/?country=KE"><span class="count">0</span> Joint actions' in html
    assert 'href="#other"' not in html  # no other framework, so no section to lead to
    assert 'href="/practices/export.csv?country=KE"' in html
    assert 'href="/practices/feed/?country=KE"' in html
    # The links lead where they say: the CSV and the feed hold Kenya's practice only.
    csv_text = client.get("/practices/export.csv?country=KE").getvalue().decode()
    assert "Kenyan practice" in csv_text and "Ugandan practice" not in csv_text
    feed = client.get("/practices/feed/?country=KE").content.decode()
    assert "Kenyan practice" in feed and "Ugandan practice" not in feed
    listing = client.get("/practices/?country=KE").content.decode()
    assert "Kenyan practice" in listing and "Ugandan practice" not in listing
