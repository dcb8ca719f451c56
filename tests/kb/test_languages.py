"""Choosing a language: prefixed addresses, the first visit's redirect, the switcher, hreflang
alternates and the page cache's entries per language (kb.urls, kb.languages, core.pagecache)."""

import re
from urllib.parse import parse_qs, urlsplit

from django.core.cache import cache

import pytest

from core import pagecache
from tests.factories import PracticePageFactory

pytestmark = pytest.mark.django_db

BROWSER = {
    "HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8",
    "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36",
}


def browser(accept_language, **extra):
    return {**BROWSER, "HTTP_ACCEPT_LANGUAGE": accept_language, **extra}


@pytest.fixture
def practice(practice_index):
    return PracticePageFactory(parent=practice_index, title="Women mediators in Kidal")


@pytest.fixture
def practice_path(practice):
    return f"/practices/{practice.slug}/"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    pagecache.cache().clear()
    yield
    cache.clear()
    pagecache.cache().clear()


def html_lang(response):
    return re.search(r'<html lang="([^"]+)" dir="([^"]+)"', response.content.decode()).groups()


# Addresses


@pytest.mark.parametrize(
    ("prefix", "lang", "direction"),
    [("", "en", "ltr"), ("/fr", "fr", "ltr"), ("/es", "es", "ltr"), ("/ar", "ar", "rtl")],
)
def test_each_language_has_its_prefix_and_direction(
    practice_path, client, practice, prefix, lang, direction
):
    paths = ["/", "/practices/", practice_path, "/countries/", "/search/", "/accessibility/"]
    for path in paths:
        response = client.get(prefix + path)
        assert response.status_code == 200, prefix + path
        assert html_lang(response) == (lang, direction)
        assert response["Content-Language"] == lang


def test_english_addresses_are_unchanged(client, practice):
    assert practice.url == f"/practices/{practice.slug}/"
    assert client.get("/practices/submit/").status_code in (200, 302)
    assert client.get("/accounts/login/").status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/api/v1/practices/", "/api/v1/schema/", "/practices/export.csv", "/practices/feed/"],
)
def test_open_data_has_no_language_prefix(client, path):
    assert client.get(path).status_code == 200
    assert client.get("/fr" + path).status_code == 404


def test_links_inside_a_french_page_stay_in_french(practice_path, client, practice):
    page = client.get("/fr" + practice_path).content.decode()
    assert 'href="/fr/practices/"' in page
    assert 'class="site-name" href="/fr/"' in page


# The first visit


def test_a_first_visit_goes_to_the_browser_language(practice_path, client, practice):
    response = client.get(practice_path + "?x=1", **browser("fr-FR,fr;q=0.9,en;q=0.5"))
    assert response.status_code == 302
    assert response["Location"] == "/fr" + practice_path + "?x=1"
    assert {"accept-language", "cookie"} <= {v.strip().lower() for v in response["Vary"].split(",")}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [("ar-YE,ar;q=0.9", "/ar/"), ("es-CO", "/es/"), ("de-DE,es;q=0.5", "/es/")],
)
def test_the_first_supported_preference_wins(client, home_page, header, expected):
    assert client.get("/", **browser(header))["Location"] == expected


@pytest.mark.parametrize("header", ["en-GB,fr;q=0.8", "de-DE", "*", ""])
def test_english_or_unknown_preferences_stay(client, home_page, header):
    assert client.get("/", **browser(header)).status_code == 200


def test_a_remembered_choice_overrides_the_browser(client, home_page):
    client.cookies["django_language"] = "en"
    assert client.get("/", **browser("fr")).status_code == 200
    client.cookies["django_language"] = "es"
    assert client.get("/", **browser("fr"))["Location"] == "/es/"


def test_a_prefixed_address_is_never_redirected(client, home_page):
    client.cookies["django_language"] = "es"
    assert client.get("/fr/", **browser("ar")).status_code == 200


@pytest.mark.parametrize(
    "agent", ["Mozilla/5.0 (compatible; Googlebot/2.1)", "curl/8.5", "python-requests/2.32"]
)
def test_bots_are_not_redirected(client, home_page, agent):
    assert client.get("/", **browser("fr", HTTP_USER_AGENT=agent)).status_code == 200


@pytest.mark.parametrize(
    "path", ["/api/v1/practices/", "/practices/feed/", "/practices/export.csv", "/sitemap.xml"]
)
def test_data_is_not_redirected(client, path):
    response = client.get(path, **browser("fr"))
    assert response.status_code == 200
    assert response["Content-Language"] == "en"


def test_a_post_or_a_request_for_json_is_not_redirected(client, home_page):
    assert client.get("/", **browser("fr", HTTP_ACCEPT="application/json")).status_code == 200
    assert client.head("/", **browser("fr")).status_code == 200


def test_the_redirect_comes_before_the_page_cache(client, home_page, page_cache):
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    response = client.get("/", **browser("ar"))
    assert (response.status_code, response["Location"]) == (302, "/ar/")


# The switcher


def switcher(response):
    nav = re.search(r'<nav class="languages"[^>]*>(.*?)</nav>', response.content.decode(), re.S)
    return re.findall(r'<a href="([^"]+)" lang="(\w+)" hreflang="(\w+)"([^>]*)>([^<]+)</a>', nav[1])


