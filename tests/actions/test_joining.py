"""Members join a joint action for their own organisation and leave it; nobody else can."""

from urllib.parse import quote

from django.conf import settings
from django.shortcuts import resolve_url

import pytest

from actions.models import Participation
from tests.factories import JointActionPageFactory, OrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(home_page):
    return JointActionPageFactory(title="Collect local action plans", status="active")


def join_url(action):
    return action.url + "join/"


def leave_url(action):
    return action.url + "leave/"


def test_member_joins_and_leaves_for_their_organisation(client, action):
    organisation = OrganisationFactory(name="Isiolo Women Peace Forum")
    client.force_login(member_of(organisation))

    page = client.get(action.url).content.decode()
    assert "Join on behalf of Isiolo Women Peace Forum" in page

    response = client.post(join_url(action))
    assert response.status_code == 302
    assert list(Participation.objects.values_list("organisation__name", flat=True)) == [
        "Isiolo Women Peace Forum"
    ]
    page = client.get(action.url).content.decode()
    assert "Leave on behalf of Isiolo Women Peace Forum" in page
    assert "<li>Isiolo Women Peace Forum</li>" in page

    client.post(join_url(action))  # twice is still once
    assert Participation.objects.count() == 1

    client.post(leave_url(action))
    assert not Participation.objects.exists()
    assert "No organisation has joined yet." in client.get(action.url).content.decode()


def test_anonymous_visitor_cannot_join(client, action):
    response = client.post(join_url(action))
    assert response.status_code == 302
    login = resolve_url(settings.LOGIN_URL)
    assert login.startswith("/")
    assert response["Location"] == f"{login}?next={quote(action.url)}"
    assert not Participation.objects.exists()


def test_user_without_a_confirmed_organisation_cannot_join(client, action):
    client.force_login(UserFactory(username="no-organisation"))
    assert client.post(join_url(action)).status_code == 403
    client.force_login(member_of(OrganisationFactory(), username="unconfirmed", confirmed=False))
    assert client.post(join_url(action)).status_code == 403
    assert not Participation.objects.exists()


def test_member_can_only_leave_for_their_own_organisation(client, action):
    theirs = OrganisationFactory(name="Their organisation")
    other = OrganisationFactory(name="Another organisation")
    Participation.objects.create(action=action, organisation=other)
    client.force_login(member_of(theirs))
    client.post(leave_url(action))
    assert Participation.objects.filter(organisation=other).exists()


def test_joining_needs_post_and_csrf(action):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member_of(OrganisationFactory()))
    assert strict.get(join_url(action)).status_code == 405
    assert strict.post(join_url(action)).status_code == 403  # no CSRF token
    assert not Participation.objects.exists()


def test_completed_action_cannot_be_joined(client, home_page):
    action = JointActionPageFactory(status="completed")
    client.force_login(member_of(OrganisationFactory()))
    assert "Join on behalf" not in client.get(action.url).content.decode()
    assert client.post(join_url(action)).status_code == 409
    assert not Participation.objects.exists()


def test_publishing_the_page_keeps_who_joined(client, action):
    organisation = OrganisationFactory()
    client.force_login(member_of(organisation))
    client.post(join_url(action))
    action.refresh_from_db()
    action.save_revision().publish()
    assert Participation.objects.filter(organisation=organisation).exists()
