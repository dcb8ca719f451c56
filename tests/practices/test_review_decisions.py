"""The editor's side of the revision loop (issue 14, item 5): approving a practice whose
organisation is unconfirmed needs the editor's decision; More actions puts review answers first
and destructive actions last; the registry's snippets are one admin menu group."""

from django.core.exceptions import PermissionDenied

from wagtail.admin.action_menu import PageActionMenu
from wagtail.models import Workflow

import pytest

from core.setup import apply_site_setup
from practices.models import (
    ApprovalDecisionForm,
    Organisation,
    OrganisationMembership,
    PracticePage,
)
from tests.factories import PracticePageFactory, UserFactory, editor
from tests.members.helpers import logged_in, task_state_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(practice_index):
    from django.apps import apps

    apply_site_setup(apps)
    organisation = Organisation.objects.create(name="Garissa Peace Circle", confirmed=False)
    member = UserFactory(username="member-x", email="x@example.org")
    OrganisationMembership.objects.create(user=member, organisation=organisation)
    practice = PracticePageFactory(
        title="Peace circles", live=False, owner=member, organisations=[organisation]
    )
    practice.save_revision(user=member)
    Workflow.objects.get(name="Practice review").start(practice, member)
    return PracticePage.objects.get(pk=practice.pk), organisation


def test_only_the_deciding_approval_is_offered(in_review):
    practice, _ = in_review
    task = task_state_of(practice).task.specific
    names = [name for name, _, _ in task.get_actions(practice, editor("e1"))]
    assert "approve" not in names and task.APPROVE_DECIDING in names
    form = ApprovalDecisionForm({"comment": ""})
    assert not form.is_valid() and "organisation_decision" in form.errors


def test_a_plain_approval_is_refused(in_review):
    practice, _ = in_review
    state = task_state_of(practice)
    with pytest.raises(PermissionDenied):
        state.task.specific.on_action(state, editor("e2"), "approve")
    practice.refresh_from_db()
    assert not practice.live


def test_not_yet_publishes_nothing(in_review):
    practice, organisation = in_review
    state = task_state_of(practice)
    state.task.specific.on_action(
        state, editor("e3"), "approve_deciding", organisation_decision="cancel", comment=""
    )
    practice.refresh_from_db()
    organisation.refresh_from_db()
    assert not practice.live and not organisation.confirmed


def test_confirm_now_confirms_and_publishes(in_review):
    practice, organisation = in_review
    state = task_state_of(practice)
    state.task.specific.on_action(
        state, editor("e4"), "approve_deciding", organisation_decision="confirm", comment=""
    )
    practice.refresh_from_db()
    organisation.refresh_from_db()
    assert practice.live and organisation.confirmed and not practice.withhold_organisation


def test_withhold_publishes_without_naming_it(in_review, client):
    practice, organisation = in_review
    state = task_state_of(practice)
    state.task.specific.on_action(
        state, editor("e5"), "approve_deciding", organisation_decision="withhold", comment=""
    )
    practice.refresh_from_db()
    organisation.refresh_from_db()
    assert practice.live and practice.withhold_organisation and not organisation.confirmed
    assert "Garissa Peace Circle" not in client.get(practice.url).content.decode()


def test_the_modal_form_refuses_to_go_on_without_a_choice(in_review):
    practice, _ = in_review
    state = task_state_of(practice)
    client = logged_in(editor("e6"))
    url = f"/admin/pages/workflow/action/{practice.pk}/approve_deciding/{state.pk}/"
    assert client.get(url).status_code == 200
    client.post(url, {"comment": ""})
    practice.refresh_from_db()
    assert not practice.live
    # A plain approval by its address is refused too.
    client.post(f"/admin/pages/workflow/action/{practice.pk}/approve/{state.pk}/", {})
    practice.refresh_from_db()
    assert not practice.live


def test_more_actions_review_first_destructive_last(in_review, rf):
    practice, _ = in_review
    practice.live = True  # an unpublish item is offered for a live page
    request = rf.get("/")
    request.user = editor("e7")
    menu = PageActionMenu(request, view="edit", page=practice, lock=None, locked_for_user=False)
    from wagtail.admin.action_menu import WorkflowMenuItem

    items = menu.menu_items
    names = [item.name for item in items]
    workflow = [i for i, item in enumerate(items) if isinstance(item, WorkflowMenuItem)]
    destructive = [
        i for i, n in enumerate(names) if n in ("action-unpublish", "action-cancel-workflow")
    ]
    others = [i for i in range(len(names)) if i not in workflow and i not in destructive]
    assert workflow and destructive, names
    assert max(workflow) < min(others or [99]) and max(others or [-1]) < min(destructive), names


def test_the_registry_is_one_menu_group(admin_client):
    assert "Registry" in admin_client.get("/admin/").content.decode()
    from wagtail.admin.menu import admin_menu

    top = [item.label for item in admin_menu.registered_menu_items]
    assert "Registry" in top
    assert not {"Organisations", "Memberships", "Action participants"} & set(top)
