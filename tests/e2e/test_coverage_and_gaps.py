"""A plan's coverage block and the registry-wide gaps page in a real browser, at 390 px and
1280 px: zero axe-core violations, no horizontal scroll, nothing fetched from another site; from
a gap on the gaps page to its provision and back to the plan's coverage."""

import pytest

from core.vocabulary import FrameworkKind
from tests.factories import FrameworkPageFactory, PracticePageFactory, ProvisionFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def content(page_tree):
    nap = FrameworkPageFactory(title="Sierra Leone national action plan", country="SL")
    covered = ProvisionFactory(framework=nap, code="1.1", pillar="participation")
    gap = ProvisionFactory(
        framework=nap, code="1.2", pillar="protection", text="Train police on survivor support."
    )
    resolution = FrameworkPageFactory(
        title="Resolution 1325", kind=FrameworkKind.GLOBAL, country="", generation=None
    )
    ProvisionFactory(framework=resolution, code="1", pillar="participation")
    PracticePageFactory(
        title="Women's situation rooms", countries=["SL"], provisions=[(covered, "monitors")]
    )
    return {"nap": nap, "gap": gap}


def no_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.mark.parametrize("width", [390, 1280])
def test_coverage_block_and_gaps_page(page, axe_check, content, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(content["nap"].url)
    block = page.locator("section.coverage")
    assert "1 of 2 provisions has at least one local practice" in block.inner_text()
    assert block.locator("table caption").is_visible()
    axe_check(page)
    no_horizontal_scroll(page)

    block.get_by_role("link", name="Gaps across the registry").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Gaps: provisions with no local practice yet"
    assert "1 of 3 provisions has at least one local practice" in page.inner_text("body")
    axe_check(page)
    no_horizontal_scroll(page)

    page.select_option("#filter-country", "SL")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    assert "country=SL" in page.url
    gaps = page.locator("#gap-list ~ ul.gaps li")
    assert gaps.count() == 1
    axe_check(page)
    no_horizontal_scroll(page)

    gaps.first.get_by_role("link").click()
    page.wait_for_load_state()
    assert page.url.endswith(content["gap"].url)
    assert "1.2" in page.locator("h1").inner_text()
    page.go_back()
    page.wait_for_load_state()
    assert "country=SL" in page.url
    assert page.outside_requests == []
    assert page.console_errors == []
