"""The one set of framework filters (frameworks.filters): the status derived in the database
agrees with the rule of one framework at a time, filters match exact codes, and a listing's
queries do not grow with the number of frameworks."""

import itertools

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from frameworks.filters import filter_frameworks, with_status
from frameworks.models import FrameworkPage, derive_status
from tests.factories import FrameworkPageFactory

pytestmark = pytest.mark.django_db

YEAR = 2024
YEARS = [None, 2020, 2024, 2025]


def test_status_in_the_database_follows_the_rule_for_every_kind_of_period(framework_index):
    cases = {}
    for start, end, adopted in itertools.product(YEARS, YEARS, [None, 2019]):
        if start and end and end < start:
            continue
        page = FrameworkPageFactory(
            kind="global",
            country="",
            generation=None,
            start_year=start,
            end_year=end,
            adopted_year=adopted,
        )
        cases[page.pk] = derive_status(start, end, adopted, year=YEAR)
    derived = dict(
        with_status(FrameworkPage.objects.filter(pk__in=cases), YEAR).values_list(
            "pk", "derived_status"
        )
    )
    assert derived == cases
    assert len(set(cases.values())) == 4  # active, expired, in development, unknown


def test_a_plan_without_end_runs_until_its_live_successor_starts(framework_index):
    first = FrameworkPageFactory(country="UG", generation=1, start_year=2008, end_year=None)
    second = FrameworkPageFactory(
        country="UG", generation=2, start_year=None, adopted_year=2015, end_year=None
    )
    FrameworkPageFactory(country="UG", generation=3, start_year=2030, live=False)
    other_kind = FrameworkPageFactory(
        kind="lap", country="UG", generation=1, start_year=2010, end_year=None
    )
    derived = dict(
        with_status(FrameworkPage.objects.all(), YEAR).values_list("pk", "derived_status")
    )
    assert derived[first.pk] == "expired"  # its successor was adopted in 2015
    assert derived[second.pk] == "active"  # the third generation is a draft
    assert derived[other_kind.pk] == "active"  # successors are of the same kind
    for page in (first, second, other_kind):
        assert FrameworkPage.objects.get(pk=page.pk).status == derived[page.pk]


def test_filters_match_exact_codes_and_an_unknown_value_matches_nothing(framework_index):
    wps = FrameworkPageFactory(country="KE", agendas=["WPS"], start_year=2020, end_year=2100)
    yps = FrameworkPageFactory(country="NP", agendas=["YPS", "WPS"], start_year=2000, end_year=2001)
    everything = FrameworkPage.objects.all()

    def found(**filters):
        return set(filter_frameworks(everything, **filters).values_list("pk", flat=True))

    assert found() == {wps.pk, yps.pk}
    assert found(agendas=["YPS"]) == {yps.pk}
    assert found(agendas=["WPS"]) == {wps.pk, yps.pk}
    assert found(agendas=["yps"]) == set()
    assert found(agendas=["PS"]) == set()
    assert found(statuses=["expired"]) == {yps.pk}
    assert found(statuses=["nonsense"]) == set()
    assert found(regions=["asia-pacific"]) == {yps.pk}
    assert found(countries=["KE"], kinds=["nap"], statuses=["active"]) == {wps.pk}


def queries_for(client, url, frameworks):
    for n in range(frameworks):
        FrameworkPageFactory(country="KE", generation=n + 1, start_year=2000 + n, end_year=None)
    client.get(url)  # caches (site root paths) as a second visitor finds them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    ["/frameworks/", "/frameworks/?status=expired&agenda=WPS", "/api/v1/frameworks/?status=active"],
)
def test_the_listing_costs_the_same_queries_for_few_or_many_frameworks(
    client, framework_index, url
):
    few = queries_for(client, url, 2)
    many = queries_for(client, url, 20)
    assert few == many
