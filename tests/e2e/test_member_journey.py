"""Issue 14's "done means", end to end in Chromium: on a 390 px phone a new member signs up with
a display name and a proposed organisation, confirms from the e-mail, submits a practice
(countries ticked in region groups, "Show provisions" lands on the provisions), previews it
under its banner and submits it; an editor (1280 px, the admin) sees who sent it, their e-mail
and their organisation's confirmation state, and requests changes; the member finds the comment
at the top of the form and resubmits; the editor approves, confirming the organisation; the
public page names it. Every page visited has zero axe violations, the admin's included."""

import re

from django.core import mail

import pytest

from practices.models import Organisation, PracticePage

from .test_contribution import (  # noqa: F401  (moderation: a fixture)
    PASSWORD,
    approve_confirming_the_organisation,
    moderation,
    sign_in,
)
from .test_submission_form_on_a_phone import in_viewport

pytestmark = pytest.mark.django_db(transaction=True)
NAME = "Amina Hassan"
EMAIL = "amina@example.org"
ORGANISATION = "Wajir Women for Peace"
TITLE = "Women mediators of Wajir"
COMMENT = "Please name the district."


def test_member_journey_from_sign_up_to_publication(page, axe_check, moderation):  # noqa: F811
    # Sign up on a phone, with a display name and a proposed organisation.
    page.goto("/accounts/signup/")
    axe_check(page)
    page.locator("#id_display_name").fill(NAME)
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("Or propose your organisation").fill(ORGANISATION)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_load_state()
    axe_check(page)  # "check your e-mail"

    # Confirm from the outbox: signed in, by name, and no stale "e-mail sent" message.
    (message,) = [m for m in mail.outbox if m.to == [EMAIL]]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body)
    page.goto(link.group(1))
    assert NAME in page.content()
    axe_check(page)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    header = page.locator("header")
    assert NAME in header.inner_text()
    assert header.get_by_role("button", name="Sign out").is_visible()
    assert "Confirmation e-mail sent" not in page.content()
    axe_check(page)

    # Submit a practice: countries in region groups (taps, no Ctrl), then the provisions.
    page.goto("/practices/submit/")
    assert page.locator("select[multiple]").count() == 0
    axe_check(page)
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("Women mediators settle land disputes.")
    page.locator("#id_description").fill("Trained women mediators meet elders monthly.")
    page.locator("#id_countries summary", has_text="Africa").click()
    page.locator('input[name="countries"][value="KE"]').check()
    page.locator("#id_countries summary", has_text="Arab States").click()
    page.locator('input[name="countries"][value="YE"]').check()
    page.locator("#id_contact_name").fill("Amina")
    page.locator("#id_contact_email").fill("amina.contact@example.org")
    page.get_by_role("button", name="Show provisions").click()
    page.wait_for_load_state()
    assert page.url.endswith("#provisions")
    assert page.evaluate("window.scrollY") > 0 and in_viewport(page, "#provisions")
    assert page.locator("#id_title").input_value() == TITLE
    assert page.locator('input[name="countries"][value="YE"]').is_checked()
    axe_check(page)
    page.get_by_label(re.compile(r"2\.3: Support women mediators")).check()

    # Preview: a banner with the next actions, no half-filled line.
    page.get_by_role("button", name="Save and preview").click()
    page.wait_for_load_state()
    banner = page.get_by_role("status").filter(has_text="Preview: not published")
    assert banner.count() == 1
    assert not re.search(r"Published\s*\.", page.locator("main").inner_text())
    axe_check(page)
    banner.get_by_role("button", name="Submit for review").click()
    page.wait_for_load_state()
    assert page.url.endswith("/my/submissions/") and "In review" in page.content()
    axe_check(page)

    practice = PracticePage.objects.get(title=TITLE)
    organisation = Organisation.objects.get(name=ORGANISATION)
    assert not practice.live and not organisation.confirmed

    # The editor, in the admin at 1280 px: who sent it, and the organisation to check.
    base = page.url.split("/my/")[0]
    editor = page.context.browser.new_context(
        base_url=base, viewport={"width": 1280, "height": 900}
    ).new_page()
    sign_in(editor, "editor@example.org", "a-long-test-password", start="/admin/")
    assert editor.url.endswith("/admin/"), editor.url
    edit_url = f"/admin/pages/{practice.pk}/edit/"
    editor.goto(edit_url)
    editor.wait_for_load_state("networkidle")
    axe_check(editor)
    # "Submitted by", on the Contact and safety tab: name, e-mail, organisation and its state.
    text = editor.locator("dl").filter(has_text=EMAIL).first.inner_text()
    assert NAME in text and EMAIL in text, text
    assert f"{ORGANISATION}: organisation not confirmed yet" in text, text
    assert "Check it and confirm it" in editor.content()

    editor.get_by_role("button", name="More actions").click()
    editor.locator("footer").get_by_role("button", name="Request changes").click()
    modal = editor.locator(".modal-dialog, [role=dialog]").filter(has=editor.locator("textarea"))
    modal.locator("textarea").first.fill(COMMENT)
    axe_check(editor)
    with editor.expect_navigation():
        modal.locator("button[type=submit], input[type=submit]").first.click()
    editor.wait_for_load_state("networkidle")
    axe_check(editor)

    # The member: the comment heads the edit form; resubmit.
    page.goto("/my/submissions/")
    assert "Changes requested" in page.content()
    axe_check(page)
    page.get_by_role("link", name=re.compile("Edit")).first.click()
    page.wait_for_load_state()
    comment = page.locator("main .editors-comment")
    assert COMMENT in comment.inner_text()
    # At the top: before the form's first field.
    assert page.evaluate(
        """() => {
            const note = document.querySelector('main .editors-comment');
            const field = document.querySelector('#id_title');
            return !!(note.compareDocumentPosition(field) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )
    axe_check(page)
    page.locator("#id_location").fill("Wajir county")
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_load_state()
    assert "In review" in page.content()

    # The editor approves; the organisation is unconfirmed, so approving asks: confirm it.
    editor.goto(edit_url)
    editor.wait_for_load_state("networkidle")
    axe_check(editor)
    approve_confirming_the_organisation(editor, check=axe_check)
    axe_check(editor)

    practice.refresh_from_db()
    organisation.refresh_from_db()
    assert practice.live and organisation.confirmed

    # The public page names the organisation, and not the private contact.
    public = page.context.browser.new_context(base_url=base).new_page()
    public.goto(practice.url)
    content = public.content()
    assert TITLE in content and ORGANISATION in content and "Wajir county" in content
    assert "amina.contact@example.org" not in content and EMAIL not in content
    axe_check(public)
