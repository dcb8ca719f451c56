"""The open data of monitoring notes (API, OpenAPI, CSV, Atom feed): only published notes, with
the safety options kept and private files never linked; the framework detail's latest status."""

import csv
import io

from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents import get_document_model

import pytest
from jsonschema import Draft202012Validator

from practices.submission import private_collection
from tests.factories import FrameworkPageFactory, ProvisionFactory
from tests.files import pdf_bytes

from .conftest import make_note, publish

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture
def notes(provisions, organisation, member, an_editor):
    """Made by hand: in Kenya's plan, 1.1 published (achieved, withheld name and place, with a
    file) and 1.2 published (stalled); 2.1 in review; 2.2 rejected; in Yemen's plan one
    published note (in progress)."""
    p11, p12, p21, p22 = provisions
    document = get_document_model()(title="evidence", file=ContentFile(pdf_bytes(), name="e.pdf"))
    document.collection = private_collection()
    document.save()
    hidden = make_note(
        p11, organisation, member, status="achieved", withhold_organisation=True,
        country_level_only=True, location="Griftu village", attachment=document,
        evidence="The hidden one.",
    )  # fmt: skip
    stalled = make_note(
        p12, organisation, member, status="stalled-or-reversed", evidence="Stalled."
    )
    in_review = make_note(p21, organisation, member, status="achieved", evidence="In review.")
    rejected = make_note(p22, organisation, member, status="achieved", evidence="Rejected.")
    task_state = rejected.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, an_editor, "decline", comment="No.")
    yemen = ProvisionFactory(framework=FrameworkPageFactory(title="Yemen NAP", country="YE"))
    elsewhere = make_note(yemen, organisation, member, evidence="In Yemen.")
    for note in (hidden, stalled, elsewhere):
        publish(note, an_editor)
    return {
        "hidden": hidden,
        "stalled": stalled,
        "in_review": in_review,
        "rejected": rejected,
        "elsewhere": elsewhere,
        "document": document,
    }


def evidence_of(response):
    return sorted(r["evidence"] for r in response.json()["results"])


def test_the_list_shows_only_published_notes(client, notes):
    response = client.get("/api/v1/monitoring-notes/")
    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert evidence_of(response) == ["In Yemen.", "Stalled.", "The hidden one."]


def test_filters(client, notes, framework, provisions):
    api = "/api/v1/monitoring-notes/"
    assert evidence_of(client.get(api, {"country": "KE"})) == ["Stalled.", "The hidden one."]
    assert evidence_of(client.get(api, {"country": "YEM"})) == ["In Yemen."]
    assert evidence_of(client.get(api, {"framework": framework.pk})) == [
        "Stalled.",
        "The hidden one.",
    ]
    assert evidence_of(client.get(api, {"provision": provisions[1].pk})) == ["Stalled."]
    assert evidence_of(client.get(api, {"provision": provisions[2].pk})) == []
    assert evidence_of(client.get(api, {"status": "achieved"})) == ["The hidden one."]
    assert evidence_of(client.get(api, {"status": ["achieved", "in-progress"]})) == [
        "In Yemen.",
        "The hidden one.",
    ]
    assert evidence_of(client.get(api, {"status": "nonsense"})) == []


@pytest.mark.parametrize("value", ["x", "0", "-3", "1.5", str(2**63), "9" * 400, "١٢"])
def test_bad_ids_answer_400(client, notes, value):
    for name in ("provision", "framework"):
        response = client.get("/api/v1/monitoring-notes/", {name: value})
        assert response.status_code == 400
        assert response.json()["parameter"] == name


def test_safety_options_and_private_files_hold(client, notes):
    results = client.get("/api/v1/monitoring-notes/", {"status": "achieved"}).json()["results"]
    (hidden,) = results
    assert hidden["organisation"] is None
    assert hidden["location"] is None
    # Published, so its file left the private collection with it.
    notes["document"].refresh_from_db()
    assert notes["document"].collection != private_collection()
    assert hidden["attachment_url"].endswith(notes["document"].url)
    body = client.get("/api/v1/monitoring-notes/").content.decode()
    assert "Wajir Women for Peace" in body  # the others do not withhold it
    assert "Griftu village" not in body
    assert "monitor@example.org" not in body  # the author never appears


def test_a_file_put_back_in_the_private_collection_is_never_linked(client, notes):
    notes["document"].collection = private_collection()
    notes["document"].save()
    results = client.get("/api/v1/monitoring-notes/", {"status": "achieved"}).json()["results"]
    assert results[0]["attachment_url"] is None


def test_the_note_list_matches_its_schema(client, notes):
    document = client.get("/api/v1/schema/").json()
    schema = {**document, "$ref": "#/components/schemas/MonitoringNoteList"}
    errors = [e.message for e in Draft202012Validator(schema).iter_errors(
        client.get("/api/v1/monitoring-notes/").json()
    )]  # fmt: skip
    assert errors == []


def test_framework_detail_gives_each_provision_its_latest_status(client, notes, framework):
    data = client.get(f"/api/v1/frameworks/{framework.pk}/").json()
    latest = {p["code"]: p["latest_status"] for p in data["provisions"]}
    assert latest == {
        "1.1": "achieved",
        "1.2": "stalled-or-reversed",
        "2.1": None,
        "2.2": None,
    }


def test_csv_export_has_only_published_notes_and_respects_safety(client, notes):
    response = client.get("/monitoring/export.csv", {"country": "KE"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["evidence"] for r in rows) == ["Stalled.", "The hidden one."]
    hidden = next(r for r in rows if r["evidence"] == "The hidden one.")
    assert hidden["organisation"] == "" and hidden["location"] == ""
    assert "Griftu" not in text
    assert "In review." not in text and "Rejected." not in text
    assert client.get("/monitoring/export.csv", {"provision": "x"}).status_code == 400


def test_feed_has_only_published_notes(client, notes):
    response = client.get("/monitoring/feed/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<entry>") == 3
    assert "In review." not in body and "Rejected." not in body
    assert "Griftu" not in body and "Wajir Women for Peace" not in body
    assert (
        client.get("/monitoring/feed/", {"status": "stalled-or-reversed"})
        .content.decode()
        .count("<entry>")
        == 1
    )
    assert client.get("/monitoring/feed/", {"framework": "0"}).status_code == 400


def test_notes_of_an_unpublished_or_restricted_framework_are_not_public(client, notes, framework):
    from wagtail.models import PageViewRestriction

    yemen = notes["elsewhere"].provision.framework
    PageViewRestriction.objects.create(page=yemen, restriction_type="login")
    assert evidence_of(client.get("/api/v1/monitoring-notes/")) == ["Stalled.", "The hidden one."]
    framework.unpublish()
    assert evidence_of(client.get("/api/v1/monitoring-notes/")) == []
    assert "<entry>" not in client.get("/monitoring/feed/").content.decode()
