"""The sitemap at /sitemap.xml lists published practices and frameworks, never drafts."""

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
