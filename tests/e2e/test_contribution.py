"""The contribution loop in Chromium: a member signs up (verification link from the outbox),
submits a practice with a provision link and an attachment, an editor requests changes in the
Wagtail admin, the member revises and resubmits, the editor approves, the public sees it; the
sign-up, submission and "My submissions" pages have zero axe violations."""

import re

from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.db.migrations.loader import MigrationLoader

import pytest

from core.setup import apply_site_setup
from tests.factories import FrameworkPageFactory, ProvisionFactory, UserFactory
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-and-unusual-password"
PDF = pdf_bytes()


@pytest.fixture
def moderation(page_tree):
    """The Editors group and the review workflow, as the site set-up makes them."""
    cache.clear()
    # With the migrations' own (historical) models, as kb/migrations/0001_site_setup.py runs it.
    apply_site_setup(MigrationLoader(connection).project_state().apps)
    from django.contrib.auth.models import Group

    from allauth.account.models import EmailAddress

    editor = UserFactory(username="editor", email="editor@example.org")
    editor.groups.add(Group.objects.get(name="Editors"))
    # Editors sign in as members do, by a verified e-mail address.
    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    framework = FrameworkPageFactory(title="Kenya NAP (2)", country="KE")
    provision = ProvisionFactory(
        framework=framework, code="2.3", text="Support women mediators in local peace committees."
    )
    resolution = FrameworkPageFactory(
        title="S/RES/1325 (2000)", kind="global", country="", adopted_year=2000
    )
    return {"editor": editor, "provision": provision, "resolution": resolution}


def sign_in(page, email, password=PASSWORD, start="/accounts/login/"):
    page.goto(start)
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def admin_sign_in(page, email):
    """The admin's log-in is the members' one (with its rate limits), and leads back."""
    sign_in(page, email, "a-long-test-password", start="/admin/")
    assert page.url.endswith("/admin/"), page.url


def approve_confirming_the_organisation(editor_tab, check=None):
    """On the admin's page editor of a practice in review whose organisation no editor has
    confirmed: More actions, "Approve…" (no plain "Approve and Publish" is offered), "Confirm
    the organisation now", submit. ``check`` (axe) runs with the decision's dialog open."""
    editor_tab.get_by_role("button", name="More actions").click()
    footer = editor_tab.locator("footer")
    assert footer.get_by_role("button", name="Approve and Publish").count() == 0
    footer.get_by_role("button", name="Approve…").click()
    modal = editor_tab.locator(".modal-dialog, [role=dialog]").filter(
        has=editor_tab.locator('input[name="organisation_decision"]')
    )
    modal.get_by_label(re.compile("Confirm the organisation now")).check()
    if check:
        check(editor_tab)
    with editor_tab.expect_navigation():
        modal.locator("button[type=submit], input[type=submit]").first.click()
    editor_tab.wait_for_load_state("networkidle")


