"""The sitemap at /sitemap.xml lists published practices and frameworks, the map and the profiles
of the countries on it, never drafts."""

from xml.etree import ElementTree

import pytest

from tests.factories import FrameworkPageFactory, PracticePageFactory, draft

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_urls(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own output, in a test
    return {loc.text for loc in root.iter(f"{NS}loc")}


def test_published_practices_and_frameworks_are_listed_drafts_never(
    client, practice_index, framework_index
):
    practice = PracticePageFactory(title="On the map")
    framework = FrameworkPageFactory(title="Kenya NAP")
    hidden_practice = draft(PracticePageFactory(title="Practice in moderation"))
    hidden_framework = draft(FrameworkPageFactory(title="Plan in preparation"))
    urls = sitemap_urls(client)
    assert f"http://localhost{practice.url}" in urls
    assert f"http://localhost{framework.url}" in urls
    assert f"http://localhost{practice_index.url}" in urls
    assert f"http://localhost{framework_index.url}" in urls
    listed = " ".join(urls)
    assert f"/{hidden_practice.slug}/" not in listed
    assert f"/{hidden_framework.slug}/" not in listed


def test_unpublishing_removes_a_practice(client, practice_index):
    practice = PracticePageFactory(title="Soon withdrawn")
    assert any(url.endswith(f"/{practice.slug}/") for url in sitemap_urls(client))
    draft(practice)
    assert not any(url.endswith(f"/{practice.slug}/") for url in sitemap_urls(client))


def test_the_map_and_the_countries_on_it_are_listed(client, practice_index, framework_index):
    FrameworkPageFactory(title="Kenya NAP", country="KE")
    PracticePageFactory(title="Peace huts", countries=["LR"])
    draft(PracticePageFactory(title="A practice in moderation", countries=["NG"]))
    draft(FrameworkPageFactory(title="Plan in preparation", country="SN"))
    urls = sitemap_urls(client)
    assert "http://localhost/countries/" in urls
    assert "http://localhost/countries/KE/" in urls
    assert "http://localhost/countries/LR/" in urls
    assert "http://localhost/countries/NG/" not in urls
    assert "http://localhost/countries/SN/" not in urls
