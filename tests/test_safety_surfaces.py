"""Every public surface, walked for what must never show: the organisation of a practice that
withholds its organisations' names, the place below country level of a practice shown at country
level only, and an organisation that a member proposed and no editor has confirmed.

One practice withholds both; its organisation is named nowhere else. A member proposed another
organisation, whose membership an editor confirmed but not the organisation itself, and joined a
joint action for it. Every page, search, API, export, feed, sitemap, profile and form that a
visitor or another member can open is read in full, and neither organisation nor the place may
appear in any of it, nor be findable by searching for it."""

from django.test import Client

import pytest

from actions.models import Participation
from tests.factories import (
    EventPageFactory,
    FrameworkPageFactory,
    JointActionPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    ProvisionFactory,
    UserFactory,
    member_of,
)

pytestmark = pytest.mark.django_db

WITHHELD = "Quiet Hands Collective"
UNCONFIRMED = "Unverified Sisters Circle"
HIDDEN_PLACE = "Qardho district"
SECRETS = (WITHHELD, UNCONFIRMED, HIDDEN_PLACE, "Quiet Hands", "Qardho", "Unverified Sisters")


@pytest.fixture
def world(practice_index, framework_index):
    from actions.models import EventIndexPage, JointActionIndexPage

    home = practice_index.get_parent()
    if not JointActionIndexPage.objects.exists():
        home.add_child(instance=JointActionIndexPage(title="Joint actions", slug="actions"))
    if not EventIndexPage.objects.exists():
        home.add_child(instance=EventIndexPage(title="Events", slug="events"))

    plan = FrameworkPageFactory(title="Somalia National Action Plan", kind="nap", country="SO")
    provision = ProvisionFactory(framework=plan, code="1.1", text="Women in local mediation.")
    withheld = OrganisationFactory(name=WITHHELD)
    practice = PracticePageFactory(
        title="Mediation circles of the north-east",
        countries=["SO"],
        organisations=[withheld],
        provisions=[(provision, "implements")],
        location=HIDDEN_PLACE,
        withhold_organisation=True,
        country_level_only=True,
    )
    unconfirmed = OrganisationFactory(name=UNCONFIRMED, confirmed=False)
    proposer = member_of(unconfirmed, username="proposer")
    action = JointActionPageFactory(countries=["SO"], practices=[practice])
    Participation.objects.create(action=action, organisation=unconfirmed, joined_by=proposer)
    event = EventPageFactory()
    # A published monitoring note of the provision by the same organisation, withholding it
    # and its place too.
    from monitoring.models import MonitoringNote

    note = MonitoringNote(
        provision=provision, organisation=withheld, status="in-progress", from_year=2023,
        to_year=2024, evidence="Two mediation circles met monthly.", location=HIDDEN_PLACE,
        withhold_organisation=True, country_level_only=True, live=False,
    )  # fmt: skip
    note.save()
    note.save_revision().publish()
    return {
        "practice": practice,
        "plan": plan,
        "provision": provision,
        "action": action,
        "event": event,
        "proposer": proposer,
    }


SEARCH_WORDS = ("Quiet", "Hands", "Collective", "Qardho", "Unverified", "Sisters")


def public_urls(world):
    practice, plan = world["practice"], world["plan"]
    return [
        "/",
        practice.url,
        "/practices/",
        "/practices/?country=SO",
        "/api/v1/practices/",
        f"/api/v1/practices/{practice.pk}/",
        "/practices/export.csv",
        "/practices/export.csv?country=SO",
        "/practices/feed/",
        "/practices/feed/?country=SO",
        "/sitemap.xml",
        "/countries/",
        "/countries/?map=practices",
        "/countries/SO/",
        "/frameworks/",
        plan.url,
        f"/api/v1/frameworks/{plan.pk}/",
        f"{plan.url}provisions/{world['provision'].slug}/",
        "/api/v1/monitoring-notes/",
        "/monitoring/export.csv",
        "/monitoring/feed/",
        "/actions/",
        "/actions/?country=SO",
        world["action"].url,
        "/events/",
        world["event"].url,
        "/accounts/signup/",
        "/accounts/login/",
    ]


def search_urls():
    """Every search, by every word of the secrets: the query is echoed back, the practice must
    not be found by it."""
    return [
        f"{base}?q={word}"
        for base in ("/practices/", "/search/", "/api/v1/practices/", "/practices/export.csv")
        for word in SEARCH_WORDS
    ]


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    body = b"".join(response) if response.streaming else response.content
    return body.decode()


def assert_nothing_leaks(client, urls, world):
    for url in urls:
        body = read(client, url)
        for secret in SECRETS:
            assert secret not in body, f"{secret!r} on {url}"
    for url in search_urls():
        assert world["practice"].title not in read(client, url), f"found by {url}"


def test_a_visitor_finds_neither_the_withheld_nor_the_unconfirmed(world):
    # The practice itself is public, and found by its other words.
    assert world["practice"].title in read(Client(), "/practices/?q=mediation+circles")
    # So is the monitoring note, without its organisation or place.
    provision_page = f"{world['plan'].url}provisions/{world['provision'].slug}/"
    assert "Two mediation circles met monthly." in read(Client(), provision_page)
    assert "Two mediation circles met monthly." in read(Client(), "/monitoring/feed/")
    assert_nothing_leaks(Client(), public_urls(world), world)


def test_another_member_finds_neither_on_pages_or_forms(world):
    client = Client()
    client.force_login(UserFactory(username="someone-else"))
    urls = [*public_urls(world)[:-2], "/my/account/", "/practices/submit/", "/my/submissions/"]
    assert_nothing_leaks(client, urls, world)


def test_the_proposer_still_sees_their_own_organisation(world):
    client = Client()
    client.force_login(world["proposer"])
    assert UNCONFIRMED in read(client, "/my/account/")
