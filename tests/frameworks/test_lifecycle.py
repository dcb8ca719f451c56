"""A plan's life: which plans are to watch, and why, on a given day; the listing's "Plans to
watch" and its reading by country."""

import datetime
import re

import pytest

from core.vocabulary import FrameworkKind
from frameworks.lifecycle import last_end_year_within_a_year, plans_to_watch
from frameworks.models import FrameworkPage
from practices.models import PracticeFrameworkLink
from tests.factories import FrameworkPageFactory, PracticePageFactory, ProvisionFactory, draft

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


def watched(today=TODAY):
    return {
        f.title: f.watch_reason
        for f in plans_to_watch(FrameworkPage.objects.live().public(), today)
    }


@pytest.mark.parametrize(
    ("today", "last"),
    [
        (datetime.date(2026, 6, 1), 2026),
        (datetime.date(2026, 1, 1), 2026),
        (datetime.date(2026, 12, 31), 2027),  # 31 December 2027 is exactly a year away
        (datetime.date(2028, 2, 29), 2028),
    ],
)
def test_twelve_months_ahead_in_end_years(today, last):
    assert last_end_year_within_a_year(today) == last


def test_each_reason_on_an_injected_day(home_page):
    FrameworkPageFactory(title="Ends this year", country="KE", start_year=2022, end_year=2026)
    FrameworkPageFactory(title="Ends next year", country="UG", start_year=2022, end_year=2027)
    FrameworkPageFactory(title="Expired alone", country="NP", start_year=2018, end_year=2022)
    FrameworkPageFactory(title="Starts next year", country="ML", start_year=2027, end_year=2031)
    FrameworkPageFactory(title="Period unknown", country="SN", start_year=None, end_year=None)
    FrameworkPageFactory(
        title="Expired resolution",
        kind=FrameworkKind.RAP,
        country="",
        generation=None,
        start_year=2010,
        end_year=2015,
    )
    assert watched() == {
        "Ends this year": "ending-soon",
        "Expired alone": "expired-without-successor",
        "Starts next year": "in-development",
    }
    # On the last day of 2026, 31 December 2027 is twelve months away; 2026's plan has ended
    # but is still this year's, so it counts as ending, not as expired.
    assert watched(datetime.date(2026, 12, 31))["Ends next year"] == "ending-soon"
    assert watched(datetime.date(2027, 1, 1))["Ends this year"] == "expired-without-successor"
    # A year later the plan in development has started: no longer to watch.
    assert "Starts next year" not in watched(datetime.date(2027, 3, 1))


def test_reasons_in_words(home_page):
    FrameworkPageFactory(title="Nepal plan", country="NP", start_year=2018, end_year=2022)
    FrameworkPageFactory(title="Kenya plan", country="KE", start_year=2022, end_year=2026)
    FrameworkPageFactory(title="Mali plan", country="ML", start_year=2027, end_year=2031)
    words = {
        f.title: (f.watch_reason_label, f.watch_reason_words)
        for f in plans_to_watch(FrameworkPage.objects.all(), TODAY)
    }
    assert words == {
        "Kenya plan": ("Ends within twelve months", "Ends in 2026, within twelve months."),
        "Nepal plan": (
            "Expired, no successor in the registry",
            "Expired in 2022; no later plan of Nepal is in the registry.",
        ),
        "Mali plan": ("In development", "In development: starts in 2027."),
    }
    # Ordered by reason as declared: ending, expired, in development.
    assert [f.title for f in plans_to_watch(FrameworkPage.objects.all(), TODAY)] == [
        "Kenya plan",
        "Nepal plan",
        "Mali plan",
    ]


