"""An event page before and after the event: a past one says so, offers no calendar entry or
registration, and leaves out what was never published."""

import datetime

from django.utils import timezone

import pytest

from tests.factories import EventPageFactory

pytestmark = pytest.mark.django_db


def test_past_event_says_it_is_past_and_hides_calendar_and_empty_fields(client, home_page):
    event = EventPageFactory(
        date=datetime.date(2022, 11, 8), registration_url="https://example.org/register"
    )
    html = client.get(event.url).content.decode()
    assert '<p class="kicker">Past event</p>' in html
    assert "This event is over: it took place on 8 November 2022." in html
    assert "Add to calendar" not in html and event.ical_url() not in html
    assert "Register for" not in html
    assert "Speakers" not in html and "Not published" not in html
    assert "<dt>Summary</dt>" not in html


def test_coming_event_offers_its_calendar_and_shows_its_speakers(client, home_page):
    event = EventPageFactory(
        date=timezone.now().date() + datetime.timedelta(days=30),
        speakers="Amina Yusuf, mediator\nGrace Akello, lawyer",
        registration_url="https://example.org/register",
    )
    html = client.get(event.url).content.decode()
    assert '<p class="kicker">Event</p>' in html and "This event is over" not in html
    assert f'href="{event.ical_url()}">Add to calendar' in html
    assert "Register for" in html
    assert "<dt>Speakers</dt>" in html and "<li>Grace Akello, lawyer</li>" in html


def test_event_that_ended_an_hour_ago_is_past(home_page):
    now = timezone.now().astimezone(datetime.UTC)
    start = now - datetime.timedelta(hours=2)
    end = now - datetime.timedelta(hours=1)
    if end.date() != start.date():  # just after midnight: an event cannot span two days
        start = end.replace(hour=0, minute=0)
    event = EventPageFactory(
        date=start.date(), start_time=start.time(), end_time=end.time(), time_zone="UTC"
    )
    assert event.is_past
    event.end_time = (now + datetime.timedelta(minutes=30)).time()
    if (now + datetime.timedelta(minutes=30)).date() == start.date():
        assert not event.is_past  # still going on
