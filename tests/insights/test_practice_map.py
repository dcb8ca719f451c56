"""The practice map beside the NAP-status map, chosen by a link: countries shaded by their number
of published practices, each linked to the listing filtered by it, the same countries in a list;
the adoption charts' bars and running total on their own scales, with text legible on a phone."""

import re
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

from wagtail.models import PageViewRestriction

import pytest

from insights.stats import world_shapes
from tests.factories import FrameworkPageFactory, PracticePageFactory, draft

pytestmark = pytest.mark.django_db

# The page's text column on a 390 px phone: 390 px less the page's 1rem margins on each side.
PHONE_CHART_WIDTH = 390 - 2 * 16


@pytest.fixture
def data(practice_index):
    FrameworkPageFactory(country="KE", generation=1, start_year=2016, adopted_year=2016)
    FrameworkPageFactory(country="KE", generation=2, start_year=2020, adopted_year=2020)
    FrameworkPageFactory(country="NP", generation=1, start_year=2011, adopted_year=2011)
    FrameworkPageFactory(country="NP", generation=2, start_year=2020, adopted_year=2020)
    for n in range(3):
        PracticePageFactory(title=f"Kenyan practice {n}", countries=["KE"])
    PracticePageFactory(title="Kenya and Uganda", countries=["KE", "UG"])
    for n in range(5):
        PracticePageFactory(title=f"Nepali practice {n}", countries=["NP"])
    # Not counted: a draft, a practice taken off the site, a private one.
    PracticePageFactory(title="Kenyan draft", countries=["KE"], live=False)
    draft(PracticePageFactory(title="Ugandan practice withdrawn", countries=["UG"]))
    private = PracticePageFactory(title="Yemeni practice for members", countries=["YE"])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    PracticePageFactory(title="French draft", countries=["FR"], live=False)


def practice_svg(html):
    return re.search(r'<svg class="world-map practice-map".*?</svg>', html, re.S).group(0)


def shapes(svg):
    return {
        code: (cls, href, int(count), title)
        for href, cls, code, count, title in re.findall(
            r'<a href="([^"]+)" aria-label="[^"]+"><path class="([\w-]+)" data-country="(\w\w)" '
            r'data-practices="(\d+)" d="[^"]*"><title>([^<]+)</title>',
            svg,
        )
    }


