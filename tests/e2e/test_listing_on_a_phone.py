"""The practice listing on a 390 px phone: search, combine filters, and the results come first."""

from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.factories import PracticePageFactory

pytestmark = pytest.mark.django_db(transaction=True)

PLACES = [("KE", "WPS"), ("LR", "WPS"), ("UG", "YPS"), ("YE", "YPS"), ("CO", "WPS"), ("NP", "WPS")]


@pytest.fixture
def practices(page_tree):
    made = []
    for number, (country, agenda) in enumerate(PLACES * 2):
        made.append(
            PracticePageFactory(
                title=f"Women mediators network {number}",
                summary="Women mediators hold dialogues between communities.",
                countries=[country],
                agendas=[agenda],
                themes=[f"theme {number}", "mediation"],
            )
        )
    return made


def box(locator):
    found = locator.bounding_box()
    assert found, "not rendered"
    return found


def test_search_combine_filters_and_see_the_first_result_without_scrolling(
    page, practices, axe_check
):
    viewport = page.viewport_size
    assert viewport == {"width": 390, "height": 844}
    page.goto("/practices/")
    page.get_by_label("Search practices").fill("women mediators")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_load_state()
    # Nothing chose a sort, so none is sent and the words are ranked by relevance.
    assert dict(parse_qsl(urlsplit(page.url).query)).get("sort", "") == ""

    panel = page.locator("details.filters-panel")
    assert panel.get_attribute("open") is None
    panel.locator("summary").click()
    # Two values of one facet (both listed before any is ticked) and one of another.
    page.get_by_label("Kenya (2)").check()
    page.get_by_label("Liberia (2)").check()
    page.get_by_label("Women, Peace and Security (8)").check()
    # Target size (WCAG 2.2, 2.5.8): boxes and labels at least 24 x 24 CSS px.
    for control in (page.get_by_label("Kenya (2)"), page.locator('label[for^="f-country-"]').first):
        size = box(control)
        assert size["width"] >= 24 and size["height"] >= 24, size
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()

    params = parse_qsl(urlsplit(page.url).query)
    assert ("country", "KE") in params and ("country", "LR") in params
    assert ("agenda", "WPS") in params and ("q", "women mediators") in params
    assert page.locator(".result-count").inner_text().startswith("4 practices")
    # The panel stays closed after a search and says what is active; the results come first.
    panel = page.locator("details.filters-panel")
    assert panel.get_attribute("open") is None
    assert panel.locator("summary").inner_text() == "Filter and sort (3 active)"
    first = page.locator(".card").first
    assert box(first)["y"] < viewport["height"], "the first result starts below the fold"
    for chip in page.locator(".active-filters a").all():
        size = box(chip)
        assert size["width"] >= 24 and size["height"] >= 24, size
    axe_check(page)
    panel.locator("summary").click()
    axe_check(page)


def test_home_country_and_practice_pages_lead_to_the_listing(page, practices, axe_check):
    page.goto("/")
    page.get_by_label("Search good practices").fill("mediators")
    page.get_by_label("Search good practices").press("Enter")
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/practices/"
    assert page.locator(".result-count").inner_text().startswith("12 practices")

    page.goto("/countries/KE/")
    axe_check(page)
    page.get_by_label("Search practices from Kenya").fill("mediators")
    page.get_by_label("Search practices from Kenya").press("Enter")
    page.wait_for_load_state()
    assert ("country", "KE") in parse_qsl(urlsplit(page.url).query)
    assert page.locator(".result-count").inner_text().startswith("2 practices")

    page.goto(practices[0].url)
    axe_check(page)
    page.locator("dl.facts").get_by_role("link", name="mediation").click()
    page.wait_for_load_state()
    assert ("theme", "mediation") in parse_qsl(urlsplit(page.url).query)
    assert page.locator(".result-count").inner_text().startswith("12 practices")
