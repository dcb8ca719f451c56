import pytest

from core.countries import lookup, region_of
from core.vocabulary import FrameworkStatus
from frameworks.models import derive_status
from tests.factories import FrameworkPageFactory, ProvisionFactory


@pytest.mark.parametrize(
    ("start", "end", "adopted", "successor", "expected"),
    [
        (2020, 2024, 2020, None, FrameworkStatus.EXPIRED),  # ended the year before
        (2021, 2025, 2021, None, FrameworkStatus.ACTIVE),  # last year of its period
        (2025, 2030, 2025, None, FrameworkStatus.ACTIVE),  # first year of its period
        (2026, 2030, 2025, None, FrameworkStatus.IN_DEVELOPMENT),  # starts next year
        (2005, None, 2005, 2008, FrameworkStatus.EXPIRED),  # open-ended, superseded
        (2019, None, 2019, 2026, FrameworkStatus.ACTIVE),  # successor not started
        (None, None, 2000, None, FrameworkStatus.ACTIVE),  # a resolution stays in force
        (None, None, None, None, None),  # nothing known
    ],
)
def test_status_is_derived_from_the_period(start, end, adopted, successor, expected):
    assert derive_status(start, end, adopted, successor, year=2025) == expected


@pytest.mark.django_db
def test_open_ended_plan_expires_when_next_generation_starts(framework_index):
    first = FrameworkPageFactory(country="DK", generation=1, start_year=2005, end_year=None)
    FrameworkPageFactory(country="DK", generation=2, start_year=2008, end_year=2013)
    assert first.status == FrameworkStatus.EXPIRED


@pytest.mark.django_db
def test_provision_slug_is_unique_within_framework_and_stable(framework_index):
    framework = FrameworkPageFactory()
    a = ProvisionFactory(framework=framework, code="1.1")
    b = ProvisionFactory(framework=framework, code="1-1")
    assert (a.slug, b.slug) == ("11", "1-1")
    a.code = "1.1 (revised)"
    a.save()
    assert a.slug == "11"
    assert a.url == f"/frameworks/{framework.slug}/provisions/11/"


def test_country_lookup_accepts_alpha2_and_alpha3():
    assert lookup("ke").code == "KE"
    assert lookup("KEN").code == "KE"
    assert lookup("XKX").name == "Kosovo"
    assert lookup("ZZ") is None
    assert lookup(None) is None


def test_every_country_has_a_region_of_the_vocabulary():
    from core.countries import all_countries
    from core.vocabulary import Region

    assert len(all_countries()) > 240
    assert {c.region for c in all_countries().values()} == set(Region.values)
    assert region_of("CI") == "africa"
    assert region_of("YE") == "arab-states"
    assert region_of("CO") == "americas-caribbean"
    assert region_of("UA") == "europe-central-asia"
    assert region_of("PH") == "asia-pacific"
