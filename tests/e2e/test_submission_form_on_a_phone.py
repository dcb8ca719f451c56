"""The submission form on a 390 px phone: countries ticked in region groups without Ctrl, "Show
provisions" lands on the provisions, and the preview says it is not published; axe finds
nothing on either page."""

import re

from django.core.cache import cache

import pytest

from tests.factories import FrameworkPageFactory, ProvisionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-and-unusual-password"


@pytest.fixture
def member(page_tree):
    from allauth.account.models import EmailAddress

    cache.clear()
    user = UserFactory(username="amina", email="amina@example.org")
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    kenya = FrameworkPageFactory(title="Kenya NAP (2)", country="KE")
    ProvisionFactory(framework=kenya, code="2.3", text="Support women mediators in committees.")
    yemen = FrameworkPageFactory(title="Yemen NAP (1)", country="YE")
    ProvisionFactory(framework=yemen, code="1.1", text="Women in local water councils.")
    return user


def in_viewport(page, selector):
    return page.evaluate(
        """(selector) => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return box.top < window.innerHeight && box.bottom > 0;
        }""",
        selector,
    )


def test_countries_without_ctrl_show_provisions_and_preview(page, axe_check, member, tmp_path):
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(member.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    page.goto("/practices/submit/")
    assert page.locator("select[multiple]").count() == 0
    axe_check(page)
    page.locator("#id_title").fill("Women mediators of Wajir")
    page.locator("#id_summary").fill("Women mediators settle land disputes.")
    page.locator("#id_description").fill("Trained women mediators meet elders monthly.")
    # Two countries in two regions, each a tap on a box (no Ctrl).
    page.locator("#id_countries summary", has_text="Africa").click()
    page.locator('input[name="countries"][value="KE"]').check()
    page.locator("#id_countries summary", has_text="Arab States").click()
    page.locator('input[name="countries"][value="YE"]').check()
    box = page.locator('input[name="countries"][value="KE"]').bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24

    page.get_by_role("button", name="Show provisions").click()
    page.wait_for_load_state()
    assert page.url.endswith("#provisions")
    assert page.evaluate("window.scrollY") > 0
    assert in_viewport(page, "#provisions")
    # The ticked countries stay ticked, their regions open; their provisions are offered.
    assert page.locator('input[name="countries"][value="KE"]').is_checked()
    assert page.locator('input[name="countries"][value="YE"]').is_checked()
    assert page.get_by_label(re.compile(r"2\.3: Support women mediators")).count() == 1
    axe_check(page)

    page.get_by_role("button", name="Save and preview").click()
    page.wait_for_load_state()
    banner = page.get_by_role("status").filter(has_text="Preview: not published")
    assert banner.count() == 1
    assert banner.get_by_role("link", name="Edit").count() == 1
    assert banner.get_by_role("button", name="Submit for review").count() == 1
    text = page.locator("main").inner_text() if page.locator("main").count() else page.content()
    assert not re.search(r"Published\s*\.", text)
    assert "Write to the people behind" not in text
    axe_check(page)
    page.screenshot(path=str(tmp_path / "preview-390.png"))
    # And on a desktop, the form and the preview.
    page.set_viewport_size({"width": 1280, "height": 900})
    axe_check(page)
    page.goto("/practices/submit/")
    axe_check(page)
