"""A member's form carries the revision it was loaded from. Sent after someone else (an editor,
or the member in another window) saved a newer revision, it saves nothing: the page shows both
versions, keeps everything the member typed, and a second send saves over the newer one
knowingly."""

import re

import pytest

from practices.models import PracticePage
from tests.utils import after_commit

from .conftest import practice_data
from .helpers import submit_new

pytestmark = pytest.mark.django_db


def edit_url(practice):
    return f"/my/submissions/{practice.pk}/edit/"


def open_form(client, practice):
    response = client.get(edit_url(practice))
    assert response.status_code == 200
    html = response.content.decode()
    base = re.search(r'name="base_revision" value="(\d+)"', html)
    assert base, "the form carries the revision it was loaded from"
    return {"form_token": response.context["form_token"], "base_revision": base.group(1)}


def editor_changes(practice, editor, **fields):
    page = PracticePage.objects.get(pk=practice.pk).get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision(user=editor, log_action=True)


def send(client, practice, loaded, **overrides):
    with after_commit():
        return client.post(edit_url(practice), practice_data(**loaded, **overrides))


def latest(practice):
    return PracticePage.objects.get(pk=practice.pk).get_latest_revision_as_object()


def test_a_stale_form_does_not_overwrite_an_editors_change(
    member_client, an_editor, practice_index
):
    practice = submit_new(member_client, action="save")
    loaded = open_form(member_client, practice)
    editor_changes(practice, an_editor, summary="Summary as the editor corrected it.")

    response = send(
        member_client, practice, loaded, description="Description as the member rewrote it."
    )

    assert response.status_code == 409
    assert latest(practice).summary == "Summary as the editor corrected it."
    html = response.content.decode()
    # Both versions of what the other person changed are shown ...
    assert "Summary as the editor corrected it." in html
    assert "Women mediators settle land disputes before they turn violent." in html
    # ... and nothing the member typed is lost.
    assert "Description as the member rewrote it." in html


def test_sending_again_saves_over_the_newer_version_knowingly(
    member_client, an_editor, practice_index
):
    practice = submit_new(member_client, action="save")
    loaded = open_form(member_client, practice)
    editor_changes(practice, an_editor, summary="Summary as the editor corrected it.")
    conflict = send(member_client, practice, loaded, description="Mine.")
    again = {
        "form_token": conflict.context["form_token"],
        "base_revision": re.search(
            r'name="base_revision" value="(\d+)"', conflict.content.decode()
        ).group(1),
    }
    response = send(member_client, practice, again, description="Mine.")
    assert response.status_code == 302
    assert latest(practice).description == "Mine."


def test_an_up_to_date_form_saves(member_client, practice_index):
    practice = submit_new(member_client, action="save")
    loaded = open_form(member_client, practice)
    response = send(member_client, practice, loaded, description="Changed.")
    assert response.status_code == 302
    assert latest(practice).description == "Changed."


def test_a_form_without_its_revision_is_not_saved_blindly(member_client, practice_index):
    practice = submit_new(member_client, action="save")
    loaded = open_form(member_client, practice)
    for tampered in ("", "abc", "99999999999999999999"):
        loaded["base_revision"] = tampered
        response = send(member_client, practice, loaded, description="Changed.")
        assert response.status_code == 409
        assert latest(practice).description != "Changed."


def test_show_provisions_keeps_the_revision_the_form_was_loaded_from(
    member_client, an_editor, practice_index
):
    practice = submit_new(member_client, action="save")
    loaded = open_form(member_client, practice)
    editor_changes(practice, an_editor, summary="Summary as the editor corrected it.")
    refreshed = send(member_client, practice, loaded, action="refresh")
    assert refreshed.status_code == 200
    assert f'name="base_revision" value="{loaded["base_revision"]}"' in refreshed.content.decode()


def test_a_double_click_on_an_edit_is_already_saved_not_a_conflict(member_client, practice_index):
    practice = submit_new(member_client, action="save")
    loaded = open_form(member_client, practice)
    first = send(member_client, practice, loaded, description="Changed once.")
    # The second click's request read the session before the first one wrote its token back
    # (they run at the same time); only the shared cache knows the form was saved.
    session = member_client.session
    session["submission_tokens"] = {loaded["form_token"]: None}
    session.save()
    second = send(member_client, practice, loaded, description="Changed once.")
    assert first.status_code == second.status_code == 302
    messages = [str(m) for m in second.wsgi_request._messages]
    assert "That form was already saved." in messages
    assert practice.revisions.count() == 2


def test_the_comparison_names_no_organisation_the_member_may_not_see(
    member_client, an_editor, practice_index
):
    """Ids posted by hand must not turn the comparison into a way to read names."""
    from tests.factories import OrganisationFactory, PracticePageFactory

    hidden = OrganisationFactory(name="Hidden Mothers Collective")
    PracticePageFactory(organisations=[hidden], withhold_organisation=True)
    practice = submit_new(member_client, action="save")
    loaded = open_form(member_client, practice)
    # Without a known base, every field that differs is compared: organisations included.
    loaded["base_revision"] = ""
    response = send(member_client, practice, loaded, organisations=[str(hidden.pk)])
    assert response.status_code == 409
    assert "Hidden Mothers Collective" not in response.content.decode()
