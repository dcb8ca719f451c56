"""Approving a practice whose organisation is unconfirmed from the page editor (More actions →
Approve…): the editor's form is posted with the page's own fields, and each of the three
choices does what it does from the workflow-action address, never a server error."""

import json
from html.parser import HTMLParser

import pytest

from practices.models import PracticePage
from tests.factories import editor
from tests.members.helpers import logged_in, task_state_of

from .test_review_decisions import in_review  # noqa: F401

pytestmark = pytest.mark.django_db


class EditForm(HTMLParser):
    """The fields of the page editor's form as a browser would post them (without the buttons)."""

    def __init__(self):
        super().__init__()
        self.data, self.inside, self.textarea, self.select = [], False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "page-edit-form":
            self.inside = True
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind == "checkbox" else ""
            self.data.append((attrs["name"], attrs.get("value") or default))
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            self.data.append(tuple(self.textarea))
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False


def approve_from_the_editor(client, practice, decision, autosave=False, form=None):
    """Post the page editor's form as "Approve…" with ``decision`` does; ``autosave``: as the
    editor's autosave posts it (it asks for JSON), which carries the form's fields, the action's
    hidden ones included, while the approval itself is on its way. ``form``: the editor's form
    as it was read before (a stale one)."""
    data = form or editor_form(client, practice)
    data = {
        **data,
        "action-workflow-action": ["true"],
        "workflow-action-name": ["approve_deciding"],
        "workflow-action-extra-data": [
            json.dumps({"organisation_decision": decision, "comment": "Checked."})
        ],
    }
    headers = {"HTTP_ACCEPT": "application/json"} if autosave else {}
    return client.post(f"/admin/pages/{practice.pk}/edit/", data, **headers)


def editor_form(client, practice):
    url = f"/admin/pages/{practice.pk}/edit/"
    response = client.get(url)
    assert response.status_code == 200
    parser = EditForm()
    parser.feed(response.content.decode())
    assert parser.data, "the page editor's form was not found"
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data


@pytest.mark.parametrize("decision", ["confirm", "withhold", "cancel"])
def test_each_choice_from_the_page_editor(in_review, client, decision):  # noqa: F811
    practice, organisation = in_review
    editors_client = logged_in(editor("e-edit"))
    response = approve_from_the_editor(editors_client, practice, decision)
    assert response.status_code in (200, 302), response.status_code
    practice = PracticePage.objects.get(pk=practice.pk)
    organisation.refresh_from_db()
    assert "Server Error" not in response.content.decode()
    if decision == "confirm":
        assert practice.live and organisation.confirmed and not practice.withhold_organisation
        assert "Garissa Peace Circle" in client.get(practice.url).content.decode()
    elif decision == "withhold":
        assert practice.live and practice.withhold_organisation and not organisation.confirmed
        assert "Garissa Peace Circle" not in client.get(practice.url).content.decode()
    else:
        assert not practice.live and not organisation.confirmed
        assert task_state_of(practice).status == "in_progress"
        # Back to the editor, which says so.
        assert response.status_code == 302 and "review=not-approved" in response["Location"]
        page = editors_client.get(response["Location"]).content.decode()
        assert "is not approved yet: it stays in review" in page


def test_the_autosave_does_not_act_on_the_review(in_review):  # noqa: F811
    """Wagtail's autosave posts the editor's form, with the hidden fields "Approve…" adds to it,
    while the approval is on its way: it must neither approve a second time (racing the first,
    which answered a server error and published nothing) nor overwrite the published page with
    the stale form's "not live"."""
    practice, organisation = in_review
    editors_client = logged_in(editor("e-auto"))
    stale = editor_form(editors_client, practice)
    response = approve_from_the_editor(editors_client, practice, "withhold", autosave=True)
    assert response.status_code == 400 and response.json()["success"] is False
    practice = PracticePage.objects.get(pk=practice.pk)
    assert not practice.live and task_state_of(practice).status == "in_progress"
    response = approve_from_the_editor(editors_client, practice, "withhold", form=stale)
    assert response.status_code == 302
    # The autosave of the form as read before the approval, after it.
    response = approve_from_the_editor(
        editors_client, practice, "withhold", autosave=True, form=stale
    )
    assert response.status_code == 400
    practice = PracticePage.objects.get(pk=practice.pk)
    assert practice.live and practice.withhold_organisation and not practice.workflow_in_progress


def test_not_yet_from_the_dashboard_says_so_too(in_review):  # noqa: F811
    practice, organisation = in_review
    client = logged_in(editor("e-dash"))
    state = task_state_of(practice)
    url = f"/admin/pages/workflow/action/{practice.pk}/approve_deciding/{state.pk}/"
    response = client.post(url, {"organisation_decision": "cancel", "comment": ""})
    assert response.status_code == 302 and "review=not-approved" in response["Location"]
    assert "is not approved yet" in client.get(response["Location"]).content.decode()
    practice = PracticePage.objects.get(pk=practice.pk)
    assert not practice.live and task_state_of(practice).status == "in_progress"
