"""Atom feed of the plans to watch: /frameworks/watch/feed/."""

import datetime
from xml.etree import ElementTree

import pytest

from core.vocabulary import FrameworkKind
from tests.factories import FrameworkPageFactory, draft

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
YEAR = datetime.date.today().year


def feed(client):
    response = client.get("/frameworks/watch/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert response["Access-Control-Allow-Origin"] == "*"
    # Our own output, parsed in a test.
    return ElementTree.fromstring(response.content)  # noqa: S314


def test_feed_lists_published_plans_to_watch_with_their_reason(client, framework_index):
    expired = FrameworkPageFactory(
        title="Nepal plan <1>",
        country="NP",
        start_year=YEAR - 8,
        end_year=YEAR - 4,
        next_plan_expected="Consultations & drafting",
    )
    coming = FrameworkPageFactory(title="Mali plan", country="ML", start_year=YEAR + 1)
    FrameworkPageFactory(
        title="Kenya running plan", country="KE", start_year=YEAR - 1, end_year=2100
    )
    FrameworkPageFactory(
        title="Old resolution",
        kind=FrameworkKind.GLOBAL,
        country="",
        generation=None,
        start_year=2000,
        end_year=2001,
    )
    draft(FrameworkPageFactory(title="Draft plan", country="SN", start_year=YEAR + 1))
    root = feed(client)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text.startswith("Plans to watch")
    assert root.find(f"{ATOM}updated") is not None
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href").endswith("/frameworks/?watch=1")
    entries = root.findall(f"{ATOM}entry")
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert titles == ["Nepal: Nepal plan <1>", "Mali: Mali plan"]
    nepal, mali = entries
    assert nepal.find(f"{ATOM}link").get("href") == "http://testserver" + expired.url
    assert nepal.find(f"{ATOM}summary").text == (
        f"Expired in {YEAR - 4}; no later plan of Nepal is in the registry. "
        "Next plan expected: Consultations &amp; drafting"
    )
    assert nepal.find(f"{ATOM}category").get("term") == "Expired, no successor in the registry"
    # A permanent tag: URI (RFC 4151), with the reason: a plan with a new reason is a new entry.
    assert nepal.find(f"{ATOM}id").text.startswith("tag:localhost,")
    assert nepal.find(f"{ATOM}id").text.endswith(
        f":framework/{expired.pk}/watch/expired-without-successor"
    )
    assert nepal.find(f"{ATOM}updated") is not None
    assert mali.find(f"{ATOM}link").get("href") == "http://testserver" + coming.url
    assert mali.find(f"{ATOM}summary").text == f"In development: starts in {YEAR + 1}."


def test_feed_is_routed_before_the_pages(client, framework_index):
    # Even a framework whose slug is "watch" leaves the feed where it is.
    FrameworkPageFactory(title="Watch", slug="watch", country="KE", start_year=YEAR + 1)
    assert client.get("/frameworks/watch/").status_code == 200
    assert [e.find(f"{ATOM}title").text for e in feed(client).findall(f"{ATOM}entry")] == [
        "Kenya: Watch"
    ]


def test_empty_feed_without_a_listing(client, home_page):
    assert feed(client).findall(f"{ATOM}entry") == []
