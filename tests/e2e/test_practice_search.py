"""Searching and filtering practices in a real browser with JavaScript switched off."""

import pytest

from tests.factories import PracticePageFactory

pytestmark = pytest.mark.django_db(transaction=True)


def open_filters(tab):
    panel = tab.locator("details.filters-panel")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()


@pytest.fixture
def no_js_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def practices(page_tree):
    PracticePageFactory(
        title="Women mediators of Wajir",
        summary="Market women mediate between clans.",
        description="Elders join the committee.",
        countries=["KE"],
        agendas=["WPS"],
    )
    PracticePageFactory(
        title="Youth radio in Yemen",
        summary="Young women host a radio show.",
        description="Guests call in every week.",
        countries=["YE"],
        agendas=["YPS"],
    )
    PracticePageFactory(
        title="Peace huts in Liberia",
        summary="Women mediators hold dialogues in peace huts.",
        description="Records of every dispute.",
        countries=["LR"],
        agendas=["WPS"],
    )


def test_search_filter_and_remove_a_filter_without_javascript(no_js_page, practices):
    tab = no_js_page
    tab.goto("/practices/")
    assert "3 practices." in tab.locator(".result-count").inner_text()

    tab.get_by_label("Search practices").fill("mediators")
    tab.get_by_role("button", name="Search").click()
    tab.wait_for_load_state()
    assert "2 practices." in tab.locator(".result-count").inner_text()
    assert tab.locator("mark").first.inner_text().lower().startswith("mediat")

    open_filters(tab)
    tab.get_by_label("Liberia (1)").check()
    tab.get_by_role("button", name="Apply filters").click()
    tab.wait_for_load_state()
    assert "country=LR" in tab.url and "q=mediators" in tab.url
    assert tab.locator(".card-title").all_inner_texts() == ["Peace huts in Liberia"]

    tab.get_by_role("link", name="Remove Words: mediators").click()
    tab.wait_for_load_state()
    assert "q=" not in tab.url and "country=LR" in tab.url
    assert tab.locator(".card-title").all_inner_texts() == ["Peace huts in Liberia"]


def practices_url():
    from practices.models import PracticePage

    return PracticePage.objects.get(title="Peace huts in Liberia").url


def test_listing_states_are_accessible(page, practices, axe_check):
    for path in (
        "/practices/",
        "/practices/?q=mediators&country=LR",
        "/practices/?q=nothingmatchesthis",
        "/practices/?year_from=abc",
        "/search/?q=mediators",
        "/search/",
        practices_url(),
    ):
        page.goto(path)
        if page.locator("details.filters-panel").count():
            open_filters(page)  # audit the open filter panel too
        axe_check(page)
