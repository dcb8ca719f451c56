"""Who is who, sign-in and sign-out, and the editor's decision on unconfirmed organisations, in
Chromium (issue 14, items 1, 2 and the editor's side of 5): a phone (390 px) signs up with a
display name, confirms and is signed in; form errors take the focus to a summary that links to
the fields; the wrong-password sign-in and the admin's practice editor (1280 px) have zero axe
violations; approving a practice whose organisation is unconfirmed needs the editor's choice."""

import contextlib
import re

from django.core import mail

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from practices.models import Organisation, OrganisationMembership, PracticePage
from tests.factories import PracticePageFactory, UserFactory

from .test_contribution import PASSWORD, admin_sign_in, moderation  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def focused(page, expected=None):
    """The id (else the tag) of the focused element; with ``expected``, once focus has had up
    to 5 s to land there (``autofocus`` is applied by the browser after the page loads, later
    on a busy machine)."""
    script = "() => { const e = document.activeElement; return e ? (e.id || e.tagName) : null }"
    if expected is not None:
        with contextlib.suppress(PlaywrightTimeoutError):
            page.wait_for_function(f"() => ({script})() === {expected!r}", timeout=5000)
    return page.evaluate(script)


def test_sign_up_with_a_display_name_confirm_and_be_signed_in(page, axe_check, moderation):  # noqa: F811
    page.goto("/practices/submit/")
    page.wait_for_load_state()
    # Sent to sign in from "Submit a practice", the member is told why.
    assert "Sign in or create an account to submit a practice" in page.content()
    page.goto("/accounts/signup/")
    # Two problems at once: a common password, and a second one that differs.
    page.locator("#id_display_name").fill("Amina Hassan")
    page.locator("#id_email").fill("amina@example.org")
    page.locator("#id_password1").fill("password")
    page.locator("#id_password2").fill("passw0rd")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_load_state()
    assert focused(page, "error-summary-heading") == "error-summary-heading"
    summary = page.locator(".error-summary")
    assert "too common" in summary.inner_text()
    assert "same password" in summary.inner_text()
    assert summary.locator('a[href="#id_password1"]').count() >= 1
    assert summary.locator('a[href="#id_password2"]').count() == 1
    axe_check(page)

    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_load_state()
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body)
    page.goto(link.group(1))
    assert "Amina Hassan" in page.content()
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    header = page.locator("header")
    assert "Amina Hassan" in header.inner_text()
    sign_out = header.get_by_role("button", name="Sign out")
    assert sign_out.is_visible()
    box = sign_out.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44 and box["x"] + box["width"] <= 390
    assert "Confirmation e-mail sent" not in page.content()
    assert "confirmation" not in page.locator("main").inner_text().lower() or (
        "confirmed" in page.locator("main").inner_text().lower()
    )
    axe_check(page)
    sign_out.click()
    page.wait_for_load_state()
    assert page.locator("header").get_by_role("link", name="Sign in").is_visible()


def test_wrong_password_sign_in_is_accessible_and_focuses_the_summary(
    page,
    axe_check,
    moderation,  # noqa: F811
):
    page.goto("/accounts/login/")
    page.locator("#id_login").fill("editor@example.org")
    page.locator("#id_password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert focused(page, "error-summary-heading") == "error-summary-heading"
    assert page.locator(".error-summary").is_visible()
    axe_check(page)


def unconfirmed_practice_in_review():
    organisation = Organisation.objects.create(name="Garissa Peace Circle", confirmed=False)
    member = UserFactory(username="member-x", email="x@example.org")
    OrganisationMembership.objects.create(user=member, organisation=organisation)
    practice = PracticePageFactory(
        title="Peace circles of Garissa", live=False, owner=member, organisations=[organisation]
    )
    from wagtail.models import Workflow

    practice.save_revision(user=member)
    Workflow.objects.get(name="Practice review").start(practice, member)
    return PracticePage.objects.get(pk=practice.pk), organisation


def test_admin_editor_is_accessible_and_offers_only_the_deciding_approval(
    page,
    axe_check,
    moderation,  # noqa: F811
):
    practice, organisation = unconfirmed_practice_in_review()
    page.set_viewport_size({"width": 1280, "height": 900})
    admin_sign_in(page, "editor@example.org")
    page.goto(f"/admin/pages/{practice.pk}/edit/")
    page.wait_for_load_state("networkidle")
    axe_check(page)
    content = page.content()
    assert "Garissa Peace Circle" in content and "Check it and confirm it" in content
    page.get_by_role("button", name="More actions").click()
    footer = page.locator("footer")
    labels = [b.inner_text().strip() for b in footer.locator("button").all() if b.is_visible()]
    # Review answers come before anything else; no plain "Approve and Publish" is offered.
    assert not any(label.startswith("Approve and Publish") for label in labels), labels
    assert any(label.startswith("Approve…") for label in labels), labels


def open_the_approval(page, practice):
    page.goto(f"/admin/pages/{practice.pk}/edit/")
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="More actions").click()
    page.locator("footer").get_by_role("button", name=re.compile("Approve…")).click()
    modal = page.locator(".modal-dialog")
    modal.wait_for()
    return modal


def test_approve_from_the_page_editor(page, axe_check, moderation):  # noqa: F811
    """More actions → Approve… in the page editor: no choice keeps the form open; "not yet"
    publishes nothing; "withhold" publishes the practice without naming its organisation."""
    practice, organisation = unconfirmed_practice_in_review()
    page.set_viewport_size({"width": 1280, "height": 900})
    admin_sign_in(page, "editor@example.org")
    server_errors = []
    page.on("response", lambda r: r.status >= 500 and server_errors.append(r.url))
    modal = open_the_approval(page, practice)
    axe_check(page)
    # Sent without a choice, the form comes back with its error and nothing is published.
    modal.locator("button[type=submit], input[type=submit]").first.click()
    page.locator(".modal-dialog").get_by_text("This field is required").wait_for()
    modal = page.locator(".modal-dialog")
    practice.refresh_from_db()
    assert not practice.live
    # "Do not approve yet": back in the editor, told so, still in review.
    modal.get_by_label(re.compile("Do not approve yet")).check()
    with page.expect_navigation():
        modal.locator("button[type=submit], input[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert "not approved" in page.content().lower()
    axe_check(page)
    practice = PracticePage.objects.get(pk=practice.pk)
    assert not practice.live and practice.workflow_in_progress
    # "Publish without naming its organisations".
    modal = open_the_approval(page, practice)
    modal.get_by_label(re.compile("Publish without naming")).check()
    with page.expect_navigation():
        modal.locator("button[type=submit], input[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert "Server Error" not in page.content()
    page.wait_for_timeout(1500)  # what the editor's autosave may still send
    assert not server_errors, server_errors
    practice = PracticePage.objects.get(pk=practice.pk)
    organisation.refresh_from_db()
    assert practice.live and practice.withhold_organisation and not organisation.confirmed
    page.goto(practice.url)
    assert "Peace circles of Garissa" in page.content()
    assert "Garissa Peace Circle" not in page.content()
