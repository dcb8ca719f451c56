"""Who is who (issue 14, item 1): the member's display name, given at sign-up and changed on My
account, names them to themselves, in e-mails and to the editors; never to the public."""

import json
import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

import pytest

from members.models import MemberProfile
from practices.models import Organisation, OrganisationMembership
from tests.factories import OrganisationFactory, editor
from tests.utils import after_commit

from .helpers import logged_in, submit_new, task_state_of

pytestmark = pytest.mark.django_db
User = get_user_model()
NAME = "Hodan Abdi Warsame"


def sign_up(client, **overrides):
    data = {
        "email": "hodan@example.org",
        "display_name": NAME,
        "password1": "a-long-and-unusual-password",
        "password2": "a-long-and-unusual-password",
        "new_organisation": "Galkayo Women Mediators",
    }
    data.update(overrides)
    with after_commit():
        return client.post("/accounts/signup/", data)


def test_sign_up_stores_the_display_name_and_the_confirmation_names_the_member(
    client, practice_index
):
    response = sign_up(client)
    assert response.status_code == 302
    user = User.objects.get(email="hodan@example.org")
    assert user.member_profile.display_name == NAME
    # allauth's confirmation e-mail and page name the member, not the made-up username.
    body = mail.outbox[-1].body
    assert user.username not in body.replace(user.email, "")
    link = re.search(r"http://testserver(/accounts/confirm-email/[^\s]+)", body).group(1)
    page = client.get(link).content.decode()
    assert f"for user {NAME}" in page
    assert user.username not in page.replace(user.email, "")


def test_the_display_name_is_required(client, practice_index):
    response = sign_up(client, display_name="  ")
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not User.objects.filter(email="hodan@example.org").exists()


@pytest.mark.parametrize("name", ["x" * 81, "Hodan\nAbdi", "Hodan\x07"])
def test_a_too_long_or_multi_line_or_control_name_is_refused(client, practice_index, name):
    response = sign_up(client, display_name=name)
    assert response.status_code == 200
    assert not User.objects.filter(email="hodan@example.org").exists()
    assert not MemberProfile.objects.exists()


def test_my_account_changes_the_name_and_says_it(member_client, member, practice_index):
    page = member_client.get("/my/account/").content.decode()
    assert 'name="display_name"' in page
    response = member_client.post("/my/account/", {"display_name": "Fadumo"})
    assert response.status_code == 302
    assert MemberProfile.objects.get(user=member).display_name == "Fadumo"
    assert "Signed in as Fadumo" in member_client.get("/my/account/").content.decode()


def test_my_account_refuses_an_empty_name(member_client, member, practice_index):
    MemberProfile.objects.create(user=member, display_name="Fadumo")
    response = member_client.post("/my/account/", {"display_name": ""})
    assert response.status_code == 400
    assert MemberProfile.objects.get(user=member).display_name == "Fadumo"


def test_data_download_has_it_and_account_removal_removes_it(member_client, member, practice_index):
    MemberProfile.objects.create(user=member, display_name="Fadumo")
    data = json.loads(member_client.get("/my/account/data.json").content)
    assert data["account"]["display_name"] == "Fadumo"
    member_client.post("/my/account/delete/", {"confirm": "delete"})
    assert not MemberProfile.objects.exists()
    assert not User.objects.filter(pk=member.pk).exists()


def test_the_header_names_the_member_and_offers_sign_out(member_client, member, practice_index):
    MemberProfile.objects.create(user=member, display_name="Fadumo")
    html = member_client.get("/practices/").content.decode()
    header = html.split("</header>")[0]
    assert "Fadumo" in header
    form = re.search(
        r'<form method="post" action="/accounts/logout/"[^>]*>(.*?)</form>', header, re.S
    )
    assert form, header
    assert "csrfmiddlewaretoken" in form.group(1)
    assert "Sign out" in form.group(1)
    # And the form signs out.
    member_client.post("/accounts/logout/")
    assert "Sign out" not in member_client.get("/practices/").content.decode().split("</header>")[0]


def test_review_e_mails_greet_the_member_by_name(member_client, member, practice_index):
    MemberProfile.objects.create(user=member, display_name="Fadumo")
    practice = submit_new(member_client)
    an_editor = editor("editor-name")
    with after_commit():
        task_state_of(practice).task.specific.on_action(
            task_state_of(practice), an_editor, "reject", comment="Name the district."
        )
    sent = [m for m in mail.outbox if m.to == [member.email]]
    assert sent and sent[-1].body.startswith("Dear Fadumo,")


def test_editors_see_name_e_mail_and_organisation_on_contact_and_safety(
    member_client, member, practice_index
):
    MemberProfile.objects.create(user=member, display_name="Fadumo")
    organisation = Organisation.objects.create(name="Galkayo Women Mediators", confirmed=False)
    OrganisationMembership.objects.create(user=member, organisation=organisation)
    practice = submit_new(member_client)
    html = logged_in(editor("editor-panel")).get(f"/admin/pages/{practice.pk}/edit/")
    html = html.content.decode()
    panel = html.split("Submitted by", 1)[1]
    assert "Fadumo" in panel and member.email in panel
    assert "Galkayo Women Mediators: organisation not confirmed yet" in panel


def test_the_name_is_never_public(member_client, member, practice_index):
    """Published, the practice names its organisation, never its member."""
    MemberProfile.objects.create(user=member, display_name="Zamzam Unique-Name")
    organisation = OrganisationFactory(name="Named Forum", publicly_known=True)
    practice = submit_new(member_client, organisations=[str(organisation.pk)])
    an_editor = editor("editor-public")
    with after_commit():
        task_state_of(practice).task.specific.on_action(
            task_state_of(practice), an_editor, "approve"
        )
    practice.refresh_from_db()
    assert practice.live
    for url in (
        practice.url,
        "/practices/",
        "/api/v1/practices/",
        f"/api/v1/practices/{practice.pk}/",
        "/practices/export.csv",
        "/practices/feed/",
    ):
        response = Client().get(url)
        assert response.status_code == 200, url
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        assert "Zamzam" not in body, url
        assert practice.title in body, url
