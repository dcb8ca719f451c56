"""The registry's central link walked as a visitor walks it, by clicking links, at 390 px and
1280 px: home → the frameworks → a national action plan → one of its provisions → the practice
linked to it → back to the plan's coverage and gaps → the NAP features page; and from a
paragraph of resolution 1325 to its practice in two clicks and back. Every page has zero axe-core
violations, no horizontal scroll, nothing fetched from another site, and a draft practice linked
to the same provision never shows."""

import pytest

from core.vocabulary import FrameworkKind
from tests.factories import FrameworkPageFactory, PracticePageFactory, ProvisionFactory, draft

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registry(page_tree):
    kenya = FrameworkPageFactory(title="Kenya national action plan (2)", country="KE", generation=2)
    county = ProvisionFactory(
        framework=kenya,
        code="1",
        pillar="participation",
        text="Counties adopt action plans with women's organisations.",
    )
    ProvisionFactory(
        framework=kenya, code="2", pillar="protection", text="Train police on survivor support."
    )
    resolution = FrameworkPageFactory(
        title="S/RES/1325 (2000)", kind=FrameworkKind.GLOBAL, country="", generation=None
    )
    paragraph = ProvisionFactory(
        framework=resolution,
        code="8",
        pillar="participation",
        text="Adopt a gender perspective when negotiating peace agreements.",
    )
    counties = PracticePageFactory(
        title="County action plans in Kenya", countries=["KE"], provisions=[(county, "implements")]
    )
    platform = PracticePageFactory(
        title="Colombian women's peace platform",
        countries=["CO"],
        provisions=[(paragraph, "advocates-for")],
    )
    hidden = draft(
        PracticePageFactory(
            title="Unpublished county draft",
            provisions=[(county, "implements"), (paragraph, "implements")],
        )
    )
    return {
        "kenya": kenya,
        "county": county,
        "resolution": resolution,
        "paragraph": paragraph,
        "counties": counties,
        "platform": platform,
        "hidden": hidden,
    }


def checked(page, axe_check):
    """Every page of the journey: accessible, no sideways scroll, no draft, nothing outside."""
    page.wait_for_load_state()
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, page.url
    assert "Unpublished county draft" not in page.inner_text("body"), page.url
    assert page.outside_requests == []


@pytest.mark.parametrize("width", [390, 1280])
def test_from_home_to_a_plans_practice_and_back_to_its_coverage(page, axe_check, registry, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    checked(page, axe_check)

    page.get_by_role("link", name="See the frameworks").click()
    page.wait_for_url("**/frameworks/")
    checked(page, axe_check)

    page.get_by_role("link", name="Kenya national action plan (2)").click()
    page.wait_for_url(f"**{registry['kenya'].url}")
    checked(page, axe_check)

    # A provision's code is its only link: big enough to tap on a phone (WCAG 2.5.8: 24 px).
    smallest = page.evaluate(
        "[...document.querySelectorAll('ul.provisions > li > a, ul.gaps > li > a')]"
        ".map(a => a.getBoundingClientRect())"
        ".reduce((m, r) => [Math.min(m[0], r.width), Math.min(m[1], r.height)], [99, 99])"
    )
    assert smallest[0] >= 24 and smallest[1] >= 24, smallest
    provisions = page.locator("section[aria-labelledby=provisions]")
    provisions.locator(f"a[href='{registry['county'].url}']").click()
    page.wait_for_url(f"**{registry['county'].url}")
    assert page.get_by_role("heading", level=1).inner_text() == "Provision 1"
    checked(page, axe_check)

    linked = page.locator("section[aria-labelledby=practices]")
    linked.get_by_role("link", name="County action plans in Kenya").click()
    page.wait_for_url(f"**{registry['counties'].url}")
    assert page.get_by_role("heading", level=1).inner_text() == "County action plans in Kenya"
    checked(page, axe_check)

    # The practice names the provision it implements; from there, the plan's coverage.
    page.get_by_role("link", name="Kenya national action plan (2), provision 1").click()
    page.wait_for_url(f"**{registry['county'].url}")
    page.get_by_role("link", name="Coverage and gaps of Kenya national action plan (2)").click()
    page.wait_for_url(f"**{registry['kenya'].url}#coverage")
    block = page.locator("section.coverage")
    assert block.is_visible()
    assert "1 of 2 provisions has at least one local practice" in block.inner_text()
    assert "Train police on survivor support." in block.locator("ul.gaps").inner_text()
    checked(page, axe_check)

    page.locator("nav.breadcrumbs").get_by_role("link", name="Frameworks").click()
    page.wait_for_url("**/frameworks/")
    page.get_by_role("link", name="Features of national action plans by region").click()
    page.wait_for_url("**/frameworks/features/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Features of national action plans by region"
    )
    checked(page, axe_check)
    assert page.console_errors == []


@pytest.mark.parametrize("width", [390, 1280])
def test_from_a_paragraph_of_1325_to_its_practice_in_two_clicks_and_back(
    page, axe_check, registry, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(registry["resolution"].url)
    checked(page, axe_check)

    page.locator("section[aria-labelledby=provisions]").locator(
        f"a[href='{registry['paragraph'].url}']"
    ).click()
    page.wait_for_url(f"**{registry['paragraph'].url}")
    checked(page, axe_check)
    page.locator("section[aria-labelledby=practices]").get_by_role(
        "link", name="Colombian women's peace platform"
    ).click()
    page.wait_for_url(f"**{registry['platform'].url}")
    checked(page, axe_check)

    page.get_by_role("link", name="S/RES/1325 (2000), provision 8").click()
    page.wait_for_url(f"**{registry['paragraph'].url}")
    page.get_by_role("link", name="S/RES/1325 (2000)", exact=True).first.click()
    page.wait_for_url(f"**{registry['resolution'].url}")
    assert page.get_by_role("heading", level=1).inner_text() == "S/RES/1325 (2000)"
    assert page.console_errors == []
