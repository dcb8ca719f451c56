"""A provision of a live framework that is view-restricted (password or groups) is not
reported on, nor corrected: its report and edit pages are not found, for every member, so
neither the framework's title nor the provision's text leaks."""

from django.contrib.auth.models import Group
from django.test import Client

from wagtail.models import PageViewRestriction

import pytest

from tests.factories import FrameworkPageFactory, OrganisationFactory, ProvisionFactory, member_of

from .conftest import make_note

pytestmark = pytest.mark.django_db


def restrict(page, kind):
    if kind == PageViewRestriction.PASSWORD:
        PageViewRestriction.objects.create(page=page, restriction_type=kind, password="secret")
    else:
        restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind)
        restriction.groups.add(Group.objects.get_or_create(name="Insiders")[0])


@pytest.fixture
def hidden_provision(framework_index):
    framework = FrameworkPageFactory(title="Secret plan", country="YE")
    return ProvisionFactory(framework=framework, code="7.7", text="Confidential commitment")


@pytest.mark.parametrize("kind", [PageViewRestriction.PASSWORD, PageViewRestriction.GROUPS])
def test_a_restricted_frameworks_provision_cannot_be_reported(
    hidden_provision, member_client, client, practice_index, kind
):
    report = f"/monitoring/report/{hidden_provision.pk}/"
    assert member_client.get(report).status_code == 200
    restrict(hidden_provision.framework, kind)
    for user_client in (member_client, _refused_client()):
        response = user_client.get(report)
        assert response.status_code == 404
        body = response.content.decode()
        assert "Secret plan" not in body and "Confidential commitment" not in body
    assert member_client.post(report, {"evidence": "x"}).status_code == 404


@pytest.mark.parametrize("kind", [PageViewRestriction.PASSWORD, PageViewRestriction.GROUPS])
def test_a_note_on_a_restricted_framework_is_not_edited(
    hidden_provision, organisation, member, member_client, an_editor, kind
):
    note = make_note(hidden_provision, organisation, member, evidence="First words.")
    task_state = note.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, an_editor, "reject", comment="Add the month.")
    edit = f"/my/monitoring/{note.pk}/edit/"
    assert member_client.get(edit).status_code == 200
    restrict(hidden_provision.framework, kind)
    response = member_client.get(edit)
    assert response.status_code == 404
    assert "Secret plan" not in response.content.decode()
    assert member_client.post(edit, {"evidence": "x"}).status_code == 404


def _refused_client():
    """A member of an unconfirmed organisation: refused (403) on a public provision."""
    organisation = OrganisationFactory(name="Not yet checked", confirmed=False)
    client = Client()
    client.force_login(member_of(organisation, username="newcomer", confirmed=False))
    return client
