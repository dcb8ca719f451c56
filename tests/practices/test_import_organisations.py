import io
import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from practices.models import Organisation

pytestmark = pytest.mark.django_db

DATA_FILE = Path(settings.KB_DATA_DIR) / "organisations.json"


def organisation(**changes):
    record = {
        "external_id": "femwise",
        "name": "FemWise-Africa",
        "kind": "network",
        "network_type": "mediators",
        "parent_organisation": "African Union",
        "region": "Africa",
        "founded_year": 2017,
        "agendas": ["WPS"],
        "summary": "Continental network of women mediators.",
        "sources": ["https://example.org/femwise"],
    }
    record.update(changes)
    return record


def write(tmp_path, content, name="organisations.json"):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return path


def run(path):
    out = io.StringIO()
    call_command("import_organisations", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def fails(path):
    with pytest.raises(CommandError) as error:
        run(path)
    return str(error.value)


def test_imports_the_real_file_and_a_second_import_updates():
    assert run(DATA_FILE) == "Imported 10 organisations (10 created, 0 updated)."
    femwise = Organisation.objects.get(
        external_id="femwise-africa-network-of-african-women-in-conflict-preventi"
    )
    assert femwise.name.startswith("FemWise-Africa")
    assert (femwise.kind, femwise.network_type, femwise.founded_year) == (
        "network",
        "mediators",
        2017,
    )
    assert femwise.agendas == ["WPS"]
    assert femwise.source_list[0] == "https://globalwomenmediators.org/femwise-africa/"

    assert run(DATA_FILE) == "Imported 10 organisations (0 created, 10 updated)."
    assert Organisation.objects.count() == 10


def test_reimport_updates_by_external_id_even_when_renamed(tmp_path):
    run(write(tmp_path, {"organisations": [organisation()]}))
    run(write(tmp_path, {"organisations": [organisation(name="FemWise", founded_year=None)]}))
    stored = Organisation.objects.get()
    assert (stored.external_id, stored.name, stored.founded_year) == ("femwise", "FemWise", None)


def test_record_without_external_id_updates_the_organisation_of_that_name(tmp_path):
    existing = Organisation.objects.create(name="FemWise-Africa", external_id="femwise")
    record = organisation(summary="Updated.")
    del record["external_id"]
    assert run(write(tmp_path, {"organisations": [record]})) == (
        "Imported 1 organisation (0 created, 1 updated)."
    )
    existing.refresh_from_db()
    assert (existing.summary, existing.external_id) == ("Updated.", "femwise")


def test_organisation_created_by_name_gets_its_external_id(tmp_path):
    # The practices import creates organisations from names only.
    existing = Organisation.objects.create(name="FemWise-Africa")
    run(write(tmp_path, {"organisations": [organisation()]}))
    existing.refresh_from_db()
    assert existing.external_id == "femwise"
    assert Organisation.objects.count() == 1


def test_organisations_without_external_id_are_stored_with_null(tmp_path):
    records = [organisation(external_id=None), organisation(external_id=None, name="Other")]
    run(write(tmp_path, {"organisations": records}))
    assert list(Organisation.objects.values_list("external_id", flat=True)) == [None, None]


def test_name_of_another_stored_organisation_is_an_error(tmp_path):
    Organisation.objects.create(name="FemWise-Africa", external_id="other")
    error = fails(write(tmp_path, {"organisations": [organisation()]}))
    assert (
        "record 1 (external_id femwise): name: is already the name of the organisation 'other'"
        in error
    )
    assert Organisation.objects.get().external_id == "other"


INVALID = [
    (organisation(name=None), "record 1 (external_id femwise): name: is required"),
    (organisation(kind="ngo"), "kind: unknown code 'ngo'"),
    (organisation(network_type="peace"), "network_type: unknown code 'peace'"),
    (organisation(founded_year="2017"), "founded_year: must be a whole number, not a string"),
    (organisation(founded_year=1800), "founded_year: Give a year between 1900 and"),
    (organisation(agendas=["WPS", "XYZ"]), "agendas[2]: unknown code 'XYZ'"),
    (organisation(agendas="WPS"), "agendas: must be a list of codes, not a string"),
    (organisation(sources=["ftp://example.org"]), "sources[1]: Enter a valid URL."),
    (organisation(website="example"), "website: Enter a valid URL."),
    (organisation(members=12), "members: unknown field"),
]


@pytest.mark.parametrize(("record", "message"), INVALID)
def test_invalid_record_is_reported_and_nothing_is_written(tmp_path, record, message):
    path = write(tmp_path, {"organisations": [record, organisation(external_id="b", name="B")]})
    error = fails(path)
    assert f"{path}: record 1 (" in error and message in error
    assert Organisation.objects.count() == 0


def test_record_without_external_id_is_named_by_its_name(tmp_path):
    error = fails(write(tmp_path, {"organisations": [organisation(external_id=None, kind="x")]}))
    assert "record 1 (name FemWise-Africa): kind: unknown code 'x'" in error


def test_duplicates_in_one_file_are_errors(tmp_path):
    records = [organisation(), organisation(name="Other"), organisation(external_id="x")]
    error = fails(write(tmp_path, {"organisations": records}))
    assert (
        "record 2 (external_id femwise): external_id: 'femwise' is also used by record 1" in error
    )
    assert "record 3 (external_id x): name: 'FemWise-Africa' is also used by record 1" in error
    assert Organisation.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "is not valid JSON"),
        ({"networks": []}, 'has no top-level "organisations" key'),
        ({"organisations": "FemWise"}, '"organisations" must be a list, not a string'),
        ({"organisations": ["FemWise"]}, "record 1 (no external_id): must be an object"),
    ],
)
def test_unreadable_file(tmp_path, content, message):
    path = write(tmp_path, content)
    assert f"{path}: {message}" in fails(path)
    assert Organisation.objects.count() == 0


def test_failed_import_leaves_stored_organisations_unchanged(tmp_path):
    run(write(tmp_path, {"organisations": [organisation()]}))
    fails(
        write(
            tmp_path,
            {
                "organisations": [
                    organisation(summary="New"),
                    organisation(external_id="b", name="B", kind="?"),
                ]
            },
        )
    )
    assert Organisation.objects.get().summary == "Continental network of women mediators."


def test_imported_organisations_are_listed_in_public(tmp_path, client, home_page):
    # The import holds networks and partners described from public sources: their names are
    # public before any practice names them, so the sign-up form lists them.
    proposed = Organisation.objects.create(name="Wajir Women for Peace")
    run(write(tmp_path, {"organisations": [organisation()]}))
    assert Organisation.objects.get(external_id="femwise").publicly_known
    html = client.get("/accounts/signup/").content.decode()
    assert "FemWise-Africa" in html
    assert not Organisation.objects.get(pk=proposed.pk).publicly_known
    assert "Wajir Women for Peace" not in html
