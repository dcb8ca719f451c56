"""robots.txt, and the CORS preflight of the open-data addresses."""

import pytest

OPEN_DATA = [
    "/api/v1/",
    "/api/v1/schema/",
    "/api/v1/practices/",
    "/api/v1/practices/1/",
    "/api/v1/frameworks/",
    "/api/v1/frameworks/1/",
    "/api/v1/monitoring-notes/",
    "/practices/export.csv",
    "/practices/feed/",
    "/frameworks/watch/feed/",
    "/monitoring/export.csv",
    "/monitoring/feed/",
    "/data/registry.zip",
]


def test_robots_txt_points_at_the_public_sitemap_and_keeps_crawlers_out(client, settings):
    settings.SITE_URL = "https://registry.example.org"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Sitemap: https://registry.example.org/sitemap.xml" in lines
    for path in ("/admin/", "/accounts/", "/my/", "/search/", "/*?*&"):
        assert f"Disallow: {path}" in lines
    # The registry itself is open to crawlers.
    assert not any(line in ("Disallow: /", "Disallow: /practices/") for line in lines)
    assert "Set-Cookie" not in response


@pytest.mark.parametrize("path", OPEN_DATA)
def test_open_data_answers_the_preflight_for_any_origin_without_credentials(client, path):
    response = client.options(
        path,
        HTTP_ORIGIN="https://elsewhere.example.net",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in response
    assert "Set-Cookie" not in response
    assert response.content == b""


def test_other_methods_are_still_refused(client):
    assert client.post("/api/v1/practices/").status_code in (403, 405)
    assert client.delete("/api/v1/practices/").status_code == 405
