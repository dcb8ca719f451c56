"""Countries and organisations are ticked in groups, without "hold Ctrl"; Show provisions
brings the member back to the provisions."""

import re

import pytest

from practices.models import OrganisationMembership, PracticePage
from tests.factories import OrganisationFactory

from .helpers import post_form

pytestmark = pytest.mark.django_db


def groups(html, name):
    """{summary text: (open, [ticked values], [values])} of the <details> holding boxes named
    ``name``."""
    found = {}
    for match in re.finditer(
        r"<details class=\"picker-group\"( open)?>\s*<summary>(.*?) <span(.*?)</details>",
        html,
        re.S,
    ):
        values = re.findall(
            rf'<input type="checkbox" name="{name}" value="([^"]+)"', match.group(3)
        )
        if not values:
            continue
        ticked = re.findall(
            rf'<input type="checkbox" name="{name}" value="([^"]+)"[^>]*checked', match.group(3)
        )
        found[match.group(2)] = (bool(match.group(1)), ticked, values)
    return found


def test_countries_are_boxes_by_region_and_no_multi_select(member_client, practice_index):
    html = member_client.get("/practices/submit/").content.decode()
    assert "<select multiple" not in html and "Hold Ctrl" not in html
    country_groups = groups(html, "countries")
    assert list(country_groups) == [
        "Africa",
        "Americas and the Caribbean",
        "Arab States",
        "Asia and the Pacific",
        "Europe and Central Asia",
    ]
    assert "KE" in country_groups["Africa"][2] and "KE" not in country_groups["Arab States"][2]
    # Nothing ticked yet: every region closed.
    assert not any(open_ for open_, _, _ in country_groups.values())
    # Every country once (249 in the table).
    assert sum(len(v) for _, _, v in country_groups.values()) == 249


def test_a_region_with_a_ticked_country_is_open(member_client, practice_index):
    response = post_form(member_client, action="refresh", countries=["KE", "YE"])
    country_groups = groups(response.content.decode(), "countries")
    assert country_groups["Africa"][:2] == (True, ["KE"])
    assert country_groups["Arab States"][:2] == (True, ["YE"])
    assert country_groups["Europe and Central Asia"][0] is False


def test_the_members_own_country_comes_first_and_open(member_client, member, practice_index):
    organisation = OrganisationFactory(name="Wajir Women for Peace", region="Wajir, Kenya")
    OrganisationMembership.objects.create(user=member, organisation=organisation, confirmed=True)
    html = member_client.get("/practices/submit/").content.decode()
    country_groups = groups(html, "countries")
    first = next(iter(country_groups))
    assert first == "Your country"
    assert country_groups[first] == (True, [], ["KE"])
    assert "KE" not in country_groups["Africa"][2]
    organisation_groups = groups(html, "organisations")
    assert list(organisation_groups)[0] == "Your organisation"
    assert organisation_groups["Your organisation"][1] == [str(organisation.pk)]


def test_ticked_countries_and_organisations_are_saved(member_client, member, practice_index):
    organisation = OrganisationFactory(name="Isiolo Peace Link", publicly_known=True)
    response = post_form(member_client, countries=["KE", "SO"], organisations=[organisation.pk])
    assert response.status_code == 302
    practice = PracticePage.objects.get().get_latest_revision_as_object()
    assert practice.country_codes == ["KE", "SO"]
    assert [o.name for o in practice.organisations] == ["Isiolo Peace Link"]


def test_show_provisions_returns_to_the_provisions(member_client, practice_index):
    html = member_client.get("/practices/submit/").content.decode()
    assert '<fieldset id="provisions">' in html
    button = re.search(r'<button[^>]*value="refresh"[^>]*>', html).group(0)
    assert 'formaction="#provisions"' in button
