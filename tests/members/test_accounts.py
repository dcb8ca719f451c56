"""Member accounts: sign-up with a verified e-mail, the organisation, data download, deletion."""

import json
import re

from django.contrib.auth import get_user_model
from django.core import mail

import pytest

from practices.models import OrganisationMembership, PracticePage
from tests.factories import OrganisationFactory, PracticePageFactory
from tests.utils import after_commit

from .conftest import practice_data

pytestmark = pytest.mark.django_db
User = get_user_model()


def sign_up(client, **overrides):
    data = {
        "email": "new@example.org",
        "display_name": "Amina Yusuf",
        "password1": "a-long-and-unusual-password",
        "password2": "a-long-and-unusual-password",
        "new_organisation": "Wajir Women for Peace",
    }
    data.update(overrides)
    with after_commit():
        return client.post("/accounts/signup/", data)


def test_sign_up_verifies_the_email_then_logs_in(client, practice_index):
    response = sign_up(client)
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert not user.has_perm("wagtailadmin.access_admin")
    # A member cannot sign in before verifying.
    client.logout()
    with after_commit():
        login = client.post(
            "/accounts/login/",
            {"login": "new@example.org", "password": "a-long-and-unusual-password"},
        )
    assert "/accounts/confirm-email/" in login["Location"]
    link = re.search(r"http://testserver(/accounts/confirm-email/[^\s]+)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    page = client.get(link.group(1))
    assert page.status_code == 200
    client.post(link.group(1))
    login = client.post(
        "/accounts/login/", {"login": "new@example.org", "password": "a-long-and-unusual-password"}
    )
    assert login.status_code == 302
    assert client.get("/my/submissions/").status_code == 200


def test_proposed_organisation_waits_for_an_editor(client, practice_index):
    sign_up(client)
    membership = OrganisationMembership.objects.get(user__email="new@example.org")
    assert membership.organisation.name == "Wajir Women for Peace"
    assert membership.organisation.confirmed is False
    assert membership.confirmed is False
    # A proposed organisation is not offered to others until an editor confirms it.
    form = client.get("/accounts/signup/").content.decode()
    assert "Wajir Women for Peace" not in form


def test_choose_an_existing_organisation(client, practice_index):
    organisation = OrganisationFactory(name="Existing network", publicly_known=True)
    sign_up(client, new_organisation="", organisation=str(organisation.pk))
    membership = OrganisationMembership.objects.get(user__email="new@example.org")
    assert membership.organisation == organisation


def test_honeypot_refuses_bots(client, practice_index):
    response = sign_up(client, website_url="http://spam.example")
    assert response.status_code == 200
    assert not User.objects.filter(email="new@example.org").exists()


def test_sign_up_is_rate_limited(client, practice_index, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/h/ip"}
    for n in range(2):
        client.logout()
        sign_up(client, email=f"n{n}@example.org")
    client.logout()
    response = sign_up(client, email="n3@example.org")
    assert response.status_code == 429
    assert not User.objects.filter(email="n3@example.org").exists()


def test_password_reset_sends_a_link(client, member, practice_index):
    with after_commit():
        response = client.post("/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302
    assert "/accounts/password/reset/key/" in mail.outbox[-1].body


def test_download_everything_about_me(member_client, member, practice_index):
    OrganisationMembership.objects.create(user=member, organisation=OrganisationFactory())
    page = member_client.get("/practices/submit/")
    member_client.post("/practices/submit/", practice_data(form_token=page.context["form_token"]))
    response = member_client.get("/my/account/data.json")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == member.email
    assert data["organisation"]["confirmed"] is False
    assert data["practices"][0]["title"] == "Women mediators of Wajir"
    assert data["practices"][0]["contact_email"] == "amina@example.org"


def test_delete_account_keeps_published_and_deletes_drafts(member_client, member, practice_index):
    published = PracticePageFactory(owner=member)
    draft_page = PracticePageFactory(owner=member, live=False)
    response = member_client.post("/my/account/delete/", {"confirm": "delete"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    published.refresh_from_db()
    assert published.live and published.owner is None
    assert not PracticePage.objects.filter(pk=draft_page.pk).exists()


def test_delete_needs_confirmation(member_client, member, practice_index):
    member_client.post("/my/account/delete/", {})
    assert User.objects.filter(pk=member.pk).exists()


def test_member_changes_organisation(member_client, member, practice_index):
    page = member_client.get("/my/account/")
    assert page.status_code == 200
    response = member_client.post(
        "/my/account/", {"display_name": "Amina", "new_organisation": "Garissa Women Forum"}
    )
    assert response.status_code == 302
    membership = OrganisationMembership.objects.get(user=member)
    assert membership.organisation.name == "Garissa Women Forum"
    assert not membership.confirmed and not membership.organisation.confirmed
    chosen = OrganisationFactory(name="Confirmed network", publicly_known=True)
    both = member_client.post(
        "/my/account/",
        {"display_name": "Amina", "organisation": str(chosen.pk), "new_organisation": "Another"},
    )
    assert both.status_code == 400
    assert "not both" in both.content.decode()
