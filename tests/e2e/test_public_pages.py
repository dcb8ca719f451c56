"""The public pages in a real browser: content, no third-party request, zero axe violations."""

import pytest

from tests.factories import (
    FrameworkPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    ProvisionFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def content(page_tree):
    framework = FrameworkPageFactory(
        title="Kenya national action plan on women, peace and security (2)",
        country="KE",
        generation=2,
        start_year=2020,
        end_year=2024,
        lead_institution="State Department for Gender",
        pillar_labels="Prevention\nParticipation",
    )
    provision = ProvisionFactory(framework=framework, code="2.3", pillar="participation")
    ProvisionFactory(framework=framework, code="1.1", pillar="prevention", text="Early warning.")
    practice = PracticePageFactory(
        title="Wajir women for peace",
        countries=["KE"],
        organisations=[OrganisationFactory(name="Wajir Women Association for Peace")],
        provisions=[(provision, "implements")],
        start_year=1993,
        end_year=1995,
        sources="https://example.org/wajir",
    )
    return {"framework": framework, "provision": provision, "practice": practice}


def visit(page, path):
    response = page.goto(path)
    assert response.status == 200, path
    return page


def test_home_practice_and_framework_pages_are_accessible(page, axe_check, content):
    visit(page, "/")
    assert page.locator("h1").first.is_visible()
    assert "Wajir women for peace" in page.content()
    axe_check(page)

    page.get_by_role("link", name="Wajir women for peace").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Wajir women for peace"
    axe_check(page)

    page.get_by_role("link", name="provision 2.3").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Provision 2.3"
    assert page.get_by_role("link", name="Wajir women for peace").is_visible()
    axe_check(page)

    visit(page, "/frameworks/")
    axe_check(page)
    page.get_by_role("link", name=content["framework"].title).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == content["framework"].title
    axe_check(page)

    visit(page, "/practices/")
    axe_check(page)

    assert page.outside_requests == []
    assert page.console_errors == []


def test_pages_work_on_a_phone_without_horizontal_scroll(page, content):
    for path in ("/", "/practices/", content["practice"].url, content["framework"].url):
        visit(page, path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path
