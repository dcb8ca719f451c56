"""Editors confirm that a member belongs to the organisation they named; they change nothing else
of a membership, and nobody creates one in the admin."""

from django.test import Client

import pytest

from practices.models import OrganisationMembership
from tests.factories import OrganisationFactory, UserFactory, administrator

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/practices/organisationmembership/"


@pytest.fixture
def membership(member):
    return OrganisationMembership.objects.create(
        user=member, organisation=OrganisationFactory(name="Wajir Women for Peace")
    )


def admin_client(user):
    client = Client()
    client.force_login(user)
    return client


def test_editor_confirms_a_membership_and_changes_nothing_else(an_editor, membership):
    client = admin_client(an_editor)
    assert membership.organisation.name in client.get(LIST).content.decode()
    other = OrganisationFactory(name="Another organisation")
    url = f"{LIST}edit/{membership.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"confirmed": "on", "organisation": other.pk, "user": an_editor.pk})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.confirmed
    assert membership.organisation.name == "Wajir Women for Peace"
    assert membership.user.username == "member-a"


@pytest.mark.parametrize("who", ["editor", "admin"])
def test_nobody_adds_a_membership_in_the_admin(an_editor, member, who):
    user = an_editor if who == "editor" else administrator("admin-1")
    client = admin_client(user)
    organisation = OrganisationFactory()
    response = client.post(
        f"{LIST}add/", {"user": member.pk, "organisation": organisation.pk, "confirmed": "on"}
    )
    assert response.status_code in (302, 403)
    assert not OrganisationMembership.objects.exists()
    assert f"{LIST}add/" not in client.get(LIST).content.decode()


def test_editor_cannot_delete_a_membership(an_editor, membership):
    client = admin_client(an_editor)
    response = client.post(f"{LIST}delete/{membership.pk}/")
    assert response.status_code in (302, 403)
    assert OrganisationMembership.objects.filter(pk=membership.pk).exists()


def test_members_and_strangers_cannot_confirm(member, membership):
    for user in (member, UserFactory(username="stranger")):
        client = admin_client(user)
        client.post(f"{LIST}edit/{membership.pk}/", {"confirmed": "on"})
    membership.refresh_from_db()
    assert not membership.confirmed
