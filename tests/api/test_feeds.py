"""Atom feed of newly published practices: /practices/feed/?<the listing's parameters>."""

import datetime
from datetime import UTC
from unittest import mock
from xml.etree import ElementTree

from django.utils import timezone
from django.utils.http import parse_http_date

import pytest

from api import feeds
from practices.models import PracticePage
from tests.factories import OrganisationFactory, PracticePageFactory, draft

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client, params=""):
    response = client.get("/practices/feed/?" + params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=60"
    # Our own output, parsed in a test.
    return ElementTree.fromstring(response.content), response.content.decode()  # noqa: S314


def entries(root):
    return [
        {
            "title": entry.find(f"{ATOM}title").text,
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.find(f"{ATOM}summary").text,
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


@pytest.fixture
def practices(practice_index):
    first = PracticePageFactory(
        title="Women mediators of Wajir",
        summary="Market <women> mediate & talk.",
        countries=["KE"],
        agendas=["WPS"],
        organisations=[OrganisationFactory(name="Secret Sisters")],
        withhold_organisation=True,
        contact_name="Private Person",
        contact_email="private@example.org",
    )
    second = PracticePageFactory(
        title="Youth radio in Yemen", countries=["YE"], agendas=["YPS"], themes=["media"]
    )
    third = draft(PracticePageFactory(title="Draft in moderation", countries=["KE"]))
    return first, second, third


def test_newest_first_with_links_and_summaries(client, practices):
    root, _ = feed(client, "sort=title")  # the feed is always newest first
    items = entries(root)
    assert [item["title"] for item in items] == ["Youth radio in Yemen", "Women mediators of Wajir"]
    wajir = items[1]
    assert wajir["link"] == f"http://testserver{practices[0].url}"
    assert client.get(wajir["link"]).status_code == 200
    # The summary is plain text shown as written: escaped for Atom's type="html".
    assert wajir["summary"] == "Market &lt;women&gt; mediate &amp; talk."
    assert root.find(f"{ATOM}title").text == "Good practices of local women peacebuilders"


def test_filters_and_a_title_that_says_them(client, practices):
    root, _ = feed(client, "agenda=WPS&country=KE&country=YE&q=women&year_from=1990")
    assert [item["title"] for item in entries(root)] == []  # no years: out of range
    root, _ = feed(client, "agenda=WPS&country=KE&country=YE&q=women")
    assert [item["title"] for item in entries(root)] == ["Women mediators of Wajir"]
    title = root.find(f"{ATOM}title").text
    assert title == (
        "Good practices of local women peacebuilders (words: women; "
        "agenda: Women, Peace and Security; country: Kenya or Yemen)"
    )
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["alternate"] == (
        "http://testserver/practices/?q=women&agenda=WPS&country=KE&country=YE"
    )
    assert links["self"] == (
        "http://testserver/practices/feed/?q=women&agenda=WPS&country=KE&country=YE"
    )


def test_at_most_fifty_entries(client, practice_index, monkeypatch):
    for n in range(4):
        PracticePageFactory(title=f"Practice {n}")
    monkeypatch.setattr(feeds, "FEED_ITEMS", 3)
    root, _ = feed(client)
    assert [item["title"] for item in entries(root)] == ["Practice 3", "Practice 2", "Practice 1"]
    monkeypatch.undo()
    assert feeds.FEED_ITEMS == 50


def test_nothing_private_or_unpublished(client, practices):
    for params in ("", "country=KE", "q=moderation", "q=secret+sisters"):
        _, text = feed(client, params)
        assert "Draft in moderation" not in text
        assert "Secret Sisters" not in text
        assert "Private Person" not in text and "private@example.org" not in text


def test_bad_parameters_answer_400_in_plain_text(client, practices):
    response = client.get("/practices/feed/?page=0")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == "page: must be between 1 and 100000"


def entry_ids(client):
    root, _ = feed(client)
    return {
        entry.find(f"{ATOM}title").text: entry.find(f"{ATOM}id").text
        for entry in root.findall(f"{ATOM}entry")
    }


def test_entry_ids_are_permanent_tag_uris(client, practices, settings):
    ids = entry_ids(client)
    page = PracticePage.objects.get(title="Women mediators of Wajir")
    date = page.first_published_at.astimezone(UTC).date().isoformat()
    assert ids["Women mediators of Wajir"] == f"tag:localhost,{date}:practice/{page.pk}"
    assert all(entry_id.startswith("tag:localhost,") for entry_id in ids.values())
    # A new title, a new slug and a new publication keep the id; the host name comes from
    # SITE_URL, without its port, not from the request.
    page.title, page.slug = "Mediators of Wajir county", "mediators-of-wajir-county"
    page.save_revision().publish()
    settings.SITE_URL = "http://localhost:8123"
    ids = entry_ids(client)
    assert ids["Mediators of Wajir county"] == f"tag:localhost,{date}:practice/{page.pk}"


def test_last_modified_follows_every_public_change_and_if_modified_since(client, practices):
    response = client.get("/practices/feed/")
    last_modified = response["Last-Modified"]
    newest = max(p.last_published_at for p in PracticePage.objects.exclude(last_published_at=None))
    # The newest publication (its log entry is written a moment after it).
    assert 0 <= parse_http_date(last_modified) - int(newest.timestamp()) <= 1
    assert client.get("/practices/feed/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    # Withdrawing an older practice adds no newer entry, yet the feed has changed.
    page = PracticePage.objects.live().order_by("first_published_at").first()
    later = timezone.now() + datetime.timedelta(seconds=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        page.unpublish()
    response = client.get("/practices/feed/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 200
    assert parse_http_date(response["Last-Modified"]) == int(later.timestamp())
    assert page.title not in response.content.decode()
