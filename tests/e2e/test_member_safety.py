"""In Chromium at 390 px: a member takes the place of a published practice back and the public page
loses it at once; then an editor saves a change while the member's form is open, and the
member's send shows both versions (axe: zero violations) and saves only when sent again."""

import pytest
from allauth.account.models import EmailAddress

from practices.models import PracticePage
from tests.factories import PracticePageFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-test-password"
PLACE = "Eldas ward"


@pytest.fixture
def members_practice(page_tree):
    member = UserFactory(username="amina", email="amina@example.org")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    practice = PracticePageFactory(
        title="Listening circles of Wajir", countries=["KE"], location=PLACE, owner=member
    )
    return practice


def sign_in(page):
    page.goto("/accounts/login/")
    page.locator("#id_login").fill("amina@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_taking_the_place_back_and_a_conflicting_edit(page, axe_check, members_practice):
    practice = members_practice
    sign_in(page)
    page.goto(f"/my/submissions/{practice.pk}/edit/")
    page.get_by_label("Show the country only, never the place below it").check()
    page.get_by_role("button", name="Save changes for review").or_(
        page.get_by_role("button", name="Save as draft")
    ).first.click()
    page.wait_for_load_state()
    assert "no longer public" in page.content()

    visitor = page.context.browser.new_context(base_url=page.url.split("/my/")[0])
    public = visitor.new_page()
    public.goto(practice.url)
    assert "Listening circles of Wajir" in public.content()
    assert PLACE not in public.content()
    visitor.close()

    # The member opens the form again; an editor saves a change meanwhile.
    page.goto(f"/my/submissions/{practice.pk}/edit/")
    page.get_by_label("Description").fill("Circles meet every month with elders and youth.")
    latest = PracticePage.objects.get(pk=practice.pk).get_latest_revision_as_object()
    latest.summary = "Summary as the editor corrected it."
    # Someone other than the member (an editor, as the panel says).
    latest.save_revision(user=UserFactory(username="an-editor"))

    page.get_by_role("button", name="Save as draft").or_(
        page.get_by_role("button", name="Save changes for review")
    ).first.click()
    page.wait_for_load_state()
    panel = page.get_by_role("alert").filter(has_text="changed after you opened the form")
    assert panel.is_visible()
    assert "Summary as the editor corrected it." in panel.inner_text()
    # The panel comes first, on screen, before the form's explanations.
    assert panel.bounding_box()["y"] < 844
    assert (
        page.get_by_label("Description").input_value()
        == "Circles meet every month with elders and youth."
    )
    axe_check(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"horizontal scroll: {width}px"

    page.get_by_role("button", name="Save as draft").or_(
        page.get_by_role("button", name="Save changes for review")
    ).first.click()
    page.wait_for_load_state()
    saved = PracticePage.objects.get(pk=practice.pk).get_latest_revision_as_object()
    assert saved.description == "Circles meet every month with elders and youth."
