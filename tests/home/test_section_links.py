"""The links to the sections (navigation, home page, page not found) come from the page tree:
an editor who moves the practice index page moves every link to it."""

import re

import pytest

pytestmark = pytest.mark.django_db


def nav(html):
    return html.split('<nav aria-label="Main">')[1].split("</nav>")[0]


def test_the_links_follow_the_practice_index_page(client, practice_index):
    html = client.get("/").content.decode()
    assert '<a href="/practices/">Practices</a>' in nav(html)
    assert '<a class="button" href="/practices/">Browse good practices</a>' in html
    assert '<a href="/actions/">All joint actions</a> · <a href="/events/">Events</a>' in html

    practice_index.slug = "good-practices"
    practice_index.save_revision().publish()

    html = client.get("/").content.decode()
    assert '<a href="/good-practices/">Practices</a>' in nav(html)
    assert '<a class="button" href="/good-practices/">Browse good practices</a>' in html
    assert 'href="/practices/"' not in html
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert 'Try the <a href="/good-practices/">practices</a>' in missing.content.decode()
    # The section's own pages mark it as the current one in the navigation.
    listing = client.get("/good-practices/").content.decode()
    assert '<a href="/good-practices/" aria-current="page">Practices</a>' in nav(listing)
    assert re.search(r'<a href="/frameworks/">Frameworks</a>', nav(listing))


def test_the_current_section_is_marked_in_the_navigation(client, framework_index):
    html = client.get("/frameworks/?kind=nap").content.decode()
    assert '<a href="/frameworks/" aria-current="page">Frameworks</a>' in nav(html)
    assert '<a href="/practices/">Practices</a>' in nav(html)
    submit = nav(client.get("/search/").content.decode())
    assert '<a href="/search/" aria-current="page">Search</a>' in submit


def search_form(html):
    form = r'<form method="get" action="([^"]+)"[^>]*role="search".*?</form>'
    match = re.search(form, html, re.S)
    assert match, "no search form"
    return match.group(1), match.group(0)


def test_the_home_page_and_country_profiles_search_the_practice_listing(client, practice_index):
    from tests.factories import PracticePageFactory

    PracticePageFactory(title="Women mediators of Wajir", countries=["KE"])
    PracticePageFactory(title="Women mediators of Aden", countries=["YE"])
    practice_index.slug = "good-practices"
    practice_index.save_revision().publish()

    action, form = search_form(client.get("/").content.decode().split("<main")[1])
    assert action == "/good-practices/"
    assert 'name="q"' in form and "country" not in form

    action, form = search_form(client.get("/countries/KE/").content.decode().split("<main")[1])
    assert action == "/good-practices/"
    assert '<input type="hidden" name="country" value="KE">' in form
    assert 'name="q"' in form
    # what the form sends finds that country's practices only
    listing = client.get(action, {"country": "KE", "q": "mediators"}).content.decode()
    assert "Women mediators of Wajir" in listing and "Women mediators of Aden" not in listing