def test_practice_map_shades_countries_by_published_practices_and_links_to_the_listing(
    client, data, practice_index
):
    response = client.get("/countries/", {"map": "practices"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="world-map"' not in html  # the status map is not drawn as well
    found = shapes(practice_svg(html))
    assert len(found) == len(world_shapes()["shapes"])
    listing = practice_index.url
    # Counted by hand from the fixture: KE 3 + 1 shared with UG; NP 5; UG 1 (its other practice
    # was taken off the site); YE 0 (its only practice is private); FR 0 (a draft).
    assert found["KE"] == ("pc-2", f"{listing}?country=KE", 4, "Kenya: 4 published practices")
    assert found["NP"] == ("pc-5", f"{listing}?country=NP", 5, "Nepal: 5 published practices")
    assert found["UG"] == ("pc-1", f"{listing}?country=UG", 1, "Uganda: 1 published practice")
    assert found["YE"] == ("pc-0", "/countries/YE/", 0, "Yemen: no published practice")
    assert found["FR"][:3] == ("pc-0", "/countries/FR/", 0)
    assert {cls for cls, _, count, _ in found.values() if count == 0} == {"pc-0"}
    assert sum(count for _, _, count, _ in found.values()) == 10
    for label in ("No published practice", "1 practice", "2–4 practices", "5 or more practices"):
        assert label in html

    # The same countries in a list beside the map, each linked to its practices.
    table = re.search(r'<table class="data practice-countries">.*?</table>', html, re.S).group(0)
    rows = re.findall(
        r'<tr data-country="(\w\w)"><th scope="row"><a href="([^"]+)">([^<]+)</a></th>'
        r"<td>(\d+)</td></tr>",
        table,
    )
    assert rows == [
        ("KE", f"{listing}?country=KE", "Kenya", "4"),
        ("NP", f"{listing}?country=NP", "Nepal", "5"),
        ("UG", f"{listing}?country=UG", "Uganda", "1"),
    ]
    assert "Countries with published practices (3)" in table


def test_the_links_lead_to_the_listing_filtered_by_the_country(client, data):
    html = client.get("/countries/?map=practices").content.decode()
    href = shapes(practice_svg(html))["KE"][1]
    listing = client.get(href)
    assert listing.status_code == 200
    titles = [hit.practice.title for hit in listing.context["search"]["results"].hits]
    assert sorted(titles) == [
        "Kenya and Uganda",
        "Kenyan practice 0",
        "Kenyan practice 1",
        "Kenyan practice 2",
    ]


FALLING_BACK = [
    "",
    "?map=",
    "?map=status",
    "?map=PRACTICES",
    "?map=bogus",
    "?map=%3Cscript%3Ealert(1)%3C/script%3E",
    "?map=practices&map=bogus",
    "?map[]=practices",
    "?map=" + quote("x" * 5000),
    "?map=%00",
    "?map=9" * 50,
]


def test_the_status_map_is_the_default_and_any_other_value_falls_back_to_it(client, data):
    # One set of practices for every value (each is a request, not a new site).
    for query in FALLING_BACK:
        response = client.get("/countries/" + query)
        assert response.status_code == 200, query
        html = response.content.decode()
        assert '<svg class="world-map"' in html, query
        assert "practice-map" not in html, query
        assert "<script>alert" not in html
        switch = re.search(r'<nav class="map-switch".*?</nav>', html, re.S).group(0)
        assert re.search(r'href="\?map=status#map-heading" aria-current="page"', switch), query
        assert re.search(r'href="\?map=practices#map-heading">Published practices</a>', switch)


def test_the_practice_map_is_chosen_by_its_link(client, data):
    html = client.get("/countries/?map=practices").content.decode()
    switch = re.search(r'<nav class="map-switch".*?</nav>', html, re.S).group(0)
    assert re.search(r'href="\?map=practices#map-heading" aria-current="page"', switch)
    assert re.search(r'href="\?map=status#map-heading">NAP status</a>', switch)
    assert "Published practices by country" in html


def test_practice_map_on_an_empty_site(client, practice_index):
    html = client.get("/countries/?map=practices").content.decode()
    found = shapes(practice_svg(html))
    assert {cls for cls, _, _, _ in found.values()} == {"pc-0"}
    assert "No practice is published yet." in html


def adoption_svgs(html):
    section = re.search(r'id="adoptions-heading".*?</section>', html, re.S).group(0)
    return re.findall(r'<svg class="chart year-chart".*?</svg>', section, re.S)


def test_adoption_bars_and_running_total_are_drawn_on_their_own_scales(client, data):
    html = client.get("/countries/").content.decode()
    bars_svg, total_svg = adoption_svgs(html)
    assert "polyline" not in bars_svg
    assert "<rect" not in total_svg
    # Plans per year by hand: 2011: 1, 2016: 1, 2020: 2 (KE's second and NP's second).
    bars = {
        int(year): float(height)
        for height, year in re.findall(
            r'<rect class="bar-year"[^>]* height="([\d.]+)"><title>(\d{4}): \d+ adopted', bars_svg
        )
    }
    assert set(bars) == {2011, 2016, 2020}
    assert bars[2020] == pytest.approx(2 * bars[2011], abs=0.2)
    assert bars[2016] == pytest.approx(bars[2011], abs=0.2)
    # Each chart's axis goes up to its own largest value: 2 a year, 4 in all.
    ticks = lambda svg: [  # noqa: E731
        int(t) for t in re.findall(r'text-anchor="end">(\d+)</text>', svg)
    ]
    assert max(ticks(bars_svg)) == 2
    assert max(ticks(total_svg)) == 4
    points = re.search(r'<polyline class="line-total" points="([^"]+)"', total_svg).group(1)
    heights = [float(p.split(",")[1]) for p in points.split()]
    assert len(heights) == 2020 - 2011 + 1
    assert heights == sorted(heights, reverse=True)  # never falls: y grows downwards
    assert re.search(r'role="img" aria-labelledby="[\w-]+-title [\w-]+-desc"', bars_svg)
    assert "2020: 2" in bars_svg


def test_chart_text_is_at_least_12px_on_a_phone(client, data):
    html = client.get("/countries/").content.decode()
    svgs = re.findall(r'<svg class="chart[ "].*?</svg>', html, re.S)
    assert len(svgs) == 2 + 3  # the adoption charts; practices by agenda, level and region
    for svg in svgs:
        width = float(re.search(r'viewBox="0 0 ([\d.]+) [\d.]+"', svg).group(1))
        texts = re.findall(r"<text\b[^>]*>", svg)
        assert texts
        for text in texts:
            size = re.search(r'font-size="([\d.]+)"', text)
            assert size, text
            assert float(size.group(1)) * PHONE_CHART_WIDTH / width >= 12


def test_adoption_chart_year_labels_never_overlap_over_a_long_span(client, practice_index):
    FrameworkPageFactory(country="KE", generation=1, start_year=2000, adopted_year=2000)
    FrameworkPageFactory(country="NP", generation=1, start_year=2099, adopted_year=2099)
    html = client.get("/countries/").content.decode()
    for svg in adoption_svgs(html):
        xs = [
            float(x)
            for x, _ in re.findall(
                r'<text class="chart-text" x="([\d.]+)" y="[\d.]+" font-size="(\d+)" '
                r'text-anchor="middle">\d{4}</text>',
                svg,
            )
        ]
        assert len(xs) >= 3
        assert min(b - a for a, b in zip(xs, xs[1:], strict=False)) >= 13 * 3.4


def css_fills(selectors):
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    found = set()
    for selector in selectors:
        for colour in re.findall(
            rf"{re.escape(selector)}\s*{{[^}}]*?(?:fill|stroke|background):\s*(#[0-9a-f]{{6}})", css
        ):
            found.add(colour.lower())
    assert found
    return found


def test_chart_and_practice_map_colours_are_apart_from_the_nap_statuses():
    statuses = css_fills([".c-active", ".c-in-development", ".c-expired", ".c-unknown", ".c-none"])
    assert len(statuses) == 5
    charts = css_fills([".chart .bar-year", ".chart .line-total"])
    practices = css_fills([".pc-0", ".pc-1", ".pc-2", ".pc-5"])
    assert len(practices) == 4
    assert not charts & statuses
    assert not practices & statuses
