"""A practice page printed at a phone's width, and an organisation's public page, in a real
browser: print leaves out the site's chrome and writes each link's address; axe finds nothing."""

import pytest

from tests.factories import OrganisationFactory, PracticePageFactory

pytestmark = pytest.mark.django_db(transaction=True)


def after_content(page, selector):
    return page.eval_on_selector(
        selector, "el => getComputedStyle(el, '::after').getPropertyValue('content')"
    )


def test_practice_page_prints_content_only_with_link_addresses(page, axe_check, settings, tmp_path):
    settings.SITE_URL = "https://registry.example.org"
    organisation = OrganisationFactory(name="Wajir Women Association for Peace")
    practice = PracticePageFactory(
        title="Wajir women for peace",
        countries=["KE"],
        organisations=[organisation],
        sources="https://example.org/wajir",
    )
    page.emulate_media(media="print")
    assert page.goto(practice.url).status == 200
    for chrome in (".site-header", ".site-footer", ".breadcrumbs"):
        assert not page.locator(chrome).first.is_visible(), chrome
    assert page.locator("h1").is_visible()
    assert page.eval_on_selector("body", "el => getComputedStyle(el).color") == "rgb(0, 0, 0)"
    assert page.eval_on_selector("body", "el => getComputedStyle(el).backgroundColor") in (
        "rgb(255, 255, 255)",
        "rgba(0, 0, 0, 0)",
    )
    link = f'main a[href="/organisations/{organisation.pk}/"]'
    assert after_content(page, link) == (
        f'" (https://registry.example.org/organisations/{organisation.pk}/)"'
    )
    assert after_content(page, 'main a[href="https://example.org/wajir"]') == (
        '" (https://example.org/wajir)"'
    )
    page.screenshot(path=str(tmp_path / "practice-print.png"), full_page=True)
    axe_check(page)

    # On screen, nothing of this shows.
    page.emulate_media(media="screen")
    assert page.locator(".site-header").is_visible()
    assert after_content(page, link) in ("none", "normal")


@pytest.mark.parametrize("width", [390, 1280])
def test_organisation_page_is_accessible(page, axe_check, width):
    organisation = OrganisationFactory(name="Marsabit Women Mediators", network_type="mediators")
    PracticePageFactory(title="Grazing disputes settled", organisations=[organisation])
    page.set_viewport_size({"width": width, "height": 900})
    assert page.goto(f"/organisations/{organisation.pk}/").status == 200
    assert page.locator("h1").inner_text() == "Marsabit Women Mediators"
    assert page.locator("main a", has_text="Grazing disputes settled").is_visible()
    axe_check(page)
    assert not page.outside_requests