def test_the_switcher_links_to_the_same_page_in_each_language(practice_path, client, practice):
    response = client.get("/fr" + practice_path + "?a=1")
    assert re.search(r'<nav class="languages" aria-label="[^"]+">', response.content.decode())
    links = switcher(response)
    assert [(lang, name) for _, lang, _, _, name in links] == [
        ("en", "English"),
        ("fr", "Français"),
        ("es", "Español"),
        ("ar", "العربية"),
    ]
    assert [extra.strip() for *_, extra, _ in links] == ["", 'aria-current="true"', "", ""]
    targets = {}
    for href, lang, hreflang, _, _ in links:
        assert lang == hreflang
        split = urlsplit(href.replace("&amp;", "&"))
        assert split.path == f"/i18n/switch/{lang}/"
        targets[lang] = parse_qs(split.query)["next"][0]
    assert targets == {
        "en": practice_path + "?a=1",
        "fr": "/fr" + practice_path + "?a=1",
        "es": "/es" + practice_path + "?a=1",
        "ar": "/ar" + practice_path + "?a=1",
    }


def test_choosing_a_language_remembers_it_and_goes_there(practice_path, client, practice):
    response = client.get("/i18n/switch/ar/", {"next": "/ar" + practice_path})
    assert (response.status_code, response["Location"]) == (302, "/ar" + practice_path)
    cookie = response.cookies["django_language"]
    assert cookie.value == "ar"
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 365 * 24 * 60 * 60
    # Remembered: the plain address now leads to Arabic, whatever the browser says.
    assert client.get(practice_path, **browser("fr"))["Location"] == "/ar" + practice_path
    client.get("/i18n/switch/en/", {"next": practice_path})
    assert client.get(practice_path, **browser("fr")).status_code == 200


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http:evil.example",
        " //evil.example",
        "",
    ],
)
def test_the_switch_goes_to_local_addresses_only(client, target):
    response = client.get("/i18n/switch/fr/", {"next": target})
    assert (response.status_code, response["Location"]) == (302, "/fr/")


def test_an_unknown_language_is_not_remembered(client):
    response = client.get("/i18n/switch/xx/", {"next": "/"})
    assert response.cookies["django_language"].value == "en"
    assert client.get("/i18n/switch/<script>/").status_code in (302, 404)


# hreflang


def test_every_page_lists_its_alternates(practice_path, client, practice):
    page = client.get("/es" + practice_path).content.decode()
    alternates = dict(
        re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', page)
    )
    assert alternates == {
        "en": "http://testserver" + practice_path,
        "x-default": "http://testserver" + practice_path,
        "fr": "http://testserver/fr" + practice_path,
        "es": "http://testserver/es" + practice_path,
        "ar": "http://testserver/ar" + practice_path,
    }


# The page cache, one entry per language


def test_each_language_is_cached_apart(practice_path, client, practice, page_cache):
    english = client.get(practice_path)
    french = client.get("/fr" + practice_path)
    assert (english["X-Page-Cache"], french["X-Page-Cache"]) == ("miss", "miss")
    again_fr = client.get("/fr" + practice_path)
    again_en = client.get(practice_path)
    assert (again_en["X-Page-Cache"], again_fr["X-Page-Cache"]) == ("hit", "hit")
    assert html_lang(again_en) == ("en", "ltr")
    assert html_lang(again_fr) == ("fr", "ltr")
    arabic = client.get("/ar" + practice_path)
    assert html_lang(arabic) == ("ar", "rtl")


def test_a_response_in_another_language_than_its_address_is_not_stored(rf, settings):
    from django.http import HttpResponse

    request = rf.get("/practices/")
    response = HttpResponse("page")
    response["Vary"] = "Accept-Language"
    response["Content-Language"] = "fr"
    assert not pagecache.storable(request, response)
    response["Content-Language"] = "en"
    assert pagecache.storable(request, response)
    french = rf.get("/fr/practices/")
    assert not pagecache.storable(french, response)


# The sitemap


def test_the_sitemap_lists_every_address_in_every_language_with_its_alternates(
    client, practice_path, home_page
):
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own sitemap
    entries = {
        url.find("s:loc", ns).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)
        }
        for url in root.findall("s:url", ns)
    }
    base = "http://localhost"
    found = [loc for loc in entries if loc.endswith(practice_path)]
    assert sorted(found) == sorted(
        base + prefix + practice_path for prefix in ("", "/fr", "/es", "/ar")
    ), found
    expected = {
        "en": base + practice_path,
        "fr": base + "/fr" + practice_path,
        "es": base + "/es" + practice_path,
        "ar": base + "/ar" + practice_path,
        "x-default": base + practice_path,
    }
    for location in found:
        assert entries[location] == expected
    # The map and the countries' profiles too.
    assert entries[base + "/ar/countries/"]["en"] == base + "/countries/"


def test_robots_keep_crawlers_out_of_members_pages_in_every_language(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    for prefix in ("", "/fr", "/es", "/ar"):
        assert f"Disallow: {prefix}/accounts/" in lines
        assert f"Disallow: {prefix}/my/" in lines
    assert "Disallow: /fr/admin/" not in lines
    assert lines.count("Disallow: /admin/") == 1


def test_the_navigation_says_where_the_visitor_is_in_every_language(client, home_page):
    for prefix in ("", "/ar"):
        page = client.get(f"{prefix}/countries/").content.decode()
        assert f'<a href="{prefix}/countries/" aria-current="page">' in page
        page = client.get(f"{prefix}/accounts/login/").content.decode()
        assert f'<a href="{prefix}/accounts/login/" aria-current="page">' in page


DATA = ["/api/v1/practices/", "/practices/feed/", "/practices/export.csv"]


@pytest.mark.parametrize("path", DATA)
def test_data_does_not_vary_on_the_browsers_language(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="ar")
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",")}
    assert "accept-language" not in vary
    assert response["Content-Language"] == "en"


def test_pages_at_plain_addresses_vary_on_language_and_cookie(client, home_page):
    response = client.get("/", **browser("en"))
    vary = {v.strip().lower() for v in response["Vary"].split(",")}
    assert {"accept-language", "cookie"} <= vary