def test_successor_rule(home_page):
    # A later generation of the same country and kind is a successor, whatever its status.
    FrameworkPageFactory(
        title="Kenya 1", country="KE", generation=1, start_year=2016, end_year=2018
    )
    FrameworkPageFactory(
        title="Kenya 2", country="KE", generation=2, start_year=2020, end_year=2024
    )
    # Generations unknown: a later start is a successor.
    FrameworkPageFactory(
        title="Chad old", country="TD", generation=None, start_year=2012, end_year=2015
    )
    FrameworkPageFactory(
        title="Chad new", country="TD", generation=None, start_year=2019, end_year=2030
    )
    # Another kind or another country is no successor.
    FrameworkPageFactory(title="Nepal NAP", country="NP", start_year=2011, end_year=2016)
    FrameworkPageFactory(
        title="Nepal policy",
        kind=FrameworkKind.POLICY,
        country="NP",
        generation=2,
        start_year=2020,
        end_year=2030,
    )
    FrameworkPageFactory(title="Uganda 1", country="UG", start_year=2008, end_year=2010)
    FrameworkPageFactory(title="Ghana 2", country="GH", generation=2, start_year=2020)
    # A draft successor is not in the registry.
    FrameworkPageFactory(title="Mali 1", country="ML", start_year=2012, end_year=2014)
    FrameworkPageFactory(title="Mali 2 draft", country="ML", generation=2, live=False)
    assert watched() == {
        "Kenya 2": "expired-without-successor",
        "Nepal NAP": "expired-without-successor",
        "Uganda 1": "expired-without-successor",
        "Mali 1": "expired-without-successor",
    }


def test_local_plans_are_watched_and_drafts_are_not(home_page):
    FrameworkPageFactory(
        title="Local plan", kind=FrameworkKind.LAP, country="KE", start_year=2018, end_year=2020
    )
    draft(FrameworkPageFactory(title="Draft plan", country="NP", start_year=2018, end_year=2020))
    assert watched() == {"Local plan": "expired-without-successor"}


# The listing and the profiles use today's date: plans are placed around the real year.
YEAR = datetime.date.today().year


@pytest.fixture
def plans(framework_index, practice_index):
    ending = FrameworkPageFactory(
        title="Kenya ending plan", country="KE", generation=1, start_year=YEAR - 3, end_year=YEAR
    )
    expired = FrameworkPageFactory(
        title="Nepal expired plan",
        country="NP",
        generation=1,
        start_year=YEAR - 8,
        end_year=YEAR - 4,
        next_plan_expected="Drafting began with civil-society consultations",
    )
    FrameworkPageFactory(
        title="Mali coming plan", country="ML", generation=2, start_year=YEAR + 1, end_year=YEAR + 5
    )
    active = FrameworkPageFactory(
        title="Mali running plan",
        country="ML",
        generation=1,
        start_year=YEAR - 2,
        end_year=YEAR + 3,
    )
    FrameworkPageFactory(
        title="Uganda running plan", country="UG", generation=3, start_year=YEAR - 1, end_year=2100
    )
    FrameworkPageFactory(
        title="Resolution 1325",
        kind=FrameworkKind.GLOBAL,
        country="",
        generation=None,
        adopted_year=2000,
    )
    FrameworkPageFactory(title="Draft watched plan", country="SN", start_year=YEAR + 1, live=False)
    provision = ProvisionFactory(framework=ending, code="1.1")
    PracticePageFactory(title="Linked through a provision", provisions=[(provision, "implements")])
    both = PracticePageFactory(
        title="Linked twice", provisions=[(provision, "monitors")], countries=["KE"]
    )
    PracticeFrameworkLink.objects.create(practice=both, framework=ending)
    PracticeFrameworkLink.objects.create(
        practice=PracticePageFactory(title="Linked to the plan"), framework=expired
    )
    draft(PracticePageFactory(title="Draft practice", provisions=[(provision, "implements")]))
    hidden = PracticePageFactory(title="Draft linked to the plan")
    PracticeFrameworkLink.objects.create(practice=hidden, framework=active)
    draft(hidden)
    return {"ending": ending, "expired": expired, "active": active}


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_listing_summarises_plans_to_watch_and_shows_them_on_request(client, plans):
    html = client.get("/frameworks/").content.decode()
    text = text_of(html)
    assert (
        "1 ends within twelve months; 1 expired, no successor in the registry; 1 in development."
        in text
    )
    assert 'href="?watch=1"' in html
    assert "Show the 3 plans to watch" in text
    assert '<link rel="alternate" type="application/atom+xml" title="Plans to watch" ' in html
    assert 'href="/frameworks/watch/feed/"' in html
    # The summary comes before the listing.
    assert html.index('id="plans-to-watch"') < html.index('id="kind-nap"')

    watch = text_of(client.get("/frameworks/?watch=1").content.decode())
    assert "3 frameworks to watch" in watch
    for title in ("Kenya ending plan", "Nepal expired plan", "Mali coming plan"):
        assert title in watch
    for title in ("Mali running plan", "Uganda running plan", "Resolution 1325", "Draft watched"):
        assert title not in watch
    assert "Expired in " + str(YEAR - 4) + "; no later plan of Nepal is in the registry." in watch
    assert "Next plan expected: Drafting began with civil-society consultations" in watch
    assert watch.index("Kenya ending plan") < watch.index("Nepal expired plan")
    # Filters narrow the plans to watch, and the summary with them.
    nepal = text_of(client.get("/frameworks/?watch=1&country=np").content.decode())
    assert "1 framework to watch" in nepal
    assert "Kenya ending plan" not in nepal
    uganda = text_of(client.get("/frameworks/?country=ug").content.decode())
    assert "No national or local plan among these is ending within twelve months" in uganda


