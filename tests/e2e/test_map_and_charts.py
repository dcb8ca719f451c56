"""Both maps and the charts in a real browser, on a phone and on a desktop: zero axe-core
violations, no horizontal scroll, chart text at least 12 px as rendered, the practice map chosen
by its link and a country reached from the list beside it."""

import pytest

from tests.factories import FrameworkPageFactory, PracticePageFactory

pytestmark = pytest.mark.django_db(transaction=True)

SMALLEST_CHART_TEXT = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return Math.min(...[...svg.querySelectorAll('text')].map(
        text => parseFloat(getComputedStyle(text).fontSize) * scale));
})"""


@pytest.fixture
def content(page_tree):
    FrameworkPageFactory(country="KE", generation=1, start_year=2016, adopted_year=2016)
    FrameworkPageFactory(country="NP", generation=1, start_year=2011, adopted_year=2011)
    PracticePageFactory(title="Isiolo women's peace forum", countries=["KE"])
    PracticePageFactory(title="Wajir mediators", countries=["KE"])
    PracticePageFactory(title="Fiji women's radio", countries=["FJ"])
    PracticePageFactory(title="Kenyan draft", countries=["KE"], live=False)


@pytest.mark.parametrize("width", [390, 1280])
def test_both_maps_and_the_charts_on_a_phone_and_a_desktop(page, axe_check, content, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/countries/")
    assert page.locator("svg.world-map").count() == 1
    assert page.locator("svg.practice-map").count() == 0
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    sizes = page.evaluate(SMALLEST_CHART_TEXT)
    assert len(sizes) == 5
    assert min(sizes) >= 12

    page.get_by_role("link", name="Published practices").click()
    page.wait_for_load_state()
    assert "map=practices" in page.url
    assert page.locator("svg.practice-map").count() == 1
    assert page.locator("h2#map-heading").inner_text() == "Published practices by country"
    kenya = page.locator('svg.practice-map path[data-country="KE"]')
    assert kenya.get_attribute("class") == "pc-2"
    assert kenya.locator("title").text_content() == "Kenya: 2 published practices"
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0

    # Fiji is too small to tap on the map; the list beside it leads to its practices.
    page.locator("table.practice-countries").get_by_role("link", name="Fiji").click()
    page.wait_for_load_state()
    assert "country=FJ" in page.url
    assert page.get_by_role("link", name="Fiji women's radio").count() == 1
    assert page.get_by_text("Isiolo women's peace forum").count() == 0
    assert page.outside_requests == []