def test_member_submits_editor_requests_changes_member_resubmits_editor_approves(
    page, axe_check, moderation, tmp_path
):
    # Sign up.
    page.goto("/accounts/signup/")
    axe_check(page)
    page.locator("#id_display_name").fill("Amina Hassan")
    page.locator("#id_email").fill("amina@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("Or propose your organisation").fill("Wajir Women for Peace")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_load_state()
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body)
    page.goto(link.group(1))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    # Confirming the address signed the member in.
    assert page.locator("header").get_by_role("button", name="Sign out").is_visible()

    # Submit a practice with a provision link and an attachment.
    page.goto("/practices/submit/")
    axe_check(page)
    page.locator("#id_title").fill("Women mediators of Wajir")
    page.locator("#id_summary").fill("Women mediators settle land disputes.")
    page.locator("#id_description").fill("Trained women mediators meet elders monthly.")
    # Countries are check boxes by region, in <details>: open Africa, tick the country.
    page.locator("#id_countries summary", has_text="Africa").click()
    page.locator('input[name="countries"][value="KE"]').check()
    page.locator("#id_contact_name").fill("Amina")
    page.locator("#id_contact_email").fill("amina.contact@example.org")
    page.get_by_role("button", name="Show provisions").click()
    page.wait_for_load_state()
    # What was typed is still there, and the provisions of Kenya are offered.
    assert page.locator("#id_title").input_value() == "Women mediators of Wajir"
    axe_check(page)
    page.get_by_label(re.compile(r"2\.3: Support women mediators")).check()
    page.locator("summary", has_text="Global resolutions").click()
    page.get_by_label("S/RES/1325 (2000)").check()
    page.get_by_label("How it relates").select_option("implements")
    report = tmp_path / "report.pdf"
    report.write_bytes(PDF)
    page.locator("#id_attachments").set_input_files(str(report))
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_load_state()
    assert page.url.endswith("/my/submissions/")
    assert "In review" in page.content()
    axe_check(page)

    from practices.models import PracticePage

    practice = PracticePage.objects.get(title="Women mediators of Wajir")
    assert practice.provision_links.get().provision == moderation["provision"]
    assert practice.framework_links.get().framework == moderation["resolution"]
    assert practice.attachments.count() == 1
    assert not practice.live

    # The editor requests changes in the Wagtail admin.
    editor_tab = page.context.browser.new_context(base_url=page.url.split("/my/")[0]).new_page()
    admin_sign_in(editor_tab, "editor@example.org")
    editor_tab.goto(f"/admin/pages/{practice.pk}/edit/")
    editor_tab.wait_for_load_state("networkidle")
    assert "amina.contact@example.org" in editor_tab.content()
    editor_tab.get_by_role("button", name="More actions").click()
    editor_tab.locator("footer").get_by_role("button", name="Request changes").click()
    modal = editor_tab.locator(".modal-dialog, [role=dialog]").filter(
        has=editor_tab.locator("textarea")
    )
    modal.locator("textarea").first.fill("Please name the district.")
    with editor_tab.expect_navigation():
        modal.locator("button[type=submit], input[type=submit]").first.click()
    editor_tab.wait_for_load_state("networkidle")

    # The member sees the comment, revises and resubmits.
    page.goto("/my/submissions/")
    assert "Changes requested" in page.content()
    assert "Please name the district." in page.content()
    assert any(
        "Please name the district." in m.body for m in mail.outbox if m.to == ["amina@example.org"]
    )
    page.get_by_role("link", name=re.compile("Edit")).first.click()
    page.wait_for_load_state()
    # The edit form lists the attached file, to download or remove.
    assert page.get_by_role("link", name="Women mediators of Wajir (1)").is_visible()
    axe_check(page)
    page.locator("#id_location").fill("Wajir county")
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_load_state()
    assert "In review" in page.content()

    # The editor approves. The member proposed an organisation at sign-up: it is attached to
    # the practice and not confirmed, so the only approval offered asks the editor to decide.
    # Confirm it.
    editor_tab.goto(f"/admin/pages/{practice.pk}/edit/")
    editor_tab.wait_for_load_state("networkidle")
    approve_confirming_the_organisation(editor_tab)

    # The public sees it, without the contact address, and with the organisation, confirmed.
    practice.refresh_from_db()
    assert practice.live
    (organisation,) = practice.organisations
    assert organisation.name == "Wajir Women for Peace" and organisation.confirmed
    public = page.context.browser.new_context(base_url=page.url.split("/my/")[0]).new_page()
    public.goto("/practices/")
    assert "Women mediators of Wajir" in public.content()
    public.goto(practice.url)
    assert "Wajir county" in public.content()
    assert "amina.contact@example.org" not in public.content()


def test_editor_rejects_with_a_comment_in_the_admin(page, moderation):
    from allauth.account.models import EmailAddress

    from members import contribution
    from practices import submission
    from tests.factories import PracticePageFactory

    member = UserFactory(username="member", email="member@example.org")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    practice = PracticePageFactory(title="A national campaign", live=False, owner=member)
    practice.save_revision(user=member)
    contribution.send_to_review(practice, member)

    admin_sign_in(page, "editor@example.org")
    page.goto(f"/admin/pages/{practice.pk}/edit/")
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="More actions").click()
    page.locator("footer").get_by_role("button", name="Reject", exact=True).click()
    modal = page.locator(".modal-dialog, [role=dialog]").filter(has=page.locator("textarea"))
    modal.locator("textarea").first.fill("Not a local practice.")
    with page.expect_navigation():
        modal.locator("button[type=submit], input[type=submit]").first.click()
    page.wait_for_load_state("networkidle")

    practice.refresh_from_db()
    assert not practice.live
    assert submission.status_of(practice) == (submission.Status.REJECTED, "Not a local practice.")
    (email,) = [m for m in mail.outbox if m.to == ["member@example.org"]]
    assert "Not a local practice." in email.body
    page.goto(f"/admin/pages/{practice.pk}/history/")
    assert "Not a local practice." in page.content()

    member_tab = page.context.browser.new_context(base_url=page.url.split("/admin/")[0]).new_page()
    sign_in(member_tab, "member@example.org", "a-long-test-password")
    member_tab.goto("/my/submissions/")
    assert "Not accepted" in member_tab.content()
    assert "Not a local practice." in member_tab.content()


def test_sign_in_account_and_contact_relay_pages_are_accessible(page, axe_check, moderation):
    from tests.factories import PracticePageFactory

    practice = PracticePageFactory(title="Peace huts", contact_email="contact@example.org")
    page.goto("/accounts/login/")
    axe_check(page)
    page.goto(f"/contact/practice/{practice.pk}/")
    axe_check(page)
    page.get_by_role("button", name="Send").click()  # empty: errors next to the fields
    page.wait_for_load_state()
    assert page.locator("#id_message_errors").is_visible()
    axe_check(page)
    page.locator("#id_name").fill("Researcher")
    page.locator("#id_email").fill("r@example.org")
    page.locator("#id_message").fill("May I ask about it?")
    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state()
    assert "Your message has been sent" in page.content()
    assert "contact@example.org" not in page.content()
    assert mail.outbox[-1].to == ["contact@example.org"]

    UserFactory(username="member", email="member@example.org")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(
        user_id=UserFactory._meta.model.objects.get(username="member").pk,
        email="member@example.org",
        verified=True,
        primary=True,
    )
    sign_in(page, "member@example.org", "a-long-test-password")
    page.goto("/my/account/")
    axe_check(page)
