"""The NAP features page in a real browser: reached from the frameworks listing, charts with
legible text on a phone, zero axe-core violations at 390 and 1280 px, the filter form and the
CSV link working without script."""

import pytest

from tests.factories import FrameworkPageFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def plans(page_tree):
    FrameworkPageFactory(
        title="Kenya national action plan (1)",
        country="KE",
        generation=1,
        budget="allocated",
        me_framework="yes",
        civil_society_roles=["drafting"],
        lead_institution="Ministry of Gender, Children and Social Protection",
        pillars=["prevention", "participation"],
    )
    FrameworkPageFactory(
        title="Kenya national action plan (2)",
        country="KE",
        generation=2,
        budget="not-allocated",
        lead_institution="Ministry of Interior",
    )
    FrameworkPageFactory(
        title="Colombia national action plan (1)",
        country="CO",
        generation=1,
        lead_institution="Ministerio de Relaciones Exteriores",
        civil_society_roles_known=True,
    )
    FrameworkPageFactory(
        title="Germany national action plan (3)",
        country="DE",
        generation=3,
        budget="allocated",
        lead_institution="Auswärtiges Amt",
    )


# At 1280 px the registry journey (test_registry_journey.py) audits this page too.
@pytest.mark.parametrize("width", [390])
def test_features_page_reads_on_a_phone_and_a_desktop(page, axe_check, plans, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/frameworks/")
    page.get_by_role("link", name="Features of national action plans by region").click()
    page.wait_for_url("**/frameworks/features/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Features of national action plans by region"
    )
    assert page.get_by_role("img", name="Allocated budget: national action plans by region")
    # Chart text stays at least 12 px as drawn on the screen.
    smallest = page.evaluate(
        "Math.min(...[...document.querySelectorAll('svg.stacked-chart text')].map(t => {"
        " const svg = t.ownerSVGElement;"
        " const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;"
        " return parseFloat(getComputedStyle(t).fontSize) * scale; }))"
    )
    assert smallest >= 12
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    budget = page.locator("table", has=page.locator("caption#budget-by-region"))
    assert budget.locator("tr", has_text="Africa").locator("td").all_inner_texts() == [
        "1 (50%)",
        "1 (50%)",
        "0 (0%)",
        "2",
    ]
    axe_check(page)
    assert not page.outside_requests
    assert not page.console_errors

    page.select_option("#id_plans", "latest")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**plans=latest**")
    assert "features of the 3 published national action plans chosen" in page.inner_text("main")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these figures (CSV)").click()
    text = download.value.path().read_text(encoding="utf-8")
    assert "region,Africa,budget,not-allocated,1,1,100" in text
