"""A practice's daily relay quota counts messages that reach its contact, nothing else."""

from django.core import mail

import pytest

from tests.factories import PracticePageFactory
from tests.utils import after_commit

pytestmark = pytest.mark.django_db

MESSAGE = {"name": "Researcher", "email": "r@example.org", "message": "May I ask about it?"}


@pytest.fixture
def practice(practice_index):
    return PracticePageFactory(contact_email="secret-contact@example.org")


@pytest.mark.parametrize(
    "invalid",
    [{"website_url": "http://bot.example"}, {"email": "not-an-address"}, {"message": ""}],
    ids=["honeypot", "bad-address", "no-message"],
)
def test_refused_posts_do_not_use_up_the_practices_quota(client, practice, settings, invalid):
    settings.KB_RATE_LIMITS = {"relay-to": "2/d"}
    url = f"/contact/practice/{practice.pk}/"
    for _ in range(3):
        assert client.post(url, {**MESSAGE, **invalid}).status_code == 400
    with after_commit():
        assert client.post(url, MESSAGE).status_code == 302
        assert client.post(url, MESSAGE).status_code == 302
    assert len(mail.outbox) == 2


def test_the_quota_still_stops_sent_messages(client, practice, settings):
    settings.KB_RATE_LIMITS = {"relay-to": "2/d"}
    url = f"/contact/practice/{practice.pk}/"
    with after_commit():
        for _ in range(2):
            assert client.post(url, MESSAGE).status_code == 302
        assert client.post(url, MESSAGE).status_code == 429
        # Once the quota is spent, even an invalid post is told so rather than shown errors.
        assert client.post(url, {**MESSAGE, "email": "nope"}).status_code == 429
    assert len(mail.outbox) == 2
