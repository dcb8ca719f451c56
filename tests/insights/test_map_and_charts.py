"""The SVG map and charts: one shape per country with data, the same numbers in a table, no
drafts counted, nothing loaded from elsewhere."""

import re

import pytest

from insights.stats import world_shapes
from tests.factories import FrameworkPageFactory, PracticePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(home_page):
    FrameworkPageFactory(
        country="KE", generation=1, start_year=2016, end_year=2018, adopted_year=2016
    )
    FrameworkPageFactory(
        country="KE", generation=2, start_year=2020, end_year=None, adopted_year=2020
    )
    FrameworkPageFactory(
        country="NP", generation=1, start_year=2011, end_year=2016, adopted_year=2011
    )
    FrameworkPageFactory(country="UG", generation=1, start_year=2099, adopted_year=2099)
    FrameworkPageFactory(country="FR", generation=1, live=False, start_year=2020, adopted_year=2020)
    PracticePageFactory(countries=["KE"], agendas=["WPS", "YPS"], level="local")
    PracticePageFactory(countries=["KE", "UG"], agendas=["WPS"], level="national")
    PracticePageFactory(countries=["YE"], agendas=["WPS"], level="local")
    PracticePageFactory(countries=["FR"], agendas=["SP"], level="global", live=False)


def map_svg(html):
    return re.search(r'<svg class="world-map".*?</svg>', html, re.S).group(0)


def table_rows(html):
    body = re.search(r'<details class="map-table">.*?</details>', html, re.S).group(0)
    return {
        code: (status, int(naps), int(practices))
        for code, status, naps, practices in re.findall(
            r'<tr data-country="(\w\w)"><th scope="row"><a [^>]+>[^<]+</a></th>'
            r"<td>([^<]+)</td><td>(\d+)</td><td>(\d+)</td></tr>",
            body,
        )
    }


@pytest.mark.parametrize("path", ["/countries/", "/"])
def test_map_has_one_linked_shape_per_country_and_the_same_numbers_in_its_table(client, data, path):
    html = client.get(path).content.decode()
    svg = map_svg(html)
    shapes = re.findall(r'<path class="c-([\w-]+)" data-country="(\w\w)"', svg)
    codes = [code for _, code in shapes]
    assert len(codes) == len(set(codes)) == len(world_shapes()["shapes"])
    status_of = {code: status for status, code in shapes}
    assert status_of["KE"] == "active"
    assert status_of["NP"] == "expired"
    assert status_of["UG"] == "in-development"
    assert status_of["YE"] == "none"
    assert status_of["FR"] == "none"  # its only NAP is a draft
    assert 'href="/countries/KE/"' in svg
    assert re.search(r'role="group" aria-labelledby="[\w-]+-title [\w-]+-desc"', svg)
    assert "<title>Kenya: Active NAP, 2 practices</title>" in svg

    assert table_rows(html) == {
        "KE": ("Active NAP", 2, 2),
        "NP": ("Expired NAP", 1, 0),
        "UG": ("NAP in development", 1, 1),
        "YE": ("No NAP known", 0, 1),
    }
    assert "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in svg


def test_charts_give_adoptions_per_year_and_practices_by_agenda_level_and_region(client, data):
    html = client.get("/countries/").content.decode()
    adoption_rows = re.findall(
        r'<tr><th scope="row">(\d{4})</th><td>(\d+)</td><td>(\d+)</td></tr>', html
    )
    assert adoption_rows[0] == ("2011", "1", "1")
    assert ("2016", "1", "2") in adoption_rows
    assert ("2020", "1", "3") in adoption_rows  # the draft French plan is not counted
    assert adoption_rows[-1] == ("2099", "1", "4")
    assert len(adoption_rows) == 2099 - 2011 + 1

    def chart_table(key):
        section = re.search(rf'id="practices-by-{key}-heading".*?</section>', html, re.S).group(0)
        assert section.count('role="img"') == 1
        bars = re.findall(r'<rect class="bar"[^>]*width="(\d+)"', section)
        values = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td></tr>', section))
        return bars, values

    bars, agendas = chart_table("agenda")
    assert agendas == {
        "Women, Peace and Security": "3",
        "Youth, Peace and Security": "1",
        "Sustaining Peace": "0",
    }
    assert len(bars) == 3 and int(bars[0]) > int(bars[1]) > int(bars[2]) == 0
    _, levels = chart_table("level")
    assert levels == {"Local": "2", "National": "1", "Regional": "0", "Global": "0"}
    _, regions = chart_table("region")
    assert regions["Africa"] == "2" and regions["Arab States"] == "1"
    assert regions["Europe and Central Asia"] == "0"


def test_empty_site_draws_an_empty_map_and_charts(client, home_page):
    html = client.get("/countries/").content.decode()
    assert html.count('class="c-none"') == len(world_shapes()["shapes"])
    assert "No adoption year is known yet." in html


def test_shapes_file_is_small_and_keyed_by_known_countries():
    from django.conf import settings

    from core.countries import all_countries

    path = settings.BASE_DIR / "insights" / "data" / "world-110m.json"
    assert path.stat().st_size < 200_000
    shapes = world_shapes()["shapes"]
    assert set(shapes) <= set(all_countries())
    assert {"KE", "XK", "FR", "US", "FJ"} <= set(shapes)
