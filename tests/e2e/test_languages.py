"""The registry in each language on a 390 px phone: home, listing, a practice, a provision and the
submission form in English, French, Spanish and Arabic (right to left), reached through the
language switcher and the pages' own links; zero axe violations and no horizontal scroll."""

import os
import tempfile
from pathlib import Path

from django.core.cache import cache
from django.utils import translation

import pytest

from tests.factories import (
    FrameworkPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    ProvisionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-and-unusual-password"
# Screenshots for people to look at, outside the repository (SCREENSHOTS_DIR, else /tmp/shots).
SHOTS = Path(os.environ.get("SCREENSHOTS_DIR") or Path(tempfile.gettempdir()) / "shots")
LANGUAGES = [("en", "ltr", ""), ("fr", "ltr", "/fr"), ("es", "ltr", "/es"), ("ar", "rtl", "/ar")]


@pytest.fixture
def content(page_tree):
    from allauth.account.models import EmailAddress

    cache.clear()
    translation.activate("en")
    member = UserFactory(username="awa", email="awa@example.org")
    member.set_password(PASSWORD)
    member.save()
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    framework = FrameworkPageFactory(
        title="Yemen national action plan on women, peace and security",
        country="YE",
        generation=1,
        start_year=2020,
        end_year=2022,
    )
    provision = ProvisionFactory(framework=framework, code="2.3", pillar="participation")
    practice = PracticePageFactory(
        title="Women mediators of Taiz",
        countries=["YE"],
        organisations=[OrganisationFactory(name="Taiz Women for Peace")],
        provisions=[(provision, "implements")],
        start_year=2018,
    )
    return {
        "member": member,
        "practice": practice.url,
        "provision": provision.url,
    }


def check(page, axe_check, lang, direction):
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("document.documentElement.dir") == direction
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"
    axe_check(page)


def follow(page, href):
    page.locator(f'main a[href="{href}"], header a[href="{href}"]').first.click()
    page.wait_for_load_state()
    assert page.url.endswith(href), (page.url, href)


def test_each_language_from_home_to_the_submission_form(page, axe_check, content):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(content["member"].email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()

    for lang, direction, prefix in LANGUAGES:
        # The switcher, from wherever the visitor is.
        page.goto("/")
        page.locator(f'nav.languages a[lang="{lang}"]').click()
        page.wait_for_load_state()
        assert page.url.endswith(f"{prefix}/"), page.url
        assert page.locator(f'nav.languages a[lang="{lang}"]').get_attribute("aria-current")
        check(page, axe_check, lang, direction)
        if lang == "ar":
            page.screenshot(path=str(SHOTS / "ar-home-390.png"), full_page=True)

        follow(page, f"{prefix}/practices/")
        check(page, axe_check, lang, direction)

        follow(page, prefix + content["practice"])
        check(page, axe_check, lang, direction)
        if lang == "ar":
            page.screenshot(path=str(SHOTS / "ar-practice-390.png"), full_page=True)

        follow(page, prefix + content["provision"])
        check(page, axe_check, lang, direction)

        follow(page, f"{prefix}/practices/submit/")
        assert page.locator("#id_title").is_visible()
        check(page, axe_check, lang, direction)

    assert page.outside_requests == []
    assert page.console_errors == []


def test_other_arabic_pages_fit_a_phone(page, axe_check, content):
    with translation.override("en"):
        framework = FrameworkPageFactory(title="Iraq national action plan", country="IQ")
        framework_url = framework.url
    for path in (
        "/ar/countries/",
        "/ar/countries/YE/",
        "/ar/frameworks/",
        "/ar" + framework_url,
        "/ar/search/?q=mediators",
        "/ar/practices/?country=YE",
        "/ar/actions/",
        "/ar/accounts/login/",
        "/ar/accounts/signup/",
        "/ar/accessibility/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        check(page, axe_check, "ar", "rtl")
