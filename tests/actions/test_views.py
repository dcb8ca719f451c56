"""Joint action and event pages: what a visitor sees, the listing's filters, no drafts."""

import datetime

import pytest

from actions.models import ActionUpdate, Milestone, Participation
from tests.factories import (
    EventPageFactory,
    JointActionPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    draft,
)

pytestmark = pytest.mark.django_db


def test_joint_action_page_shows_everything_product_md_asks_for(client, home_page):
    lead = OrganisationFactory(name="Lead network")
    practice = PracticePageFactory(title="Isiolo peace forum", countries=["KE"])
    hidden = PracticePageFactory(title="Draft practice", countries=["UG"])
    action = JointActionPageFactory(
        title="Collect local plans",
        is_example=True,
        guiding_question="Can local policies complement NAPs?",
        lead_organisation=lead,
        practices=[practice, hidden],
    )
    draft(hidden)
    Milestone.objects.create(action=action, date=datetime.date(2023, 6, 30), what="Ten plans in")
    ActionUpdate.objects.create(
        action=action, date=datetime.date(2023, 2, 2), text="Template agreed"
    )
    Participation.objects.create(action=action, organisation=OrganisationFactory(name="Joiner"))

    html = client.get(action.url).content.decode()
    assert "Example content" in html
    assert "Can local policies complement NAPs?" in html
    assert "Lead network" in html
    assert "<li>Joiner</li>" in html
    assert "Ten plans in" in html and "Planned" in html
    assert "2 February 2023" in html and "Template agreed" in html
    assert f'href="{practice.url}"' in html
    assert "Draft practice" not in html
    assert 'href="/countries/KE/"' in html
    assert 'href="/countries/UG/"' not in html  # countries of a draft practice do not count


def test_listing_filters_by_status_and_country(client, home_page):
    JointActionPageFactory(title="Active in Kenya", status="active", countries=["KE"])
    JointActionPageFactory(title="Proposed in Kenya", status="proposed", countries=["KE"])
    JointActionPageFactory(title="Active in Nepal", status="active", countries=["NP"])
    JointActionPageFactory(title="Draft action", status="active", countries=["KE"], live=False)

    html = client.get("/actions/").content.decode()
    assert "3 joint actions" in html and "Draft action" not in html
    html = client.get("/actions/?status=active&country=ke").content.decode()
    assert "Active in Kenya" in html
    assert "Proposed in Kenya" not in html and "Active in Nepal" not in html
    assert client.get("/actions/?status=<x>&country=ZZZ").status_code == 200


def test_event_lists_resulting_actions_but_not_drafts(client, home_page):
    from actions.models import EventAction

    shown = JointActionPageFactory(title="Shown action")
    hidden = JointActionPageFactory(title="Hidden action", live=False)
    event = EventPageFactory()
    EventAction.objects.create(event=event, action=shown)
    EventAction.objects.create(event=event, action=hidden)
    html = client.get(event.url).content.decode()
    assert "Shown action" in html
    assert "Hidden action" not in html
    # No summary document yet: the field is left out rather than said to be missing.
    assert "Not published" not in html and "<dt>Summary</dt>" not in html
    assert event.title in client.get("/events/").content.decode()


def test_home_page_shows_latest_joint_actions_and_their_count(client, home_page):
    JointActionPageFactory(title="Latest joint action")
    JointActionPageFactory(title="Unpublished joint action", live=False)
    html = client.get("/").content.decode()
    assert "Latest joint action" in html
    assert "Unpublished joint action" not in html
    assert '<span class="count">1</span> joint actions' in html
