"""An event's calendar file parses as iCalendar and gives the right moment."""

import datetime

import icalendar
import pytest

from actions.ical import escape, fold
from tests.factories import EventPageFactory

pytestmark = pytest.mark.django_db


def test_event_calendar_parses_with_the_right_times(client, home_page):
    event = EventPageFactory(
        title="National Action Plans and Beyond; local strategies, shared",
        location="Online (Zoom)",
        guiding_questions="What makes NAPs tools for real change?\nCan regional plans help?",
    )
    response = client.get(event.ical_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content
    assert body.endswith(b"\r\n")
    assert all(line == b"" or len(line) <= 75 for line in body.split(b"\r\n"))

    calendar = icalendar.Calendar.from_ical(body)
    (vevent,) = calendar.walk("VEVENT")
    # 10:00-11:30 in Rome on 8 November 2022 is 09:00-10:30 UTC (CET, UTC+1).
    assert vevent.decoded("DTSTART") == datetime.datetime(2022, 11, 8, 9, 0, tzinfo=datetime.UTC)
    assert vevent.decoded("DTEND") == datetime.datetime(2022, 11, 8, 10, 30, tzinfo=datetime.UTC)
    assert str(vevent["SUMMARY"]) == event.title
    assert str(vevent["LOCATION"]) == "Online (Zoom)"
    assert "Can regional plans help?" in str(vevent["DESCRIPTION"])
    assert vevent["UID"]


def test_escaping_and_folding_follow_rfc_5545():
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = fold("DESCRIPTION:" + "é" * 80)
    lines = folded.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert "".join(line[1:] if i else line for i, line in enumerate(lines)) == (
        "DESCRIPTION:" + "é" * 80
    )


def test_event_page_shows_time_zone_and_calendar_link(client, home_page):
    # A coming event: a past one offers no calendar entry (tests/actions/test_past_events.py).
    event = EventPageFactory(
        date=datetime.date(2099, 11, 8), objectives="Share experience\nFind a way forward"
    )
    html = client.get(event.url).content.decode()
    assert "8 November 2099, 10:00" in html
    assert "11:30" in html
    assert "CET" in html and "Europe/Rome" in html
    assert f'href="{event.ical_url()}"' in html
    assert "<li>Find a way forward</li>" in html


def test_draft_event_has_no_calendar(client, home_page):
    event = EventPageFactory(live=False)
    assert client.get(event.url).status_code == 404
    assert client.get(event.ical_url()).status_code == 404


def test_the_uid_does_not_depend_on_the_address_the_calendar_was_fetched_by(
    client, home_page, settings
):
    event = EventPageFactory(title="Regional dialogue")
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://registry.example.org"

    def uid(**extra):
        response = client.get(event.ical_url(), **extra)
        assert response.status_code == 200
        (vevent,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        return str(vevent["UID"])

    assert uid() == f"event-{event.pk}@registry.example.org"
    assert uid(HTTP_HOST="127.0.0.1:8123") == uid(HTTP_HOST="mirror.example.net")
    assert uid(HTTP_HOST="127.0.0.1:8123") == f"event-{event.pk}@registry.example.org"
