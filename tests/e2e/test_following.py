"""A visitor follows a country from a phone: the form on the country profile, the confirmation
e-mail, the confirm page's button, then their follows; axe-core finds nothing at 390 and
1280 px."""

import re

from django.core import mail

import pytest

from tests.factories import FrameworkPageFactory, PracticePageFactory

pytestmark = pytest.mark.django_db(transaction=True)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def no_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_visitor_follows_a_country_and_confirms(page, axe_check, page_tree):
    FrameworkPageFactory(title="Kenya national action plan", country="KE")
    PracticePageFactory(title="Isiolo women's peace forum", countries=["KE"])
    mail.outbox.clear()

    page.goto("/countries/KE/")
    form = page.locator("section.follow")
    form.get_by_label("Your e-mail address").fill("visitor@example.org")
    form.get_by_label("How often").select_option("daily")
    axe_check(page)
    no_horizontal_scroll(page)
    form.get_by_role("button", name="Follow").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()
    axe_check(page)

    assert [m.to for m in mail.outbox] == [["visitor@example.org"]]
    link = re.search(r"http://\S+/follow/confirm/\S+/", mail.outbox[0].body).group(0)
    page.goto(path_of(link))
    assert page.get_by_text("Kenya").count()
    axe_check(page)
    page.get_by_role("button", name="Confirm").click()

    page.get_by_role("heading", name="My follows").wait_for()
    row = page.get_by_role("row", name=re.compile("Kenya"))
    assert row.count() == 1
    assert row.get_by_label("How often").input_value() == "daily"
    axe_check(page)
    no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    axe_check(page)
    page.goto("/countries/KE/")
    axe_check(page)
