"""Status at the edges of a plan's period, one framework at a time and many at once, and the
framework listing's filters."""

import pytest

from frameworks.models import FrameworkPage, derive_status, framework_statuses
from tests.factories import FrameworkPageFactory

pytestmark = pytest.mark.django_db

YEAR = 2024


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (2024, 2026, "active"),  # first year of the period
        (2020, 2024, "active"),  # last year of the period
        (2020, 2023, "expired"),  # the year after it ended
        (2025, 2027, "in-development"),  # starts next year
        (2024, 2024, "active"),  # a one-year plan
        (None, None, None),  # nothing known
    ],
)
def test_derived_status_at_period_edges(start, end, expected):
    assert derive_status(start, end, year=YEAR) == expected


def test_plan_without_end_runs_until_its_successor_starts(home_page):
    first = FrameworkPageFactory(country="KE", generation=1, start_year=2016, end_year=None)
    second = FrameworkPageFactory(country="KE", generation=2, start_year=2024, end_year=None)
    statuses = framework_statuses(FrameworkPage.objects.filter(pk__in=[first.pk, second.pk]), YEAR)
    assert statuses == {first.pk: "expired", second.pk: "active"}
    assert framework_statuses([first], 2023) == {first.pk: "active"}  # successor not started
    # The bulk helper and the page property agree.
    now = framework_statuses([first, second])
    assert now[first.pk] == FrameworkPage.objects.get(pk=first.pk).status
    assert now[second.pk] == FrameworkPage.objects.get(pk=second.pk).status


def test_draft_successor_does_not_end_a_plan(home_page):
    first = FrameworkPageFactory(country="NP", generation=1, start_year=2011, end_year=None)
    FrameworkPageFactory(country="NP", generation=2, start_year=2020, live=False)
    assert framework_statuses([first], YEAR) == {first.pk: "active"}


def test_listing_filters_by_kind_agenda_region_country_and_status(client, framework_index):
    FrameworkPageFactory(title="Kenya active", country="KE", start_year=2020, end_year=2100)
    FrameworkPageFactory(title="Kenya old", country="KE", start_year=2000, end_year=2001)
    FrameworkPageFactory(
        title="Nepal YPS", country="NP", agendas=["YPS"], start_year=2020, end_year=2100
    )
    FrameworkPageFactory(title="Kenya draft", country="KE", live=False)

    def titles(query):
        html = client.get("/frameworks/" + query).content.decode()
        return {t for t in ("Kenya active", "Kenya old", "Nepal YPS", "Kenya draft") if t in html}

    assert titles("") == {"Kenya active", "Kenya old", "Nepal YPS"}
    assert titles("?status=active") == {"Kenya active", "Nepal YPS"}
    assert titles("?status=expired") == {"Kenya old"}
    assert titles("?country=ke&status=active") == {"Kenya active"}
    assert titles("?region=asia-pacific") == {"Nepal YPS"}
    assert titles("?agenda=YPS") == {"Nepal YPS"}
    assert titles("?kind=global") == set()
    assert titles("?status=nonsense&country=<b>") == {"Kenya active", "Kenya old", "Nepal YPS"}


def test_framework_page_shows_the_timeline_of_generations(client, framework_index):
    first = FrameworkPageFactory(title="Kenya first plan", country="KE", generation=1)
    second = FrameworkPageFactory(title="Kenya second plan", country="KE", generation=2)
    FrameworkPageFactory(title="Kenya third draft", country="KE", generation=3, live=False)
    html = client.get(second.url).content.decode()
    assert "Kenya's plans, generation by generation" in html
    assert html.index("Generation 1") < html.index("Generation 2")
    assert f'href="{first.url}"' in html
    assert '<strong aria-current="page">Kenya second plan</strong>' in html
    assert "Kenya third draft" not in html
    assert f"/frameworks/compare/?nap={first.pk}&amp;nap={second.pk}" in html
