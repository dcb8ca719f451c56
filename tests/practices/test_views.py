import re

import pytest

from tests.factories import (
    OrganisationFactory,
    PracticePageFactory,
    ProvisionFactory,
    draft,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def provision(framework_index):
    return ProvisionFactory(code="2.3", text="Support women's local peace committees.")


def test_practice_page_shows_its_content_and_links(client, practice_index, provision):
    organisation = OrganisationFactory(name="Isiolo Women Peace Forum")
    practice = PracticePageFactory(
        title="Women peace forum in Isiolo",
        countries=["KE"],
        organisations=[organisation],
        location="Isiolo",
        provisions=[(provision, "implements")],
        start_year=2012,
        sources="https://example.org/isiolo-report",
    )
    response = client.get(practice.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Women peace forum in Isiolo</h1>" in html
    assert "Isiolo Women Peace Forum" in html
    assert '<a href="/countries/KE/">Kenya</a> (Isiolo)' in html
    assert "Africa" in html
    assert "2012–ongoing" in html
    assert f'href="{provision.url}"' in html
    assert "Implements" in html
    assert '<a href="https://example.org/isiolo-report" rel="nofollow' in html


def test_private_contact_is_never_shown(client, practice_index):
    practice = PracticePageFactory(contact_name="Amina", contact_email="amina@example.org")
    html = client.get(practice.url).content.decode()
    assert "amina@example.org" not in html
    assert "Amina" not in html


def test_safety_options_hide_organisation_and_location(client, practice_index):
    organisation = OrganisationFactory(name="Hidden Defenders Collective")
    practice = PracticePageFactory(
        countries=["YE"],
        organisations=[organisation],
        location="Taiz",
        withhold_organisation=True,
        country_level_only=True,
    )
    for url in (practice.url, "/practices/", "/"):
        html = client.get(url).content.decode()
        assert "Hidden Defenders Collective" not in html, url
        assert "Taiz" not in html, url
    assert "Yemen" in client.get(practice.url).content.decode()


def test_listing_paginates_published_practices(client, practice_index, settings):
    settings.PRACTICES_PER_PAGE = 2
    titles = [PracticePageFactory(title=f"Practice number {n}").title for n in range(5)]
    first = client.get("/practices/").content.decode()
    assert "5 practices, page 1 of 3" in first
    assert first.count('class="card"') == 2
    third = client.get("/practices/?page=3").content.decode()
    assert third.count('class="card"') == 1
    seen = set()
    for page in (1, 2, 3):
        html = client.get(f"/practices/?page={page}").content.decode()
        seen |= {t for t in titles if t in html}
    assert seen == set(titles)
    # Out-of-range and junk page numbers fall back to a real page instead of failing.
    assert client.get("/practices/?page=999").status_code == 200
    assert client.get("/practices/?page=abc").status_code == 200


def test_drafts_are_invisible_to_the_public(client, practice_index, provision):
    PracticePageFactory(title="Published mediation practice")
    hidden = draft(
        PracticePageFactory(title="Secret draft practice", provisions=[(provision, "implements")])
    )
    assert client.get(hidden.url or f"/practices/{hidden.slug}/").status_code == 404
    for url in ("/", "/practices/", provision.framework.url, provision.url):
        html = client.get(url).content.decode()
        assert "Secret draft practice" not in html, url
    assert "Published mediation practice" in client.get("/practices/").content.decode()
    home = client.get("/").content.decode()
    assert re.search(r'<span class="count">1</span> good practices', home)


def test_sitemap_lists_published_pages_only(client, practice_index):
    published = PracticePageFactory(title="On the map")
    hidden = draft(PracticePageFactory(title="Not on the map"))
    xml = client.get("/sitemap.xml").content.decode()
    assert f"/practices/{published.slug}/" in xml
    assert f"/practices/{hidden.slug}/" not in xml


def test_practice_page_links_its_vocabulary_to_the_filtered_listing(client, practice_index):
    from urllib.parse import parse_qsl, urlsplit

    practice = PracticePageFactory(
        title="Peace huts in Liberia",
        countries=["LR"],
        agendas=["WPS"],
        level="national",
        themes=["early warning", "mediation"],
    )
    PracticePageFactory(title="Youth radio in Yemen", countries=["YE"], agendas=["YPS"], pillars=[])
    html = client.get(practice.url).content.decode()
    facts = html.split('<dl class="facts">')[1].split("</dl>")[0]
    links = [
        parse_qsl(urlsplit(href.replace("&amp;", "&")).query)[0]
        for href in re.findall(r'href="(/practices/\?[^"]+)"', facts)
    ]
    assert sorted(links) == sorted(
        [
            ("country", "LR"),
            ("region", "africa"),
            ("level", "national"),
            ("agenda", "WPS"),
            ("pillar", "participation"),
            ("pillar", "prevention"),
            ("theme", "early warning"),
            ("theme", "mediation"),
        ]
    )
    for name, value in links:  # each leads to a listing filtered by it that holds the practice
        response = client.get("/practices/", {name: value})
        listing = response.context["search"]
        assert listing["query"].filters == {name: (value,)}
        assert [hit.practice.pk for hit in listing["results"].hits] == [practice.pk]
