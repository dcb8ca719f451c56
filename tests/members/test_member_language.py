"""A member's language: chosen at sign-up (the page's), changed in My account, and the language of
every e-mail to them, whoever's request sends it. A visitor's digests follow the language in which
they confirmed. Until the catalogues are translated, what shows the language is what does not
depend on them: the links (/ar/..., /fr/...) and the country names (CLDR's)."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

import pytest

from following.models import Follow
from members.models import MemberProfile, language_of
from tests.factories import PracticePageFactory
from tests.utils import after_commit

from .helpers import submit_new, task_state_of

pytestmark = pytest.mark.django_db
User = get_user_model()


def language_now(user):
    return language_of(User.objects.get(pk=user.pk))


def speaks(user, language):
    MemberProfile.objects.update_or_create(
        user=user, defaults={"display_name": "Amina", "language": language}
    )


def test_sign_up_keeps_the_language_of_the_page(client, practice_index):
    with after_commit():
        response = client.post(
            "/fr/accounts/signup/",
            {
                "email": "new@example.org",
                "display_name": "Awa Traoré",
                "password1": "a-long-and-unusual-password",
                "password2": "a-long-and-unusual-password",
                "new_organisation": "Femmes de Gao",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert language_of(user) == "fr"
    # The address confirmation went out in French: its link is under /fr/.
    [message] = [m for m in mail.outbox if m.to == ["new@example.org"]]
    assert re.search(r"http://\S+/fr/accounts/confirm-email/\S+", message.body), message.body


def test_my_account_changes_the_language(member_client, member):
    speaks(member, "en")
    page = member_client.get("/my/account/").content.decode()
    assert 'name="language"' in page
    response = member_client.post(
        "/my/account/", {"display_name": "Amina", "organisation": "", "language": "ar"}
    )
    assert response.status_code == 302
    assert language_now(member) == "ar"
    refused = member_client.post(
        "/my/account/", {"display_name": "Amina", "organisation": "", "language": "xx"}
    )
    assert refused.status_code == 400
    assert language_now(member) == "ar"


def test_an_editors_approval_reaches_the_member_in_their_language(
    member_client, member, an_editor, practice_index
):
    practice = submit_new(member_client)
    speaks(member, "ar")
    mail.outbox.clear()
    # The editor works in English (the admin is not prefixed); the member reads Arabic.
    with translation.override("en"), after_commit():
        task_state_of(practice).approve(user=an_editor)
    [message] = [m for m in mail.outbox if m.to == [member.email]]
    assert f"/ar/practices/{practice.slug}/" in message.body
    assert "/ar/my/submissions/" in message.body
    assert translation.get_language() == "en"


def test_changes_requested_reach_the_member_in_their_language(
    member_client, member, an_editor, practice_index
):
    practice = submit_new(member_client)
    speaks(member, "es")
    mail.outbox.clear()
    with translation.override("en"), after_commit():
        task_state_of(practice).reject(user=an_editor)
    [message] = [m for m in mail.outbox if m.to == [member.email]]
    assert "/es/my/submissions/" in message.body


def test_the_contact_relay_writes_in_the_owners_language(client, member, practice_index):
    speaks(member, "fr")
    practice = PracticePageFactory(
        parent=practice_index, contact_email="c@example.org", owner=member
    )
    with after_commit():
        client.post(
            f"/contact/practice/{practice.pk}/",
            {"name": "Visitor", "email": "v@example.org", "message": "Hello"},
        )
    [message] = [m for m in mail.outbox if m.to == ["c@example.org"]]
    assert f"/fr/practices/{practice.slug}/" in message.body
    assert "Hello" in message.body


def test_a_password_reset_is_sent_in_the_members_language(client, member):
    speaks(member, "ar")
    with after_commit():
        client.post("/accounts/password/reset/", {"email": member.email})
    [message] = [m for m in mail.outbox if m.to == [member.email]]
    assert "/ar/accounts/password/reset/key/" in message.body


def earlier():
    return timezone.now() - datetime.timedelta(hours=1)


def test_a_members_digest_is_in_their_language(member, practice_index):
    speaks(member, "fr")
    Follow.objects.create(
        user=member, kind="country", key="YE", confirmed_at=earlier(), last_sent_at=earlier()
    )
    PracticePageFactory(parent=practice_index, title="Peace circles", countries=["YE"])
    call_command("send_digests")
    [message] = [m for m in mail.outbox if m.to == [member.email]]
    assert "Yémen" in message.body
    assert "/fr/follows/" in message.body


def test_a_visitors_digest_is_in_the_language_they_confirmed_in(client, practice_index):
    with after_commit():
        client.post(
            "/ar/follow/",
            {"kind": "country", "key": "YE", "frequency": "weekly", "email": "v@example.org"},
        )
    link = re.search(r"http://\S+/follow/confirm/\S+/", mail.outbox[0].body).group(0)
    assert "/ar/follow/confirm/" in link
    client.post(link.replace("http://testserver", "").replace("/ar/", "/es/", 1))
    follow = Follow.objects.get()
    assert (follow.confirmed_at is not None, follow.language) == (True, "es")
    Follow.objects.update(last_sent_at=earlier())
    PracticePageFactory(parent=practice_index, title="Peace circles", countries=["YE"])
    mail.outbox.clear()
    translation.activate("en")
    call_command("send_digests")
    [message] = [m for m in mail.outbox if m.to == ["v@example.org"]]
    assert "/es/follows/" in message.body
    assert "/es/unsubscribe/" in message.body


def test_signing_out_stays_in_the_language_being_read(member_client):
    response = member_client.post("/ar/accounts/logout/")
    assert (response.status_code, response["Location"]) == (302, "/ar/")


def test_an_arabic_digest_is_written_right_to_left(member, practice_index):
    speaks(member, "ar")
    Follow.objects.create(
        user=member, kind="country", key="YE", confirmed_at=earlier(), last_sent_at=earlier()
    )
    PracticePageFactory(parent=practice_index, title="Peace circles", countries=["YE"])
    call_command("send_digests")
    [message] = [m for m in mail.outbox if m.to == [member.email]]
    html = message.alternatives[0][0]
    assert '<html lang="ar" dir="rtl">' in html
    assert "اليمن" in html
