"""What a shared link previews (meta description, Open Graph and Twitter card tags), the
accessibility statement, and the footer's licence."""

import html as htmllib
import re

import pytest

from tests.factories import (
    EventPageFactory,
    FrameworkPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    ProvisionFactory,
)

pytestmark = pytest.mark.django_db


def meta_of(html):
    """{name or property: content} of the page's <meta> tags."""
    found = {}
    for key, content in re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)">', html):
        found[key] = htmllib.unescape(content)
    return found


def assert_shares(meta, title, description, url):
    assert meta["og:title"] == meta["twitter:title"] == title
    assert meta["description"] == meta["og:description"] == meta["twitter:description"]
    assert meta["description"] == description
    assert meta["og:url"] == url
    assert meta["og:site_name"] == "Local Women Peacebuilders' Practice Registry"
    assert meta["twitter:card"] == "summary"
    assert meta["og:type"] in ("website", "article")


def test_practice_page_previews_its_summary_never_its_withheld_organisation(client, home_page):
    hidden = OrganisationFactory(name="Secret Shelter Collective")
    practice = PracticePageFactory(
        title="Mediators of Marsabit",
        summary="Women mediators settle grazing disputes.",
        organisations=[hidden],
        withhold_organisation=True,
        location="Village behind the mission",
        country_level_only=True,
    )
    html = client.get(practice.url).content.decode()
    meta = meta_of(html)
    assert_shares(
        meta,
        "Mediators of Marsabit",
        "Women mediators settle grazing disputes.",
        f"http://testserver{practice.url}",
    )
    assert meta["og:type"] == "article"
    head = html.split("</head>")[0]
    assert "Secret Shelter" not in head and "behind the mission" not in head


def test_search_description_wins_and_markup_is_escaped(client, home_page):
    practice = PracticePageFactory(
        title='Peace "circles" <b>',
        summary="The summary.",
        search_description='Circles of "trust" & <script>alert(1)</script>',
    )
    html = client.get(practice.url).content.decode()
    assert "<script>alert(1)" not in html
    meta = meta_of(html)
    assert meta["description"] == 'Circles of "trust" & alert(1)'
    assert meta["og:title"] == 'Peace "circles" <b>'
    assert "&lt;b&gt;" in html.split("</head>")[0]


def test_framework_and_provision_pages(client, home_page):
    framework = FrameworkPageFactory(title="Kenya NAP 2", summary="Kenya's second plan.")
    provision = ProvisionFactory(framework=framework, code="3.2", text="Train women mediators.")
    meta = meta_of(client.get(framework.url).content.decode())
    assert_shares(meta, "Kenya NAP 2", "Kenya's second plan.", f"http://testserver{framework.url}")
    url = framework.provision_url(provision)
    meta = meta_of(client.get(url).content.decode())
    assert_shares(
        meta, "Provision 3.2 · Kenya NAP 2", "Train women mediators.", f"http://testserver{url}"
    )


def test_country_profile_describes_its_counts(client, home_page):
    FrameworkPageFactory(title="Kenya NAP", country="KE")
    PracticePageFactory(countries=["KE"])
    PracticePageFactory(countries=["KE"])
    meta = meta_of(client.get("/countries/KE/").content.decode())
    assert meta["og:title"] == "Kenya"
    assert meta["og:url"] == "http://testserver/countries/KE/"
    assert "national action plans: 1" in meta["description"]
    assert "good practices: 2" in meta["description"]


def test_listing_home_and_event_pages_fall_back_sensibly(client, home_page, settings):
    PracticePageFactory()
    # The listing keeps its query string in og:url (a shared search opens the same results).
    html = client.get("/practices/?q=mediation&country=KE").content.decode()
    meta = meta_of(html)
    assert meta["og:url"] == "http://testserver/practices/?q=mediation&country=KE"
    assert meta["description"]
    hostile = client.get('/practices/?q="><script>alert(1)</script>')
    assert hostile.status_code == 200
    head = hostile.content.decode().split("</head>")[0]
    assert "<script>alert" not in head and '"><' not in head
    home_page.intro = "<p>What the <b>registry</b> is.</p>"
    home_page.save_revision().publish()
    meta = meta_of(client.get("/").content.decode())
    assert meta["description"] == "What the registry is."
    # A page that says nothing of itself gets the site's description.
    home_page.intro = ""
    home_page.save_revision().publish()
    meta = meta_of(client.get("/").content.decode())
    assert meta["description"] == settings.SITE_DESCRIPTION
    event = EventPageFactory(title="Webinar on local plans", concept_note="<p>Why plans.</p>")
    meta = meta_of(client.get(event.url).content.decode())
    assert_shares(meta, "Webinar on local plans", "Why plans.", f"http://testserver{event.url}")


def test_accessibility_statement_is_linked_from_the_footer(client, home_page, settings):
    settings.CONTACT_EMAIL = "editors@example.org"
    html = client.get("/").content.decode()
    footer = html.split('<footer class="site-footer">')[1]
    assert 'href="/accessibility/"' in footer
    statement = client.get("/accessibility/").content.decode()
    assert "<h1>Accessibility statement</h1>" in statement
    assert "WCAG" in statement and "2.2" in statement and "AA" in statement
    assert "390" in statement and "1280" in statement and "eyboard" in statement
    assert "Known exceptions" in statement
    assert 'href="mailto:editors@example.org?subject=Accessibility"' in statement


def test_footer_states_the_content_licence(client, home_page, settings):
    html = client.get("/").content.decode()
    footer = html.split('<footer class="site-footer">')[1]
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0<' in footer
    settings.CONTENT_LICENCE = {"name": "ODbL", "url": "https://opendatacommons.org/licenses/odbl/"}
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    assert 'href="https://opendatacommons.org/licenses/odbl/" rel="license">ODbL<' in footer


def test_events_are_in_the_main_menu(client, home_page):
    html = client.get("/").content.decode()
    nav = html.split('<nav aria-label="Main">')[1].split("</nav>")[0]
    assert 'href="/events/">Events</a>' in nav
    nav = client.get("/events/").content.decode().split('<nav aria-label="Main">')[1]
    assert 'href="/events/" aria-current="page">Events</a>' in nav


def test_print_origin_stylesheet_gives_the_sites_address_quoted(client, settings):
    settings.SITE_URL = "https://registry.example.org/"
    response = client.get("/print-origin.css")
    assert response["Content-Type"].startswith("text/css")
    assert response.content.decode() == ':root { --site-origin: "https://registry.example.org"; }\n'
    settings.SITE_URL = 'https://x.example"} body{display:none'
    css = client.get("/print-origin.css").content.decode()
    assert css == ':root { --site-origin: "https://x.example\\"} body{display:none"; }\n'
    html = client.get("/accessibility/").content.decode()
    assert '<link rel="stylesheet" href="/print-origin.css" media="print">' in html
