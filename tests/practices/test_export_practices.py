import io
import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from taggit.models import Tag

import pytest

from practices.exchange import PRACTICE
from practices.management.commands.import_practices import split_credits
from practices.models import Organisation, PracticePage
from tests.factories import (
    PracticePageFactory,
    draft,
    frameworks_linked_from,
)

pytestmark = pytest.mark.django_db

SAMPLE_FILE = Path(settings.KB_DATA_DIR) / "practices-sample.json"


@pytest.fixture
def frameworks(framework_index, practice_index):
    # The frameworks and provisions the sample practices link to, and two more codes of Kenya's.
    return frameworks_linked_from(SAMPLE_FILE, extra_provisions={"nap-ke-2": ["1", "2"]})


def import_file(path):
    call_command("import_practices", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def export(path, *args):
    out = io.StringIO()
    call_command("export_practices", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def exported(tmp_path, *args):
    path = tmp_path / "export.json"
    export(path, *args)
    return json.loads(path.read_text("utf-8"))["practices"]


def empty_the_site():
    """Remove practices and what only they use; frameworks stay, as on a fresh site."""
    for page in PracticePage.objects.all():
        page.delete()
    Organisation.objects.all().delete()
    Tag.objects.all().delete()


def round_trip(tmp_path, *args):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    export(first, *args)
    empty_the_site()
    assert PracticePage.objects.count() == 0
    import_file(first)
    export(second, *args)
    return first.read_bytes(), second.read_bytes()


RICH_PRACTICE = {
    "external_id": "practice-wajir",
    "title": "Wajir women's peace committee — Somali région",
    "summary": "Women traders mediated between clans and set up a peace committee.",
    "description": "In 1993 women from the market brought elders and youth together.",
    "organisations": ["Wajir Women for Peace", "Kenya Women's Network"],
    "credit_line": None,
    "countries": ["KE", "SO"],
    "location": "Wajir town",
    "level": "local",
    "agendas": ["WPS", "YPS"],
    "pillars": ["prevention", "participation"],
    "themes": ["early warning", "mediation"],
    "start_year": 1993,
    "end_year": None,
    "stakeholders": ["womens-network", "traditional-or-faith-leaders"],
    "activities": "Market meetings.",
    "outcomes": "Fewer clashes.",
    "challenge_types": ["resources"],
    "challenges": None,
    "lessons_learned": "Start with trusted women.",
    "funding": None,
    "provisions": [
        {"framework": "nap-ke-2", "code": "2", "relation": "implements"},
        {"framework": "nap-ke-2", "code": "1", "relation": "monitors"},
    ],
    "frameworks": ["nap-ke-2", "nap-ug-3"],
    "sources": ["https://example.org/wajir", "https://example.org/wajir-2"],
    "language": "en",
    "safety": {"withhold_organisation": True, "country_level_only": True},
    "contact": {"name": "Dekha", "email": "dekha@example.org"},
}


def test_real_sample_round_trips_byte_for_byte(tmp_path, frameworks):
    import_file(SAMPLE_FILE)
    first, second = round_trip(tmp_path)
    assert first == second

    records = json.loads(first)["practices"]
    sample = json.loads(SAMPLE_FILE.read_text("utf-8"))["practices"]
    assert [r["external_id"] for r in records] == sorted(r["external_id"] for r in sample)
    by_id = {r["external_id"]: r for r in records}
    for original in sample:
        record = by_id[original["external_id"]]
        for key in ("title", "summary", "description", "location", "level"):
            assert record[key] == original[key], key
        # The sources write organisations as credits read ("GNWP and national member
        # organisations"): the import keeps the names as organisations and the text as written
        # as the credit line (``split_credits``), which the export writes back.
        expected = {"organisations": list(original["organisations"])}
        split_credits(expected)
        assert record["organisations"] == expected["organisations"]
        assert (record["credit_line"] or "") == expected["credit_line"]
        for key in ("start_year", "end_year", "outcomes", "challenges", "frameworks", "sources"):
            assert record[key] == original[key], key
        assert [(p["framework"], p["code"], p["relation"]) for p in record["provisions"]] == [
            (p["framework"], p["code"], p["relation"]) for p in original["provisions"]
        ]
        assert record["countries"] == sorted(original["countries"])
        assert record["themes"] == sorted(original["themes"])
        assert set(record["pillars"]) == set(original["pillars"])


def test_rich_practice_round_trips_with_private_data(tmp_path, frameworks):
    path = tmp_path / "rich.json"
    path.write_text(json.dumps({"practices": [RICH_PRACTICE]}), "utf-8")
    import_file(path)

    assert exported(tmp_path, "--include-private") == [RICH_PRACTICE]
    first, second = round_trip(tmp_path, "--include-private")
    assert first == second
    page = PracticePage.objects.get()
    assert page.withhold_organisation and page.public_organisations == []
    assert page.contact_email == "dekha@example.org"


def test_file_is_stable_utf8_json(tmp_path, frameworks):
    path = tmp_path / "rich.json"
    path.write_text(json.dumps({"practices": [RICH_PRACTICE]}), "utf-8")
    import_file(path)
    export(tmp_path / "out.json")
    text = (tmp_path / "out.json").read_text("utf-8")
    assert (
        text == json.dumps({"practices": exported(tmp_path)}, ensure_ascii=False, indent=2) + "\n"
    )
    assert "— Somali région" in text  # not \u escapes
    assert text.startswith('{\n  "practices": [\n    {\n      "external_id": "practice-wajir",')


def test_keys_in_the_import_order_and_contact_only_when_asked(tmp_path, frameworks):
    PracticePageFactory(contact_name="Amina", contact_email="amina@example.org")
    # A practice without translations is written without the key.
    public_keys = [key for key in PRACTICE.fields if key not in ("contact", "translations")]
    (record,) = exported(tmp_path)
    assert list(record) == public_keys
    assert "amina" not in (tmp_path / "export.json").read_text("utf-8").lower()

    (record,) = exported(tmp_path, "--include-private")
    assert list(record) == [*public_keys, "contact"]
    assert record["contact"] == {"name": "Amina", "email": "amina@example.org"}


def test_sorted_by_external_id(tmp_path, practice_index):
    for external_id in ("practice-c", "practice-a", "practice-b"):
        PracticePageFactory(external_id=external_id)
    assert [r["external_id"] for r in exported(tmp_path)] == [
        "practice-a",
        "practice-b",
        "practice-c",
    ]


def test_drafts_are_never_exported(tmp_path, practice_index):
    PracticePageFactory(external_id="published", title="Published")
    draft(PracticePageFactory(external_id="in-moderation"))
    assert [r["external_id"] for r in exported(tmp_path)] == ["published"]


def test_unpublished_changes_of_a_live_practice_are_not_exported(tmp_path, practice_index):
    page = PracticePageFactory(external_id="published", title="Published title")
    page.title = "Draft title, not yet approved"
    page.save_revision()
    (record,) = exported(tmp_path)
    assert record["title"] == "Published title"


def test_stdout_gets_the_json_and_stderr_the_summary(practice_index):
    PracticePageFactory(external_id="practice-a")
    out, err = io.StringIO(), io.StringIO()
    call_command("export_practices", "-", stdout=out, stderr=err)
    assert [r["external_id"] for r in json.loads(out.getvalue())["practices"]] == ["practice-a"]
    assert err.getvalue().strip() == "Exported 1 practice to standard output."


def test_summary_names_the_file(tmp_path, practice_index):
    PracticePageFactory()
    PracticePageFactory()
    assert export(tmp_path / "x.json") == f"Exported 2 practices to {tmp_path / 'x.json'}."
