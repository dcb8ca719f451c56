"""The framework listing with its plans to watch, read by kind, by country and as the plans
to watch alone, at 390 px and 1280 px: zero axe-core violations, no horizontal scroll, and on a
phone the summary takes a few lines only."""

import datetime

import pytest

from core.vocabulary import FrameworkKind
from tests.factories import FrameworkPageFactory, PracticePageFactory, ProvisionFactory

pytestmark = pytest.mark.django_db(transaction=True)

YEAR = datetime.date.today().year


@pytest.fixture
def plans(page_tree):
    ending = FrameworkPageFactory(
        title="Kenya national action plan (2)",
        country="KE",
        generation=2,
        start_year=YEAR - 3,
        end_year=YEAR,
    )
    FrameworkPageFactory(
        title="Nepal national action plan (1)",
        country="NP",
        start_year=YEAR - 9,
        end_year=YEAR - 4,
        next_plan_expected="A second plan is being drafted",
    )
    FrameworkPageFactory(
        title="Mali national action plan (4)", country="ML", generation=4, start_year=YEAR + 1
    )
    FrameworkPageFactory(
        title="Resolution 1325", kind=FrameworkKind.GLOBAL, country="", generation=None
    )
    provision = ProvisionFactory(framework=ending, code="2.3")
    PracticePageFactory(title="Isiolo forum", provisions=[(provision, "implements")])


@pytest.mark.parametrize("width", [390, 1280])
def test_listing_with_plans_to_watch(page, axe_check, plans, width):
    page.set_viewport_size({"width": width, "height": 844})
    page.goto("/frameworks/")
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    # The summary is short: on a phone it pushes the listing down by a few lines only.
    summary = page.locator("section.plans-to-watch").bounding_box()
    assert summary["height"] < 160
    first_group = page.get_by_role("heading", name="National action plan (3)")
    assert first_group.bounding_box()["y"] - summary["y"] < 200
    page.get_by_role("link", name="Show the 3 plans to watch").click()
    page.wait_for_load_state()
    assert page.get_by_text("Next plan expected: A second plan is being drafted").is_visible()
    assert page.get_by_role("link", name="Resolution 1325").count() == 0
    axe_check(page)
    page.get_by_role("link", name="Read by country").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Africa (2)").is_visible()
    assert page.get_by_text("1 published practice", exact=False).first.is_visible()
    axe_check(page)
    page.get_by_role("link", name="Show all frameworks").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Resolution 1325").is_visible()
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert page.outside_requests == []
