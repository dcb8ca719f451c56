"""Map -> country -> NAP -> provision -> practice -> joint action in a real browser, each page
with zero axe-core violations, no request to any other site and no horizontal scroll on a
phone; a member joins the action."""

import datetime

import pytest

from tests.factories import (
    EventPageFactory,
    FrameworkPageFactory,
    JointActionPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    ProvisionFactory,
    member_of,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def content(page_tree):
    nap = FrameworkPageFactory(
        title="Kenya national action plan (2)",
        country="KE",
        generation=2,
        start_year=2020,
        end_year=2100,
        adopted_year=2020,
    )
    FrameworkPageFactory(
        title="Kenya national action plan (1)",
        country="KE",
        generation=1,
        start_year=2016,
        end_year=2018,
        adopted_year=2016,
    )
    provision = ProvisionFactory(framework=nap, code="2.3", pillar="participation")
    forum = OrganisationFactory(name="Isiolo Women Peace Forum")
    practice = PracticePageFactory(
        title="Isiolo women's peace forum",
        countries=["KE"],
        organisations=[forum],
        provisions=[(provision, "implements")],
    )
    action = JointActionPageFactory(
        title="Collect county action plans",
        is_example=True,
        practices=[practice],
        guiding_question="Can local policies complement NAPs?",
    )
    from actions.models import EventAction, Milestone

    Milestone.objects.create(action=action, date=datetime.date(2023, 6, 30), what="Ten plans in")
    event = EventPageFactory(title="National Action Plans and Beyond", location="Online (Zoom)")
    EventAction.objects.create(event=event, action=action)
    member = member_of(OrganisationFactory(name="Example member organisation"))
    return {
        "nap": nap,
        "provision": provision,
        "practice": practice,
        "action": action,
        "event": event,
        "member": member,
    }


def no_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_map_to_country_to_nap_to_provision_to_practice_to_joint_action(page, axe_check, content):
    page.goto("/countries/")
    axe_check(page)
    no_horizontal_scroll(page)
    page.locator('svg.world-map a[href="/countries/KE/"]').click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Kenya"
    axe_check(page)
    no_horizontal_scroll(page)

    page.get_by_role("link", name="Kenya national action plan (2)").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Kenya national action plan (2)"
    assert page.get_by_text("Generation 1").is_visible()
    axe_check(page)

    page.locator(f'a[href="{content["provision"].url}"]').first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Provision 2.3"
    axe_check(page)

    page.get_by_role("link", name="Isiolo women's peace forum").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Isiolo women's peace forum"
    axe_check(page)

    page.goto("/countries/KE/")
    page.get_by_role("link", name="Collect county action plans").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Collect county action plans"
    assert page.get_by_text("Example content").is_visible()
    axe_check(page)
    no_horizontal_scroll(page)

    assert page.outside_requests == []
    assert page.console_errors == []


def test_new_pages_are_accessible_and_fit_a_phone(page, axe_check, content):
    other = FrameworkPageFactory(country="NP", generation=1, start_year=2011, end_year=2016)
    for path in (
        "/",
        "/countries/YE/",
        "/frameworks/?status=active",
        f"/frameworks/compare/?nap={content['nap'].pk}&nap={other.pk}",
        "/actions/",
        "/events/",
        content["event"].url,
    ):
        response = page.goto(path)
        assert response.status == 200, path
        axe_check(page)
        no_horizontal_scroll(page)
    assert page.outside_requests == []


def test_member_joins_and_leaves_in_the_browser(page, axe_check, content, live_server):
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    # Sign in by session cookie: the sign-in pages belong to the member accounts work.
    from django.contrib.sessions.backends.db import SessionStore

    member = content["member"]
    session = SessionStore()
    session[SESSION_KEY] = str(member.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = member.get_session_auth_hash()
    session.save()
    page.context.add_cookies(
        [{"name": "sessionid", "value": session.session_key, "url": live_server.url}]
    )
    page.goto(content["action"].url)
    page.get_by_role("button", name="Join on behalf of Example member organisation").click()
    page.wait_for_load_state()
    assert page.get_by_role("listitem").filter(has_text="Example member organisation").count()
    axe_check(page)
    page.get_by_role("button", name="Leave on behalf of Example member organisation").click()
    page.wait_for_load_state()
    assert page.get_by_text("No organisation has joined yet.").is_visible()
