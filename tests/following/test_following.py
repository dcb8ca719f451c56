import datetime
import re

from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from following.models import Follow
from following.targets import normalise_search, resolve
from tests.factories import OrganisationFactory, PracticePageFactory, UserFactory
from tests.utils import after_commit

pytestmark = pytest.mark.django_db


def follow_as_visitor(client, email, kind="country", key="KE", **extra):
    with after_commit():
        return client.post(
            reverse("following:follow"),
            {"kind": kind, "key": key, "email": email, "frequency": "weekly", **extra},
        )


def confirm_link(message):
    return re.search(r"http://\S+/follow/confirm/\S+/", message.body).group(0)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def an_hour_ago_follow(**fields):
    """A confirmed follow whose last digest was an hour ago."""
    earlier = timezone.now() - datetime.timedelta(hours=1)
    return Follow.objects.create(confirmed_at=earlier, last_sent_at=earlier, **fields)


# Normalisation


def test_equivalent_listing_addresses_are_one_saved_search(practice_index):
    a = normalise_search("country=ke&country=UG&theme=mediation&page=3&sort=title&junk=1")
    b = normalise_search("theme=mediation&country=UGA&country=KE")
    assert a == b == "country=KE&country=UG&theme=mediation"
    assert normalise_search("q=++land+++rights+") == "q=land+rights"
    assert normalise_search("sort=nonsense") is None
    assert normalise_search("country=KE&" * 5000) is None


def test_unknown_targets_resolve_to_nothing(practice_index):
    assert resolve("country", "ZZ") is None
    assert resolve("framework", "999999") is None
    assert resolve("action", "99999999999999999999") is None
    assert resolve("theme", "no such theme") is None
    assert resolve("unknown", "KE") is None
    assert resolve("country", "ken").key == "KE"


# Following from the site


def test_a_member_follows_with_one_click(client, practice_index):
    member = UserFactory(email="m@example.org")
    client.force_login(member)
    response = client.post(
        reverse("following:follow"), {"kind": "country", "key": "KE", "frequency": "weekly"}
    )
    assert response.status_code == 302
    follow = Follow.objects.get()
    assert (follow.user, follow.kind, follow.key) == (member, "country", "KE")
    assert follow.confirmed_at is not None
    client.post(reverse("following:follow"), {"kind": "country", "key": "ke", "frequency": "daily"})
    assert Follow.objects.count() == 1
    page = client.get(reverse("following:mine"))
    assert "Kenya" in page.content.decode()


def test_double_opt_in_sends_nothing_before_the_confirmation(client, practice_index):
    response = follow_as_visitor(client, "Visitor@Example.org")
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["visitor@example.org"]
    link = confirm_link(mail.outbox[0])
    follow = Follow.objects.get()
    assert follow.confirmed_at is None

    PracticePageFactory(title="Kenyan mediators", countries=["KE"])
    call_command("send_digests")
    assert len(mail.outbox) == 1  # the confirmation only

    # A mail scanner opening the link confirms nothing.
    assert client.get(path_of(link)).status_code == 200
    follow.refresh_from_db()
    assert follow.confirmed_at is None
    response = client.post(path_of(link))
    assert response.status_code == 302
    follow.refresh_from_db()
    assert follow.confirmed_at is not None
    manage = client.get(response.url)
    assert "Kenya" in manage.content.decode()


def test_the_same_answer_whether_or_not_the_address_follows(client, practice_index):
    first = follow_as_visitor(client, "v@example.org")
    again = follow_as_visitor(client, "v@example.org")
    assert first.content == again.content
    assert len(mail.outbox) == 1  # the confirmation is sent at most once an hour
    assert Follow.objects.count() == 1


def test_hostile_input_gets_a_plain_answer(client, practice_index):
    assert follow_as_visitor(client, "not an address").status_code == 400
    assert follow_as_visitor(client, "v@example.org", key="ZZ").status_code == 404
    assert (
        follow_as_visitor(client, "v@example.org", kind="search", key="x=" * 3000).status_code
        == 400
    )
    assert (
        follow_as_visitor(client, "v@example.org", kind="search", key="page=0").status_code == 404
    )
    assert follow_as_visitor(client, "v@example.org", kind="nonsense").status_code == 400
    assert client.get("/follow/confirm/forged/").status_code == 404
    assert client.get("/follows/forged/").status_code == 404
    assert client.post("/unsubscribe/forged/").status_code == 404
    # The form's own page (the listing links there): nothing to follow, nothing found.
    assert client.get(reverse("following:follow")).status_code == 404
    assert (
        client.get(reverse("following:follow"), {"kind": "country", "key": "ZZ"}).status_code == 404
    )
    page = client.get(reverse("following:follow"), {"kind": "country", "key": "KE"})
    assert page.status_code == 200 and b'name="email"' in page.content
    assert Follow.objects.count() == 0
    assert mail.outbox == []


def test_the_honeypot_refuses_bots(client, practice_index):
    response = follow_as_visitor(client, "v@example.org", website_url="http://spam")
    assert response.status_code == 400
    assert Follow.objects.count() == 0


