"""``export_frameworks`` writes what ``import_frameworks`` reads, and round-trips the real data."""

import io
import json
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from wagtail.models import PageViewRestriction

import pytest

from frameworks.exchange import FILE_OF_KIND, FRAMEWORK, FRAMEWORK_FIELDS, PROVISION
from frameworks.models import FrameworkPage, Provision

pytestmark = pytest.mark.django_db

DATA_DIR = Path(settings.KB_DATA_DIR) / "frameworks"

# Every key of the format filled, with values the import keeps as they are.
FULL = {
    "external_id": "lap-ke-nairobi-1",
    "kind": "lap",
    "title": "Nairobi county action plan",
    "symbol": "NCAP/1",
    "agendas": ["WPS", "YPS"],
    "country": "KE",
    "organisation": "Nairobi City County",
    "region": "Nairobi",
    "document_type": "local_action_plan",
    "generation": 1,
    "adopted_year": 2021,
    "start_year": 2021,
    "end_year": 2025,
    "next_plan_expected": "drafting began in 2025",
    "lead_institution": "County Department of Gender",
    "pillars": ["Participation", "Coordination"],
    "budget": "allocated",
    "me_framework": "no",
    "civil_society_roles": ["drafting", "monitoring"],
    "document_url": "https://example.org/nairobi.pdf",
    "summary": "Localises the national plan.\nSecond line.",
    "sources": ["https://example.org/nairobi", "https://example.org/nairobi-2"],
    "provisions": [
        {
            "code": "2",
            "code_as_printed": False,
            "pillar": "Coordination",
            "text": "A county steering committee.",
            "responsible": ["County executive", "Civil society"],
            "indicators": ["Committee meets quarterly", "Minutes published"],
            "translations": [
                {"language": "ar", "text": "لجنة توجيهية على مستوى المقاطعة."},
                {"language": "fr", "text": "Un comité de pilotage du comté."},
            ],
        },
        {
            "code": "1",
            "code_as_printed": True,
            "pillar": "participation",
            "text": "Women in ward peace committees.",
            "responsible": ["Ward administrators"],
            "indicators": ["Share of women members"],
            "translations": [{"language": "es", "text": "Mujeres en los comités de paz."}],
        },
    ],
    "translations": [
        {
            "language": "fr",
            "title": "Plan d'action du comté de Nairobi",
            "summary": "Décline le plan national.",
        },
    ],
}

# Every plan fact unknown, and as little else as a national plan may have.
UNKNOWN_FACTS = {
    "external_id": "nap-zz-test-facts-unknown",
    "kind": "nap",
    "title": "A plan of which nothing is known",
    "country": "UG",
    "budget": None,
    "me_framework": None,
    "civil_society_roles": None,
    "document_url": None,
}

# Sources say civil society had no role: [] (known to be none), not null.
NO_ROLES = {
    "external_id": "policy-ug-test-no-roles",
    "kind": "policy",
    "title": "A policy without civil society",
    "country": "UG",
    "budget": "not-allocated",
    "me_framework": "yes",
    "civil_society_roles": [],
}

EXTRAS = [FULL, UNKNOWN_FACTS, NO_ROLES]


def run(command, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *map(str, args), "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(directory, name, records):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(json.dumps({"frameworks": records}), encoding="utf-8")


def records_in(directory):
    """{external_id: record} of every file of a directory."""
    found = {}
    for path in sorted(directory.glob("*.json")):
        for record in json.loads(path.read_text(encoding="utf-8"))["frameworks"]:
            assert record["external_id"] not in found
            found[record["external_id"]] = record
    return found


def normalised(record):
    """The values the import takes from a record: what a round trip must keep."""
    return FRAMEWORK.clean(record)


def test_the_full_record_fills_every_key_of_the_format():
    # A key added to the format must be added here, so the round trip below covers it.
    assert set(FULL) == set(FRAMEWORK.fields)
    assert all(FULL[key] not in (None, "", []) for key in FULL)
    for provision in FULL["provisions"]:
        assert set(provision) == set(PROVISION.fields)
        assert all(provision[key] not in (None, "", []) for key in provision)
    assert [key for key, _, _ in FRAMEWORK_FIELDS] == list(FRAMEWORK.fields)


def test_every_key_round_trips(tmp_path, framework_index):
    write(tmp_path / "in", "frameworks.json", EXTRAS)
    run("import_frameworks", tmp_path / "in")
    out, _ = run("export_frameworks", tmp_path / "out")
    assert "Exported 3 frameworks with 2 provisions" in out
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "local.json",
        "naps.json",
        "policies.json",
    ]
    exported = records_in(tmp_path / "out")
    for record in EXTRAS:
        back = exported[record["external_id"]]
        # Every key is written, in the format's order, including the unknown ones; translations
        # only where there are some.
        assert list(back) == [
            key for key in FRAMEWORK.fields if key != "translations" or key in record
        ]
        assert normalised(back) == normalised(record)
    # Written as the data files write them, not merely equal once read.
    assert exported["lap-ke-nairobi-1"] == FULL
    unknown = exported["nap-zz-test-facts-unknown"]
    assert [unknown[k] for k in ("budget", "me_framework", "civil_society_roles")] == [None] * 3
    assert unknown["document_url"] is None and unknown["provisions"] == []
    assert exported["policy-ug-test-no-roles"]["civil_society_roles"] == []
    # Provisions keep the plan's order, not the codes' order.
    assert [p["code"] for p in exported["lap-ke-nairobi-1"]["provisions"]] == ["2", "1"]


