"""What the search index holds follows the safety options: a withheld name cannot be searched."""

import pytest

from practices.models import PracticePage
from tests.factories import OrganisationFactory, PracticePageFactory

pytestmark = pytest.mark.django_db


def indexed(practice):
    practice.save()  # links added after creation reach the index when the page is saved
    return practice


@pytest.mark.parametrize("withheld", [False, True])
def test_organisation_name_is_searchable_only_when_not_withheld(practice_index, withheld):
    organisation = OrganisationFactory(name="Zanzibarian Defenders Collective")
    practice = indexed(
        PracticePageFactory(
            title="Community dialogue",
            organisations=[organisation],
            withhold_organisation=withheld,
        )
    )
    found = list(PracticePage.objects.live().search("Zanzibarian"))
    assert found == ([] if withheld else [practice])


@pytest.mark.parametrize("country_level_only", [False, True])
def test_location_is_searchable_only_when_shown(practice_index, country_level_only):
    practice = indexed(
        PracticePageFactory(location="Quelimanetown", country_level_only=country_level_only)
    )
    found = list(PracticePage.objects.live().search("Quelimanetown"))
    assert found == ([] if country_level_only else [practice])