def test_listing_read_by_country_with_published_practice_counts(client, plans):
    html = client.get("/frameworks/?order=country").content.decode()
    text = text_of(html)
    # Regions in order, each country's plans by generation, then the frameworks of no country.
    headings = re.findall(r'<h2 id="(region-[^"]+)">', html)
    assert headings == ["region-africa", "region-asia-pacific", "region-none"]
    order = [
        "Kenya: national action plan 1",
        "Mali: national action plan 1",
        "Mali: national action plan 2",
        "Uganda: national action plan 3",
        "Nepal: national action plan 1",
        "Resolution 1325",
    ]
    positions = [text.index(name) for name in order]
    assert positions == sorted(positions)
    # Published practices counted by hand: Kenya's plan has two (both through its provision,
    # one of them also linked to the plan; the draft does not count), Nepal's one, Mali's
    # running plan none (its only practice is a draft).
    counts = dict(
        re.findall(r"(\w+: national action plan \d) .*? (\d+) published practices?", text)
    )
    assert counts == {
        "Kenya: national action plan 1": "2",
        "Mali: national action plan 1": "0",
        "Mali: national action plan 2": "0",
        "Uganda: national action plan 3": "0",
        "Nepal: national action plan 1": "1",
    }
    assert "Read by kind" in text
    # The filters keep the reading by country.
    assert '<input type="hidden" name="order" value="country">' in html
    watch = text_of(client.get("/frameworks/?order=country&watch=1").content.decode())
    assert "Uganda: national action plan 3" not in watch
    assert "Kenya: national action plan 1" in watch


@pytest.mark.parametrize(
    "query",
    [
        "?order=<script>",
        "?order=country&order=kind&watch=2",
        "?watch=1&watch=%00",
        "?order=country&country=%ff%fe&region=x" + "9" * 400,
        "?watch=99999999999999999999&status=expired&order=country",
        "?order[]=country",
    ],
)
def test_hostile_parameters_never_fail(client, plans, query):
    response = client.get("/frameworks/" + query)
    assert response.status_code == 200


@pytest.mark.parametrize("restriction", ["password", "groups"])
def test_a_view_restricted_successor_does_not_count(home_page, restriction):
    """A successor the public cannot see would otherwise reveal itself by hiding the plan's
    "expired without successor", or by ending a plan with no end year."""
    from django.contrib.auth.models import Group

    from wagtail.models import PageViewRestriction

    from frameworks.filters import with_status

    FrameworkPageFactory(title="Mali 1", country="ML", generation=1, start_year=2012, end_year=2014)
    successor = FrameworkPageFactory(title="Mali 2", country="ML", generation=2, start_year=2019)
    open_ended = FrameworkPageFactory(title="Chad 1", country="TD", generation=1, start_year=2012)
    FrameworkPageFactory(title="Chad 2", country="TD", generation=2, start_year=2016)
    assert "Mali 1" not in watched()
    assert (
        with_status(FrameworkPage.objects.filter(pk=open_ended.pk), 2026).get().derived_status
        == "expired"
    )
    chad_2 = FrameworkPage.objects.get(title="Chad 2")
    for page in (successor, chad_2):
        view = PageViewRestriction.objects.create(
            page=page, restriction_type=restriction, password="secret"
        )
        if restriction == "groups":
            view.groups.add(Group.objects.create(name=f"Insiders {page.pk}"))
    assert watched()["Mali 1"] == "expired-without-successor"
    chad = with_status(FrameworkPage.objects.filter(pk=open_ended.pk), 2026).get()
    assert chad.derived_status == "active"
    assert FrameworkPage.objects.get(pk=open_ended.pk).status == "active"