@pytest.mark.data
def test_the_real_data_round_trips_to_the_same_bytes(tmp_path, real_frameworks, framework_index):
    # The input: data/frameworks and the extras. data/frameworks is imported already (once per
    # test process, the ``real_frameworks`` fixture): only the extras are imported here.
    source = tmp_path / "in"
    shutil.copytree(DATA_DIR, source)
    write(source, "extras.json", EXTRAS)
    write(tmp_path / "extras", "extras.json", EXTRAS)
    out, _ = run("import_frameworks", tmp_path / "extras")
    assert f"({len(EXTRAS)} created, 0 updated)" in out
    first = tmp_path / "first"
    out, err = run("export_frameworks", first)
    assert err == ""  # every value imports back

    inputs = records_in(source)
    exported = records_in(first)
    assert set(exported) == set(inputs)
    assert len(exported) == 169 + len(EXTRAS)
    provisions = sum(len(r.get("provisions") or []) for r in inputs.values())
    assert f"Exported {len(inputs)} frameworks with {provisions} provisions" in out
    for external_id, record in inputs.items():
        assert normalised(exported[external_id]) == normalised(record), external_id
    # One file per kind, named as the data's files.
    for path in first.glob("*.json"):
        kinds = {r["kind"] for r in json.loads(path.read_text())["frameworks"]}
        assert [FILE_OF_KIND[kind] for kind in kinds] == [path.name]
    # A global resolution's operative paragraphs, in order, with whom they address.
    resolution = exported["s-res-1325-2000"]
    assert resolution["kind"] == "global" and resolution["symbol"] == "S/RES/1325 (2000)"
    assert [p["code"] for p in resolution["provisions"]] == [
        p["code"] for p in inputs["s-res-1325-2000"]["provisions"]
    ]
    assert resolution["provisions"][0]["responsible"]
    # Stable order: records by external_id.
    naps = json.loads((first / "naps.json").read_text())["frameworks"]
    assert [r["external_id"] for r in naps] == sorted(r["external_id"] for r in naps)

    # Into an empty site, then out again: the same bytes.
    for page in FrameworkPage.objects.all():
        page.delete()
    assert not Provision.objects.exists()
    run("import_frameworks", first)
    second = tmp_path / "second"
    run("export_frameworks", second)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (second / name).read_bytes() == (first / name).read_bytes(), name


def test_drafts_and_restricted_frameworks_are_not_exported(tmp_path, framework_index):
    write(tmp_path / "in", "frameworks.json", EXTRAS)
    run("import_frameworks", tmp_path / "in")
    FrameworkPage.objects.get(external_id="policy-ug-test-no-roles").unpublish()
    restricted = FrameworkPage.objects.get(external_id="nap-zz-test-facts-unknown")
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    out, _ = run("export_frameworks", tmp_path / "out")
    assert "Exported 1 framework with 2 provisions" in out
    assert list(records_in(tmp_path / "out")) == ["lap-ke-nairobi-1"]


def test_a_stale_file_of_a_kind_no_longer_published_is_emptied(tmp_path, framework_index):
    write(tmp_path / "in", "frameworks.json", [FULL])
    run("import_frameworks", tmp_path / "in")
    out_dir = tmp_path / "out"
    write(out_dir, "global.json", [UNKNOWN_FACTS | {"external_id": "old", "kind": "global"}])
    write(out_dir, "notes.json", [])
    out, err = run("export_frameworks", out_dir)
    assert json.loads((out_dir / "global.json").read_text()) == {"frameworks": []}
    assert not (out_dir / "naps.json").exists()
    assert "global.json (0)" in out and "local.json (1)" in out
    assert "notes.json" in err


def test_a_value_the_import_would_refuse_is_written_and_named(tmp_path, framework_index):
    write(tmp_path / "in", "frameworks.json", [FULL])
    run("import_frameworks", tmp_path / "in")
    FrameworkPage.objects.filter(external_id="lap-ke-nairobi-1").update(generation=150)
    _, err = run("export_frameworks", tmp_path / "out")
    assert records_in(tmp_path / "out")["lap-ke-nairobi-1"]["generation"] == 150
    assert "1 value would not import" in err
    assert "lap-ke-nairobi-1: generation: must be at most 99" in err
