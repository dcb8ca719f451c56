import pytest

from frameworks.models import FrameworkPage
from tests.factories import OrganisationFactory, PracticePageFactory, ProvisionFactory

pytestmark = pytest.mark.django_db


def test_region_is_derived_from_countries(practice_index):
    practice = PracticePageFactory(countries=["KE", "UG"])
    assert practice.region == "africa"
    assert practice.regions == ["africa"]


def test_region_is_absent_when_countries_span_regions(practice_index):
    practice = PracticePageFactory(countries=["KE", "YE"])
    assert practice.region is None
    assert practice.regions == ["africa", "arab-states"]


def test_region_is_absent_without_countries(practice_index):
    assert PracticePageFactory().region is None


def test_withheld_organisation_is_not_public(practice_index):
    organisation = OrganisationFactory(name="Wajir Women for Peace")
    practice = PracticePageFactory(organisations=[organisation], withhold_organisation=True)
    assert practice.organisations == [organisation]
    assert practice.public_organisations == []
    assert "Wajir" not in practice.public_organisation_names()


def test_country_level_only_hides_location(practice_index):
    practice = PracticePageFactory(location="Isiolo town", country_level_only=True)
    assert practice.public_location() == ""


def test_external_id_is_set_when_missing(practice_index):
    practice = PracticePageFactory(external_id="")
    assert practice.external_id.startswith("practice-")


def test_provision_links_reach_frameworks(practice_index, framework_index):
    provision = ProvisionFactory()
    practice = PracticePageFactory(provisions=[(provision, "implements")])
    assert [link.provision for link in practice.live_provision_links] == [provision]
    assert isinstance(provision.framework, FrameworkPage)
