from django.test import Client
from django.utils import timezone

import pytest

from core.vocabulary import ObservedStatus
from monitoring import review
from monitoring.models import MonitoringNote
from tests.factories import (
    FrameworkPageFactory,
    OrganisationFactory,
    ProvisionFactory,
    editor,
    member_of,
)


@pytest.fixture(autouse=True)
def _fresh_rate_limits(fresh_rate_limits):
    """Every test here starts with no rate-limit count (tests/conftest.py)."""


@pytest.fixture
def framework(framework_index):
    return FrameworkPageFactory(title="Kenya NAP", country="KE")


@pytest.fixture
def provisions(framework):
    return [
        ProvisionFactory(framework=framework, code=code, text=f"Commitment {code}")
        for code in ("1.1", "1.2", "2.1", "2.2")
    ]


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Wajir Women for Peace", confirmed=True)


@pytest.fixture
def member(organisation):
    return member_of(organisation, username="monitor", confirmed=True)


@pytest.fixture
def member_client(member):
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def other_client(organisation):
    client = Client()
    client.force_login(member_of(organisation, username="colleague", confirmed=True))
    return client


@pytest.fixture
def an_editor(practice_index):
    return editor("editor-1")


@pytest.fixture
def editor_client(an_editor):
    client = Client()
    client.force_login(an_editor)
    return client


def make_note(provision, organisation, author, **fields):
    """A note submitted by ``author`` (in review), as the member's form makes it."""
    year = timezone.localdate().year
    values = {
        "status": ObservedStatus.IN_PROGRESS,
        "from_year": year - 1,
        "to_year": year - 1,
        "evidence": "Two district peace committees now have women members.",
    }
    values.update(fields)
    note = MonitoringNote(provision=provision, organisation=organisation, **values)
    review.submit(note, author)
    return note


def publish(note, user=None):
    """What the editors' Approve does: finish the review, which publishes the revision."""
    state = note.current_workflow_state
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, user, "approve")
    note.refresh_from_db()
    return note
