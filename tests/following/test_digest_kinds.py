"""Each kind of target finds its own news, and only public news."""

import datetime
from urllib.parse import quote

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from actions.models import Participation
from following.models import Follow
from monitoring.models import MonitoringNote
from tests.factories import (
    FrameworkPageFactory,
    JointActionPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    ProvisionFactory,
)

pytestmark = pytest.mark.django_db


def follower(email, kind, key):
    earlier = timezone.now() - datetime.timedelta(hours=1)
    return Follow.objects.create(
        email=email, kind=kind, key=str(key), confirmed_at=earlier, last_sent_at=earlier
    )


def digest_to(address):
    found = [m for m in mail.outbox if m.to == [address]]
    assert len(found) <= 1
    return found[0].body if found else None


def test_a_saved_search_and_a_theme_find_their_new_practices(practice_index):
    follower("search@example.org", "search", "theme=mediation&country=KE")
    follower("theme@example.org", "theme", "radio")
    PracticePageFactory(title="Wajir mediators", countries=["KE"], themes=["mediation"])
    PracticePageFactory(title="Gulu mediators", countries=["UG"], themes=["mediation"])
    PracticePageFactory(title="Garissa radio", countries=["KE"], themes=["radio"])
    call_command("send_digests")
    search = digest_to("search@example.org")
    assert "Wajir mediators" in search
    assert "Gulu" not in search and "Garissa" not in search
    theme = digest_to("theme@example.org")
    assert "Garissa radio" in theme and "Wajir" not in theme


def test_view_restricted_practices_never_appear(practice_index):
    follower("kenya@example.org", "country", "KE")
    practice = PracticePageFactory(title="Hidden circle", countries=["KE"])
    PageViewRestriction.objects.create(
        page=practice, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    call_command("send_digests")
    assert mail.outbox == []


def test_provision_follows_hear_of_practices_actions_and_notes(practice_index):
    plan = FrameworkPageFactory(title="Kenya NAP II", country="KE")
    plan.save_revision().publish()
    provision = ProvisionFactory(framework=plan, code="1.2")
    other = ProvisionFactory(framework=plan, code="1.3")
    follower("provision@example.org", "provision", provision.pk)
    follower("framework@example.org", "framework", plan.pk)
    follower("other@example.org", "provision", other.pk)
    # Not confirmed by the editors: its name is never public.
    organisation = OrganisationFactory(name="Secret circle", confirmed=False)
    action = JointActionPageFactory(title="Document local plans")
    action.provision_links.create(provision=provision)
    action.save()
    Participation.objects.create(action=action, organisation=organisation)
    PracticePageFactory(title="Wajir mediators", provisions=[(provision, "implements")])
    note = MonitoringNote(
        provision=provision,
        organisation=organisation,
        status="in-progress",
        from_year=2024,
        to_year=2024,
        evidence="Two committees.",
        location="Secret village",
        withhold_organisation=True,
    )
    note.save()
    note.save_revision().publish()

    call_command("send_digests")
    for address in ("provision@example.org", "framework@example.org"):
        body = digest_to(address)
        assert "Wajir mediators" in body
        assert "Document local plans" in body and "1 organisation joined" in body
        assert "Monitoring note" in body and "Kenya NAP II, 1.2" in body
        assert "Secret village" not in body and "Secret circle" not in body
    assert "Plan added to the registry" in digest_to("framework@example.org")
    assert digest_to("other@example.org") is None


def test_a_followed_country_hears_of_a_new_plan(practice_index):
    follower("kenya@example.org", "country", "KE")
    follower("uganda@example.org", "country", "UG")
    FrameworkPageFactory(title="Kenya NAP III", country="KE").save_revision().publish()
    call_command("send_digests")
    assert "Kenya NAP III" in digest_to("kenya@example.org")
    assert digest_to("uganda@example.org") is None


def test_every_followable_page_has_the_form(client, practice_index):
    plan = FrameworkPageFactory(title="Kenya NAP II", country="KE")
    provision = ProvisionFactory(framework=plan, code="1.2")
    action = JointActionPageFactory(title="Document local plans")
    PracticePageFactory(title="Wajir mediators", countries=["KE"], themes=["mediation"])
    pages = {
        reverse("country_profile", args=["KE"]): ("country", "KE"),
        plan.url: ("framework", str(plan.pk)),
        plan.provision_url(provision): ("provision", str(provision.pk)),
        action.url: ("action", str(action.pk)),
        practice_index.url + "?theme=mediation": ("theme", "mediation"),
        practice_index.url + "?country=ke&page=1&junk=2": ("search", "country=KE"),
    }
    for url, (kind, key) in pages.items():
        html = client.get(url).content.decode()
        if url.startswith(practice_index.url):
            # A search sets no cookie: the listing links to the form's own page.
            link = f"/follow/?kind={kind}&amp;key={quote(key, safe='')}"
            assert link in html, url
            html = client.get(link.replace("&amp;", "&")).content.decode()
        assert 'action="/follow/"' in html, url
        assert f'name="kind" value="{kind}"' in html, url
        assert f'name="key" value="{key}"' in html, url


def test_a_listing_query_the_parser_refuses_offers_nothing_to_follow(client, practice_index):
    html = client.get(practice_index.url + "?sort=nonsense").content.decode()
    assert "/follow/" not in html
    html = client.get(practice_index.url).content.decode()
    assert "/follow/?kind=search&amp;key=" in html
