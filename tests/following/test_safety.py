"""Following's safety: no draft theme is followable, no visitor's free text is e-mailed, one
digest per run even when runs overlap, links that carry no address, expire, can be revoked,
and confirm only the follows they were sent for."""

import base64
import datetime
import zlib

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from following import tasks, tokens
from following.models import Follow
from following.targets import resolve
from tests.factories import PracticePageFactory
from tests.following.test_following import (
    an_hour_ago_follow,
    confirm_link,
    follow_as_visitor,
    path_of,
)

pytestmark = pytest.mark.django_db


# A theme only drafts use


def test_a_theme_only_a_draft_has_is_as_unknown_as_a_made_up_one(client, practice_index):
    PracticePageFactory(title="Secret circle", themes=["secret shelter"], live=False)
    PracticePageFactory(title="Open forum", themes=["mediation"])
    assert resolve("theme", "mediation").label == "mediation"
    assert resolve("theme", "secret shelter") is None
    response = follow_as_visitor(client, "v@example.org", kind="theme", key="secret shelter")
    assert response.status_code == 404
    assert "secret shelter" not in response.content.decode()
    assert not Follow.objects.exists() and mail.outbox == []


def test_a_saved_search_never_names_a_draft_theme(practice_index):
    PracticePageFactory(title="Secret circle", themes=["secret shelter"], live=False)
    target = resolve("search", "theme=secret+shelter&level=local")
    assert "secret shelter" not in target.label
    assert "Level: Local" in target.label


# No free text in the confirmation e-mail


def test_the_confirmation_carries_no_text_the_visitor_chose(client, practice_index):
    spam = "Win a prize at evil.example now"
    key = "q=" + spam.replace(" ", "+") + "&country=" + "Call+evil.example"
    assert (
        follow_as_visitor(client, "victim@example.org", kind="search", key=key).status_code == 200
    )
    (message,) = mail.outbox
    assert "prize" not in message.body and "evil" not in message.body
    assert "a search of the practice listing (http://" in message.body
    assert Follow.objects.get().key.startswith("q=Win")  # the follow itself keeps the query
    assert "prize" not in resolve("search", Follow.objects.get().key).label


# Two digest runs at once


def test_two_runs_at_once_send_one_digest(practice_index, monkeypatch):
    follow = an_hour_ago_follow(email="kenya@example.org", kind="country", key="KE")
    PracticePageFactory(title="Wajir mediators", countries=["KE"])
    until = timezone.now()
    message = tasks.digest_message
    second = []

    def overlapping(*args, **kwargs):
        # While the first run sends, a second one starts for the same subscriber.
        if not second:
            second.append(tasks.send_digest(follow.subscriber, ["weekly"], until))
        return message(*args, **kwargs)

    monkeypatch.setattr(tasks, "digest_message", overlapping)
    assert tasks.send_digest(follow.subscriber, ["weekly"], until) == 1
    assert second == [0]
    assert len(mail.outbox) == 1
    follow.refresh_from_db()
    assert follow.last_sent_at == until


# Links carry no address, expire, can be revoked


def signed_value(token):
    payload = token.split(":")[0]
    data = base64.urlsafe_b64decode(payload.lstrip(".") + "==")
    return zlib.decompress(data) if payload.startswith(".") else data


def test_links_carry_a_secret_not_the_address(practice_index):
    follow = an_hour_ago_follow(email="hidden.person@example.org", kind="country", key="KE")
    for purpose in ("manage", "unsubscribe", "confirm"):
        token = tokens.make(purpose, follow.subscriber, [follow.pk])
        assert b"hidden" not in signed_value(token)
        assert tokens.read(purpose, token) == follow.subscriber


def test_the_manage_link_expires_and_the_unsubscribe_link_lasts(
    client, practice_index, monkeypatch
):
    follow = an_hour_ago_follow(email="kenya@example.org", kind="country", key="KE")
    manage = tokens.make("manage", follow.subscriber)
    unsubscribe = tokens.make("unsubscribe", follow.subscriber)
    assert client.get(reverse("following:manage", args=[manage])).status_code == 200
    later = datetime.datetime.now().timestamp() + 31 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert client.get(reverse("following:manage", args=[manage])).status_code == 404
    assert client.get(reverse("following:unsubscribe", args=[unsubscribe])).status_code == 200


def test_a_new_secret_revokes_every_link(client, practice_index):
    follow = an_hour_ago_follow(email="kenya@example.org", kind="country", key="KE")
    other = an_hour_ago_follow(email="kenya@example.org", kind="country", key="UG")
    assert other.secret == follow.secret
    manage = tokens.make("manage", follow.subscriber)
    unsubscribe = tokens.make("unsubscribe", follow.subscriber)
    tokens.rotate(follow.subscriber)
    assert client.get(reverse("following:manage", args=[manage])).status_code == 404
    assert client.post(reverse("following:unsubscribe", args=[unsubscribe])).status_code == 404
    assert Follow.objects.count() == 2


# A confirmation link confirms what it was sent for


def test_a_confirmation_link_confirms_only_the_follows_it_was_sent_for(client, practice_index):
    follow_as_visitor(client, "v@example.org", kind="country", key="KE")
    link = path_of(confirm_link(mail.outbox[0]))
    # Someone else, knowing the address, adds a follow after the link was sent.
    Client = type(client)
    follow_as_visitor(Client(), "v@example.org", kind="country", key="UG")
    page = client.get(link)
    assert "Kenya" in page.content.decode() and "Uganda" not in page.content.decode()
    client.post(link)
    confirmed = dict(Follow.objects.values_list("key", "confirmed_at"))
    assert confirmed["KE"] is not None
    assert confirmed["UG"] is None
