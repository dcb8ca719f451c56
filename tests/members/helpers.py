"""Shared helpers of the members' tests: open the form as a member does, send it, review it."""

from django.test import Client

from practices.models import PracticePage
from tests.utils import after_commit

from .conftest import practice_data


def token(client, url="/practices/submit/"):
    return form_state(client, url)["form_token"]


def form_state(client, url="/practices/submit/"):
    """The hidden fields of the form as a member opens it: its one-time token and, for an edit,
    the revision it was loaded from."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    state = {"form_token": response.context["form_token"]}
    if response.context.get("base_revision"):
        state["base_revision"] = response.context["base_revision"]
    return state


def post_form(client, url="/practices/submit/", **overrides):
    data = practice_data(**{**form_state(client, url), **overrides})
    with after_commit():
        return client.post(url, data)


def submit_new(client, **overrides):
    overrides.setdefault("action", "submit")
    response = post_form(client, **overrides)
    assert response.status_code == 302, response.content.decode()[:2000]
    return PracticePage.objects.order_by("-pk").first()


def edit(client, practice, **overrides):
    return post_form(client, f"/my/submissions/{practice.pk}/edit/", **overrides)


def task_state_of(practice):
    practice = PracticePage.objects.get(pk=practice.pk)
    return practice.current_workflow_state.current_task_state.specific


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client