def test_follow_sign_ups_are_rate_limited(client, settings, practice_index):
    settings.KB_RATE_LIMITS = {**settings.KB_RATE_LIMITS, "follow-address": "2/d", "follow": "4/h"}
    assert follow_as_visitor(client, "v@example.org", key="KE").status_code == 200
    assert follow_as_visitor(client, "v@example.org", key="UG").status_code == 200
    assert follow_as_visitor(client, "v@example.org", key="SO").status_code == 429
    assert follow_as_visitor(client, "w@example.org", key="KE").status_code == 200
    assert follow_as_visitor(client, "x@example.org", key="KE").status_code == 429  # per IP
    assert Follow.objects.filter(email="v@example.org").count() == 2


# Digests


def test_a_digest_lists_the_practices_published_in_a_followed_country(practice_index):
    kenya = an_hour_ago_follow(email="kenya@example.org", kind="country", key="KE")
    an_hour_ago_follow(email="uganda@example.org", kind="country", key="UG")
    quiet = an_hour_ago_follow(email="quiet@example.org", kind="country", key="SO")
    secret = OrganisationFactory(name="Secret women's circle", confirmed=True)
    named = OrganisationFactory(name="Open women's forum", confirmed=True)
    PracticePageFactory(
        title="Wajir mediators",
        countries=["KE"],
        organisations=[secret],
        withhold_organisation=True,
    )
    PracticePageFactory(title="Garissa radio", countries=["KE"], organisations=[named])
    PracticePageFactory(title="Gulu dialogues", countries=["UG"], live=False)

    call_command("send_digests", frequency="weekly")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kenya@example.org"]
    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert "Wajir mediators" in text and "Garissa radio" in text
        assert "Open women" in text
        assert "Secret women" not in text
        assert "Gulu" not in text
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    kenya.refresh_from_db()
    quiet.refresh_from_db()
    assert kenya.last_sent_at > timezone.now() - datetime.timedelta(minutes=1)
    assert quiet.last_sent_at < timezone.now() - datetime.timedelta(minutes=30)

    call_command("send_digests")  # nothing changed since
    assert len(mail.outbox) == 1


def test_daily_and_weekly_follows_go_out_with_their_own_run(practice_index):
    an_hour_ago_follow(email="daily@example.org", kind="country", key="KE", frequency="daily")
    PracticePageFactory(title="Wajir mediators", countries=["KE"])
    call_command("send_digests", frequency="weekly")
    assert mail.outbox == []
    call_command("send_digests", frequency="daily")
    assert [m.to for m in mail.outbox] == [["daily@example.org"]]


def test_a_failed_send_leaves_the_news_for_the_next_digest(settings, practice_index):
    follow = an_hour_ago_follow(email="kenya@example.org", kind="country", key="KE")
    before = follow.last_sent_at
    PracticePageFactory(title="Wajir mediators", countries=["KE"])
    settings.EMAIL_DELIVERY_BACKEND = "tests.following.failing.FailingBackend"
    call_command("send_digests")
    follow.refresh_from_db()
    assert follow.last_sent_at == before
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_digests")
    assert len(mail.outbox) == 1 and "Wajir mediators" in mail.outbox[0].body


def test_unsubscribe_from_the_header_without_signing_in(practice_index):
    an_hour_ago_follow(email="kenya@example.org", kind="country", key="KE")
    an_hour_ago_follow(email="kenya@example.org", kind="theme", key="x", frequency="daily")
    other = an_hour_ago_follow(email="other@example.org", kind="country", key="KE")
    PracticePageFactory(title="Wajir mediators", countries=["KE"])
    call_command("send_digests")
    message = next(m for m in mail.outbox if m.to == ["kenya@example.org"])
    url = re.match(r"<([^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    client = Client(enforce_csrf_checks=True)
    assert client.get(path_of(url)).status_code == 200
    assert Follow.objects.filter(email="kenya@example.org").count() == 2
    response = client.post(path_of(url), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Follow.objects.filter(email="kenya@example.org").exists()
    assert Follow.objects.filter(pk=other.pk).exists()


def test_the_manage_link_changes_frequency_and_cancels(client, practice_index):
    follow = an_hour_ago_follow(email="kenya@example.org", kind="country", key="KE")
    other = an_hour_ago_follow(email="other@example.org", kind="country", key="UG")
    PracticePageFactory(title="Wajir mediators", countries=["KE"])
    call_command("send_digests")
    link = re.search(r"http://\S+/follows/\S+/", mail.outbox[0].body).group(0)
    page = path_of(link)
    assert "Kenya" in client.get(page).content.decode()
    client.post(page, {"follow": follow.pk, "frequency": "daily", "action": "frequency"})
    follow.refresh_from_db()
    assert follow.frequency == "daily"
    # Another subscriber's follow cannot be touched from this page.
    assert client.post(page, {"follow": other.pk, "action": "cancel"}).status_code == 404
    client.post(page, {"follow": follow.pk, "action": "cancel"})
    assert not Follow.objects.filter(pk=follow.pk).exists()
    assert Follow.objects.filter(pk=other.pk).exists()


# The member's data


def test_account_removal_removes_follows_and_the_download_lists_them(client, practice_index):
    member = UserFactory(email="m@example.org")
    Follow.objects.create(user=member, kind="country", key="KE", confirmed_at=timezone.now())
    client.force_login(member)
    data = client.get(reverse("member_data")).json()
    assert [(f["kind"], f["target"]) for f in data["follows"]] == [("country", "KE")]
    client.post(reverse("member_delete"), {"confirm": "delete"})
    assert not Follow.objects.exists()
