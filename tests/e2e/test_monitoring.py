"""Monitoring in Chromium at 390 px: a member of a confirmed organisation reports what they
observe of a provision, an editor approves the note in the Wagtail admin, and the note is on the
provision's timeline and counted in the plan's summary; zero axe violations at 390 and 1280 px."""

import os
import re

from django.core.cache import cache
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

import pytest

from core.setup import apply_site_setup
from tests.factories import (
    FrameworkPageFactory,
    OrganisationFactory,
    ProvisionFactory,
    UserFactory,
    member_of,
)

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-test-password"


@pytest.fixture
def setting(page_tree):
    cache.clear()
    apply_site_setup(MigrationLoader(connection).project_state().apps)
    from django.contrib.auth.models import Group

    from allauth.account.models import EmailAddress

    editor = UserFactory(username="editor", email="editor@example.org")
    editor.groups.add(Group.objects.get(name="Editors"))
    member = member_of(OrganisationFactory(name="Wajir Women for Peace"), username="amina")
    for user in (editor, member):
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    framework = FrameworkPageFactory(title="Kenya NAP (2)", country="KE")
    provision = ProvisionFactory(
        framework=framework, code="2.3", text="Support women mediators in local peace committees."
    )
    ProvisionFactory(framework=framework, code="2.4", text="Fund women's peace forums.")
    return {"editor": editor, "member": member, "framework": framework, "provision": provision}


def sign_in(page, email, start="/accounts/login/"):
    page.goto(start)
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def check_both_widths(page, axe_check):
    axe_check(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    axe_check(page)
    page.set_viewport_size({"width": 390, "height": 844})


def test_member_reports_editor_approves_public_sees_it(page, axe_check, setting):
    from monitoring.models import MonitoringNote

    year = timezone.localdate().year
    provision = setting["provision"]
    sign_in(page, setting["member"].email)
    page.goto(provision.url)
    check_both_widths(page, axe_check)
    assert "Not yet observed" in page.content()
    page.get_by_role("link", name=re.compile("Report what you observe")).click()
    page.wait_for_load_state()
    check_both_widths(page, axe_check)

    page.get_by_label("Achieved").check()
    page.locator("#id_from_year").fill(str(year - 2))
    page.locator("#id_to_year").fill(str(year - 1))
    page.locator("#id_to_month").select_option("6")
    page.locator("#id_evidence").fill("Women mediators sit on all five ward peace committees.")
    page.locator("#id_source_url").fill("https://example.org/county-report")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Send to the editors").click()
    page.wait_for_load_state()
    assert page.url.endswith("/my/submissions/")
    assert "My monitoring notes" in page.content()
    assert "In review" in page.content()
    check_both_widths(page, axe_check)
    note = MonitoringNote.objects.get()
    assert not note.live

    # The editor approves it in the admin.
    editor_tab = page.context.browser.new_context(base_url=page.url.split("/my/")[0]).new_page()
    sign_in(editor_tab, "editor@example.org", start="/admin/")
    editor_tab.goto(f"/admin/snippets/monitoring/monitoringnote/edit/{note.pk}/")
    editor_tab.wait_for_load_state("networkidle")
    editor_tab.get_by_role("button", name="More actions").click()
    with editor_tab.expect_navigation():
        editor_tab.locator("footer").get_by_role(
            "button", name=re.compile(r"^Approve( and Publish)?$")
        ).click()
    editor_tab.wait_for_load_state("networkidle")
    note.refresh_from_db()
    assert note.live

    # The public sees it on the provision's timeline and in the plan's summary.
    public = page.context.browser.new_context(
        base_url=page.url.split("/my/")[0], viewport={"width": 390, "height": 844}
    ).new_page()
    public.goto(provision.url)
    timeline = public.locator("section.monitoring")
    assert "Women mediators sit on all five ward peace committees." in timeline.inner_text()
    assert "Latest observed status: Achieved" in timeline.inner_text()
    assert "Wajir Women for Peace" in timeline.inner_text()
    check_both_widths(public, axe_check)
    public.goto(setting["framework"].url)
    summary = public.locator("section.monitoring-summary table")
    rows = {
        row.locator("th").inner_text(): row.locator("td").inner_text()
        for row in summary.locator("tbody tr").all()
    }
    assert rows["Achieved"] == "1"
    assert rows["Not yet observed"] == "1"
    check_both_widths(public, axe_check)
    if os.environ.get("SCREENSHOTS_DIR"):  # to look at the pages on a phone's width
        public.screenshot(path=f"{os.environ['SCREENSHOTS_DIR']}/framework-390.png")
        public.goto(provision.url)
        public.screenshot(path=f"{os.environ['SCREENSHOTS_DIR']}/provision-390.png")
