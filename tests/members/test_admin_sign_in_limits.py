"""Every way in counts against allauth's limits: the admin's sign-in and password reset lead to
the members' pages (/accounts/...), so that nobody can try passwords or send reset mails past
ACCOUNT_RATE_LIMITS, and editors still reach the admin."""

from urllib.parse import parse_qs, urlsplit

from django.core import mail

import pytest
from allauth.account.models import EmailAddress

from tests.factories import editor
from tests.utils import after_commit

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


def verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def is_signed_in(client):
    return "_auth_user_id" in client.session


def test_admin_login_sends_to_the_members_sign_in_with_next(client, home_page):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/accounts/login/"
    assert parse_qs(location.query)["next"] == ["/admin/pages/"]
    # Unauthenticated visitors of the admin end up there too.
    response = client.get("/admin/pages/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=")


def test_admin_login_ignores_an_unsafe_next(client, home_page):
    response = client.get("/admin/login/?next=https://elsewhere.example/")
    assert "elsewhere.example" not in response["Location"]


def test_admin_login_checks_no_password(client, member, home_page):
    # A correct password posted to the admin's form signs nobody in: it is never checked there.
    for login in (member.username, member.email):
        response = client.post("/admin/login/", {"username": login, "password": PASSWORD})
        assert response.status_code == 302
        assert urlsplit(response["Location"]).path == "/accounts/login/"
        assert not is_signed_in(client)


def test_a_member_locked_out_by_allauth_stays_out_at_the_admin_login(client, member, home_page):
    verified(member)
    for _ in range(5):
        client.post("/accounts/login/", {"login": member.email, "password": "wrong-password"})
    locked = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert not is_signed_in(client)
    assert "Too many failed login attempts" in locked.content.decode()
    client.post("/admin/login/", {"username": member.email, "password": PASSWORD})
    assert not is_signed_in(client)


def test_admin_password_reset_goes_through_allauths_limits(client, member, home_page):
    with after_commit():
        response = client.post("/admin/password_reset/", {"email": member.email})
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/accounts/password/reset/"
    assert mail.outbox == []
    # Wagtail's own reset pages are switched off, its confirmation links too.
    assert client.get("/admin/password_reset/done/").status_code == 404
    assert client.get("/admin/password_reset/confirm/MQ/set-password/").status_code == 404
    # allauth's reset page sends at most five mails a minute to one address.
    for _ in range(10):
        with after_commit():
            client.post("/accounts/password/reset/", {"email": member.email})
    assert len(mail.outbox) == 5


def test_editor_signs_in_by_email_and_reaches_the_admin(client, home_page):
    user = verified(editor())
    start = client.get("/admin/pages/", follow=True)
    next_url = parse_qs(urlsplit(start.redirect_chain[-1][0]).query)["next"][0]
    response = client.post(
        f"/accounts/login/?next={next_url}", {"login": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    # Signed in, the admin's log-in address goes straight on.
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response["Location"] == "/admin/pages/"


def test_a_signed_in_member_is_refused_the_admin_without_a_loop(client, member, home_page):
    client.force_login(member)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "no access to the admin" in response.content.decode()
    assert len(response.redirect_chain) == 1
