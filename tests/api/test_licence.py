"""The content's licence travels with the open data: the API, the CSV, the feeds, OpenAPI."""

import pytest

from tests.factories import PracticePageFactory

pytestmark = pytest.mark.django_db

CC_BY = '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'


def test_api_csv_and_feeds_state_the_licence(client, home_page, settings):
    practice = PracticePageFactory()
    for url in (
        "/api/v1/practices/",
        f"/api/v1/practices/{practice.pk}/",
        "/api/v1/frameworks/",
        "/practices/export.csv",
        "/monitoring/export.csv",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Link"] == CC_BY, url
    for url in ("/practices/feed/", "/monitoring/feed/", "/frameworks/watch/feed/"):
        feed = client.get(url).content.decode()
        assert "<rights>CC BY 4.0: https://creativecommons.org/licenses/by/4.0/</rights>" in feed

    settings.CONTENT_LICENCE = {"name": "ODbL", "url": "https://opendatacommons.org/licenses/odbl/"}
    assert client.get("/api/v1/practices/")["Link"] == (
        '<https://opendatacommons.org/licenses/odbl/>; rel="license"'
    )
    assert (
        "<rights>ODbL: https://opendatacommons.org"
        in client.get("/practices/feed/").content.decode()
    )


def test_openapi_documents_the_licence_and_its_header(client, home_page):
    document = client.get("/api/v1/schema/").json()
    assert document["info"]["license"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert 'rel="license"' in document["components"]["headers"]["Link"]["description"]
    for path, item in document["paths"].items():
        ok = item["get"]["responses"]["200"]
        assert ok["headers"]["Link"] == {"$ref": "#/components/headers/Link"}, path
