"""Saves that arrive at the same moment (two members submitting, a double click) on SQLite: each
is saved once or answered "already saved", never a server error ("database is locked")."""

import threading

from django.db import connection
from django.test import Client

import pytest

from practices.models import PracticePage
from tests.factories import UserFactory
from tests.utils import rebuild_site_tree

from .conftest import practice_data
from .helpers import token

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def committed_site(transactional_db):
    rebuild_site_tree()


def post_at_once(requests):
    """Send each (client, data) from its own thread, all released together; answer the
    responses, or the exception a request raised (a server error), in order."""
    start = threading.Barrier(len(requests))
    outcomes = [None] * len(requests)

    def send(index, client, data):
        try:
            start.wait()
            outcomes[index] = client.post("/practices/submit/", data)
        except Exception as error:  # noqa: BLE001 - the test reports what the server raised
            outcomes[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=send, args=(index, client, data))
        for index, (client, data) in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_two_members_submitting_at_once_are_both_saved(committed_site):
    clients = [signed_in(UserFactory(username=f"member-{n}")) for n in range(2)]
    data = [
        practice_data(title=f"Practice {n}", form_token=token(c)) for n, c in enumerate(clients)
    ]
    for attempt in range(3):
        outcomes = post_at_once(list(zip(clients, data, strict=True)))
        assert [getattr(o, "status_code", o) for o in outcomes] == [302, 302], attempt
        for client, item in zip(clients, data, strict=True):
            item.update(form_token=token(client), title=f"{item['title']} again")
    assert PracticePage.objects.count() == 6


def test_a_double_click_saves_once_and_answers_already_saved(committed_site):
    member = UserFactory(username="member-a")
    first = signed_in(member)
    second = Client()
    second.cookies = first.cookies  # the same browser, the same session
    for attempt in range(3):
        data = practice_data(title=f"Double click {attempt}", form_token=token(first))
        outcomes = post_at_once([(first, data), (second, data)])
        assert [getattr(o, "status_code", o) for o in outcomes] == [302, 302], attempt
        assert PracticePage.objects.filter(title=data["title"]).count() == 1, attempt
