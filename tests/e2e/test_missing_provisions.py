"""A member in Mali, whose plan is in the registry without its provisions, links a paragraph of
resolution 1325 and describes the provision of Mali's plan they carry out; the editor finds it
in the admin's *Suggested provisions*. The form has zero axe violations at 390 and 1280 px."""

import re

import pytest

from tests.factories import FrameworkPageFactory, ProvisionFactory, UserFactory

from .test_contribution import admin_sign_in, moderation, sign_in  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def mali(moderation):  # noqa: F811
    from allauth.account.models import EmailAddress

    member = UserFactory(username="fatoumata", email="fatoumata@example.org")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    plan = FrameworkPageFactory(title="Mali NAP (3)", slug="nap-ml-3", country="ML")
    paragraph = ProvisionFactory(
        framework=moderation["resolution"],
        code="8",
        text="Calls on everyone negotiating or implementing peace agreements to adopt a gender "
        "perspective.",
    )
    return {"member": member, "plan": plan, "paragraph": paragraph, **moderation}


def test_a_member_links_a_1325_paragraph_and_describes_a_missing_provision(page, axe_check, mali):
    sign_in(page, "fatoumata@example.org", "a-long-test-password")
    page.goto("/practices/submit/")
    page.locator("#id_title").fill("Women's mediation commission in Borem")
    page.locator("#id_summary").fill("Women mediate disputes between herders and farmers.")
    page.locator("#id_description").fill("Twelve women mediators sit with the village chiefs.")
    # Countries are check boxes by region, in <details>: open Africa, tick the country.
    page.locator("#id_countries summary", has_text="Africa").click()
    page.locator('input[name="countries"][value="ML"]').check()
    page.get_by_role("button", name="Show provisions").click()
    page.wait_for_load_state()
    assert (
        "Mali’s plan is in the registry, but its provisions have not been entered yet."
        in page.content()
    )
    axe_check(page)
    paragraph = page.get_by_label(re.compile(r"^8: Calls on everyone negotiating"))
    if not paragraph.is_visible():
        page.locator("summary", has_text="S/RES/1325 (2000)").first.click()
    paragraph.check()
    page.get_by_label("The provision your practice carries out, in your own words").fill(
        "Support women's mediation committees in the regions of the north."
    )
    page.get_by_label("The plan's page or paragraph number").fill("p. 21, action 2.4")
    page.set_viewport_size({"width": 1280, "height": 900})
    axe_check(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_load_state()
    assert page.url.endswith("/my/submissions/"), page.url
    assert "The provision you described is with the editors" in page.content()
    axe_check(page)

    from practices.models import PracticePage, SuggestedProvision

    practice = PracticePage.objects.get(title="Women's mediation commission in Borem")
    assert practice.provision_links.get().provision == mali["paragraph"]
    suggested = SuggestedProvision.objects.get()
    assert (suggested.framework, suggested.practice_id) == (mali["plan"], practice.pk)

    editor_tab = page.context.browser.new_context(base_url=page.url.split("/my/")[0]).new_page()
    admin_sign_in(editor_tab, "editor@example.org")
    editor_tab.goto("/admin/snippets/practices/suggestedprovision/")
    editor_tab.wait_for_load_state()
    listing = editor_tab.content()
    assert "Support women's mediation committees" in listing or (
        "Support women&#x27;s mediation committees" in listing
    )
    assert "Mali NAP (3)" in listing
    editor_tab.context.close()
