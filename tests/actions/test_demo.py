"""The demo's webinar and example joint actions come from data/webinar.json, once."""

import datetime

from django.conf import settings

import pytest

from actions.demo import load_webinar
from actions.models import EventPage, JointActionPage
from practices.models import OrganisationMembership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.data
def test_webinar_and_examples_load_once(home_page):
    member = UserFactory(username="member")
    assert load_webinar(settings.KB_DATA_DIR / "webinar.json", member=member) == 4
    assert load_webinar(settings.KB_DATA_DIR / "webinar.json", member=member) == 0

    event = EventPage.objects.get()
    assert event.live
    assert event.date == datetime.date(2022, 11, 8)
    assert event.starts_at.utcoffset() == datetime.timedelta(hours=1)  # CET
    assert (event.start_time, event.end_time) == (datetime.time(10), datetime.time(11, 30))
    assert len(event.question_list) == 3
    assert event.speakers == ""  # the concept note names no speakers
    actions = JointActionPage.objects.live()
    assert actions.count() == 3
    assert all(action.is_example for action in actions)
    assert all(action.guiding_question in event.question_list for action in actions)
    assert len(event.public_actions()) == 3
    assert OrganisationMembership.objects.get(user=member).confirmed
