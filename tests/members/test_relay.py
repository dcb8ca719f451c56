"""The contact relay: the public writes to a practice's contact without seeing the address."""

from django.core import mail

import pytest

from tests.factories import PracticePageFactory, draft
from tests.utils import after_commit

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(practice_index):
    return PracticePageFactory(contact_email="secret-contact@example.org", contact_name="Amina")


MESSAGE = {"name": "Researcher", "email": "r@example.org", "message": "May I ask about it?"}


def test_contact_address_is_never_shown(client, practice):
    for url in (practice.url, f"/contact/practice/{practice.pk}/"):
        html = client.get(url).content.decode()
        assert "secret-contact" not in html
    assert f"/contact/practice/{practice.pk}/" in client.get(practice.url).content.decode()


def test_message_is_relayed_with_reply_to(client, practice):
    with after_commit():
        response = client.post(f"/contact/practice/{practice.pk}/", MESSAGE)
    assert response.status_code == 302
    (email,) = mail.outbox
    assert email.to == ["secret-contact@example.org"]
    assert email.reply_to == ["r@example.org"]
    assert "May I ask about it?" in email.body


def test_honeypot(client, practice):
    response = client.post(
        f"/contact/practice/{practice.pk}/", {**MESSAGE, "website_url": "http://x"}
    )
    assert response.status_code == 400
    assert mail.outbox == []


def test_invalid_keeps_the_text(client, practice):
    response = client.post(f"/contact/practice/{practice.pk}/", {**MESSAGE, "email": "nope"})
    assert response.status_code == 400
    assert "May I ask about it?" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()


def test_rate_limited(client, practice, settings):
    settings.KB_RATE_LIMITS = {"relay": "2/h"}
    with after_commit():
        for _ in range(2):
            assert client.post(f"/contact/practice/{practice.pk}/", MESSAGE).status_code == 302
        assert client.post(f"/contact/practice/{practice.pk}/", MESSAGE).status_code == 429
    assert len(mail.outbox) == 2


def test_no_relay_for_drafts_or_practices_without_contact(client, practice_index):
    hidden = draft(PracticePageFactory(contact_email="x@example.org"))
    without = PracticePageFactory()
    assert client.get(f"/contact/practice/{hidden.pk}/").status_code == 404
    assert client.get(f"/contact/practice/{without.pk}/").status_code == 404
