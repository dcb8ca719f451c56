import re

import pytest

from tests.factories import FrameworkPageFactory, PracticePageFactory, ProvisionFactory

pytestmark = pytest.mark.django_db


def test_empty_site_works_after_migrate(client, home_page):
    for url in ("/", "/practices/", "/frameworks/"):
        assert client.get(url).status_code == 200, url


def test_home_shows_counts_and_latest_practices(client, framework_index, practice_index):
    framework = FrameworkPageFactory(country="KE")
    FrameworkPageFactory(country="UG")
    ProvisionFactory(framework=framework)
    PracticePageFactory(title="Latest mediation circle", countries=["KE"])
    html = client.get("/").content.decode()
    assert re.search(
        r'<span class="count">1</span> good practices in <span class="count-small">1', html
    )
    assert re.search(r'<span class="count">2</span> national action plans', html)
    assert re.search(r'<span class="count">1</span> provisions', html)
    assert "Latest mediation circle" in html


def test_pages_send_a_strict_content_security_policy(client, home_page):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_public_pages_load_nothing_from_other_sites(client, framework_index, practice_index):
    practice = PracticePageFactory(sources="https://example.org/report")
    for url in ("/", "/practices/", "/frameworks/", practice.url):
        html = client.get(url).content.decode()
        # Sources are links a reader may follow; nothing is loaded from elsewhere. The hreflang
        # alternates are absolute addresses of this site's own pages, which nothing loads.
        alternates = re.findall(r'<link rel="alternate" hreflang="[\w-]+" href="([^"]+)">', html)
        assert alternates and all(a.startswith("http://testserver/") for a in alternates), url
        html = re.sub(r'<link rel="alternate" hreflang="[\w-]+" href="[^"]+">', "", html)
        assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//', html), url
