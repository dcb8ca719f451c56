"""The exchange format keeps the safety options: a public export holds only what the public
sees, with the flags, and importing it (or the API's own output) back never drops or invents
anything; a private export round-trips everything."""

import io
import json

from django.core.management import call_command

import pytest

from practices.models import Organisation, PracticePage

pytestmark = pytest.mark.django_db

PROTECTED = {
    "external_id": "practice-guarded",
    "title": "Guarded listening circles",
    "summary": "Women meet in safe houses to document abuses.",
    "description": "Circles of survivors record testimonies for the courts.",
    "organisations": ["Hidden Sisters Collective", "Quiet Network"],
    "countries": ["SY"],
    "location": "Old quarter safe house",
    "safety": {"withhold_organisation": True, "country_level_only": True},
    "contact": {"name": "Rima", "email": "rima@example.org"},
}
SECRETS = ("Hidden Sisters", "Quiet Network", "Old quarter", "Rima", "rima@")


def import_records(tmp_path, records, name="import.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"practices": records}), "utf-8")
    call_command("import_practices", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def export(tmp_path, *args, name="export.json"):
    path = tmp_path / name
    call_command("export_practices", str(path), *args, stdout=io.StringIO(), stderr=io.StringIO())
    return path.read_text("utf-8")


def stored():
    page = PracticePage.objects.get(external_id=PROTECTED["external_id"])
    return {
        "organisations": [o.name for o in page.organisations],
        "location": page.location,
        "withhold_organisation": page.withhold_organisation,
        "country_level_only": page.country_level_only,
        "contact": (page.contact_name, page.contact_email),
    }


AS_IMPORTED = {
    "organisations": ["Hidden Sisters Collective", "Quiet Network"],
    "location": "Old quarter safe house",
    "withhold_organisation": True,
    "country_level_only": True,
    "contact": ("Rima", "rima@example.org"),
}


def empty_the_site():
    for page in PracticePage.objects.all():
        page.delete()
    Organisation.objects.all().delete()


@pytest.fixture
def protected(tmp_path, practice_index):
    import_records(tmp_path, [PROTECTED])
    assert stored() == AS_IMPORTED


def test_a_public_export_holds_only_what_the_public_sees(tmp_path, protected):
    text = export(tmp_path)
    for secret in SECRETS:
        assert secret not in text
    (record,) = json.loads(text)["practices"]
    assert "organisations" not in record and "location" not in record
    assert record["safety"] == {"withhold_organisation": True, "country_level_only": True}


def test_a_public_export_shows_what_is_not_withheld(tmp_path, practice_index):
    import_records(tmp_path, [{**PROTECTED, "safety": None}])
    (record,) = json.loads(export(tmp_path))["practices"]
    assert record["organisations"] == ["Hidden Sisters Collective", "Quiet Network"]
    assert record["location"] == "Old quarter safe house"


def test_importing_a_public_export_keeps_what_it_left_out(tmp_path, protected):
    private_before = export(tmp_path, "--include-private", name="private.json")
    export(tmp_path, name="public.json")
    call_command(
        "import_practices",
        str(tmp_path / "public.json"),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert stored() == AS_IMPORTED
    assert export(tmp_path, "--include-private", name="again.json") == private_before


def test_a_public_export_round_trips_through_an_empty_site(tmp_path, protected):
    first = export(tmp_path, name="first.json")
    empty_the_site()
    call_command(
        "import_practices", str(tmp_path / "first.json"), stdout=io.StringIO(), stderr=io.StringIO()
    )
    page = PracticePage.objects.get()
    assert page.withhold_organisation and page.country_level_only
    assert page.organisations == [] and page.location == ""
    assert export(tmp_path, name="second.json") == first


def test_a_private_export_round_trips_everything(tmp_path, protected):
    first = export(tmp_path, "--include-private", name="first.json")
    empty_the_site()
    call_command(
        "import_practices", str(tmp_path / "first.json"), stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert stored() == AS_IMPORTED
    assert export(tmp_path, "--include-private", name="second.json") == first


def test_importing_the_apis_output_keeps_the_safety_data(client, tmp_path, protected):
    page = PracticePage.objects.get()
    record = client.get(f"/api/v1/practices/{page.pk}/").json()
    assert record["organisations"] == [] and record["location"] is None
    import_records(tmp_path, [record], name="from-api.json")
    assert stored() == AS_IMPORTED


def test_a_record_can_still_lift_the_safety_options(tmp_path, protected):
    import_records(
        tmp_path, [{**PROTECTED, "safety": {"withhold_organisation": False}, "location": None}]
    )
    page = PracticePage.objects.get()
    assert not page.withhold_organisation and not page.country_level_only
    assert page.location == ""
    assert [o.name for o in page.public_organisations] == PROTECTED["organisations"]
