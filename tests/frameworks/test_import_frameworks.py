import io
import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from frameworks.management.commands.import_frameworks import derive_pillars, pillars_named
from frameworks.models import FrameworkPage, Provision
from tests.factories import FrameworkPageFactory

pytestmark = pytest.mark.django_db

DATA_DIR = Path(settings.KB_DATA_DIR) / "frameworks"


def nap(**changes):
    """A valid national action plan record with two provisions."""
    record = {
        "external_id": "nap-ke-2",
        "kind": "nap",
        "title": "Kenya national action plan (2)",
        "agendas": ["WPS"],
        "country": "KE",
        "generation": 2,
        "adopted_year": 2020,
        "start_year": 2020,
        "end_year": 2024,
        "lead_institution": "State Department for Gender",
        "pillars": ["Participation", "Protection and prevention", "Coordination"],
        "summary": "Localised through county action plans.",
        "sources": ["https://example.org/kenya", "https://example.org/kenya-2"],
        "provisions": [
            {
                "code": "1.1",
                "code_as_printed": True,
                "pillar": "participation",
                "text": "Women in county peace committees.",
                "responsible": ["County governments", "Civil society"],
            },
            {
                "code": "1.2",
                "code_as_printed": False,
                "pillar": "coordination",
                "text": "A national steering committee.",
                "responsible": [],
                "indicators": ["Committee meets quarterly"],
            },
        ],
    }
    record.update(changes)
    return record


def write_dir(directory, files):
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        text = content if isinstance(content, str) else json.dumps(content)
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def run(directory, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_frameworks", str(directory), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fails(directory):
    with pytest.raises(CommandError) as error:
        run(directory)
    return str(error.value)


def counts():
    return FrameworkPage.objects.count(), Provision.objects.count()


# The real data.


@pytest.mark.data
def test_imports_the_real_data_and_a_second_import_updates(real_frameworks, framework_index):
    # The import of data/frameworks into the migrated database, made once per test process.
    out = real_frameworks
    assert out.strip() == "Imported 169 frameworks (169 created, 0 updated) with 268 provisions."
    assert counts() == (169, 268)
    assert FrameworkPage.objects.live().child_of(framework_index).count() == 169

    kenya = FrameworkPage.objects.get(external_id="nap-ke-2")
    assert (kenya.kind, kenya.country, kenya.generation) == ("nap", "KE", 2)
    assert (kenya.start_year, kenya.end_year, kenya.slug) == (2020, 2024, "nap-ke-2")
    assert [p.code for p in kenya.provisions.all()] == ["1", "2", "3", "4"]
    assert kenya.pillars == ["prevention", "protection", "participation", "relief-and-recovery"]
    assert (kenya.budget, kenya.me_framework) == ("not-allocated", "yes")
    assert kenya.known_civil_society_roles == ["drafting"]
    naps = FrameworkPage.objects.filter(kind="nap")
    assert naps.exclude(budget="unknown").count() == 44
    assert naps.exclude(me_framework="unknown").count() == 60
    assert naps.filter(civil_society_roles_known=True).count() == 74
    assert FrameworkPage.objects.exclude(document_url="").count() == 31
    assert (
        kenya.source_list[0]
        == "http://1325naps.peacewomen.org/index.php/2019-committments/kenya-2020-commitments/"
    )

    resolution = FrameworkPage.objects.get(external_id="s-res-1325-2000")
    assert (resolution.kind, resolution.symbol, resolution.adopted_year) == (
        "global",
        "S/RES/1325 (2000)",
        2000,
    )
    assert resolution.provisions.filter(code="1").exists()  # its operative paragraphs
    assert Provision.objects.filter(framework__kind="global").count() == 31
    eu = FrameworkPage.objects.get(external_id="eu-strategic-approach-to-women-peace-and-security")
    assert (eu.organisation_region, eu.document_type) == ("Europe", "strategy")
    assert eu.organisation == "European Union (Council of the EU)"

    slugs = dict(Provision.objects.values_list("pk", "slug"))
    out, _ = run(DATA_DIR)
    assert out.strip() == "Imported 169 frameworks (0 created, 169 updated) with 268 provisions."
    assert counts() == (169, 268)
    assert dict(Provision.objects.values_list("pk", "slug")) == slugs


# Creating and updating.


def test_maps_every_field(tmp_path, framework_index):
    record = nap(
        country="KEN",
        budget="allocated",
        me_framework="yes",
        civil_society_roles=["monitoring", "drafting"],
        document_url="https://example.org/kenya-nap.pdf",
    )
    run(write_dir(tmp_path, {"naps.json": {"frameworks": [record]}}))
    page = FrameworkPage.objects.get(external_id="nap-ke-2")
    assert page.live and not page.has_unpublished_changes
    assert page.get_parent().specific == framework_index
    assert page.title == "Kenya national action plan (2)"
    assert page.country == "KE"  # alpha-3 accepted, alpha-2 stored
    assert page.agendas == ["WPS"]
    assert page.lead_institution == "State Department for Gender"
    assert page.pillar_labels == "Participation\nProtection and prevention\nCoordination"
    assert page.pillars == ["prevention", "protection", "participation"]
    assert page.sources == "https://example.org/kenya\nhttps://example.org/kenya-2"
    assert (page.budget, page.me_framework) == ("allocated", "yes")
    assert page.civil_society_roles == ["drafting", "monitoring"]  # the vocabulary's order
    assert page.civil_society_roles_known
    assert page.document_url == "https://example.org/kenya-nap.pdf"
    first, second = page.provisions.all()
    assert (first.code, first.slug, first.sort_order, first.code_as_printed) == (
        "1.1",
        "11",
        0,
        True,
    )
    assert first.responsible == "County governments\nCivil society"
    assert (second.code, second.sort_order, second.code_as_printed) == ("1.2", 1, False)
    assert second.indicators == "Committee meets quarterly"
    assert page.revisions.count() == 1


def facts(page):
    page.refresh_from_db()
    return (
        page.budget,
        page.me_framework,
        page.known_civil_society_roles,
        page.document_url,
    )


def test_plan_facts_left_null_or_out_stay_unknown(tmp_path, framework_index):
    absent = nap(external_id="nap-ke-1", generation=1)
    null = nap(budget=None, me_framework=None, civil_society_roles=None, document_url=None)
    run(write_dir(tmp_path, {"naps.json": {"frameworks": [absent, null]}}))
    for page in FrameworkPage.objects.all():
        assert facts(page) == ("unknown", "unknown", None, "")
        assert page.civil_society_roles_label == "Unknown"


def test_an_empty_civil_society_list_means_none_not_unknown(tmp_path, framework_index):
    run(write_dir(tmp_path, {"naps.json": {"frameworks": [nap(civil_society_roles=[])]}}))
    page = FrameworkPage.objects.get()
    assert page.known_civil_society_roles == []
    assert page.civil_society_roles_label.startswith("None")


def test_reimport_changes_facts_both_ways(tmp_path, framework_index):
    known = nap(
        budget="not-allocated",
        me_framework="no",
        civil_society_roles=[],
        document_url="http://example.org/plan",
    )
    directory = write_dir(tmp_path, {"naps.json": {"frameworks": [known]}})
    run(directory)
    page = FrameworkPage.objects.get()
    assert facts(page) == ("not-allocated", "no", [], "http://example.org/plan")
    write_dir(directory, {"naps.json": {"frameworks": [nap(civil_society_roles=None)]}})
    run(directory)
    assert facts(page) == ("unknown", "unknown", None, "")


def test_reimport_updates_and_keeps_provision_slugs(tmp_path, framework_index):
    directory = write_dir(tmp_path, {"naps.json": {"frameworks": [nap()]}})
    run(directory)
    page = FrameworkPage.objects.get(external_id="nap-ke-2")
    kept = page.provisions.get(code="1.2")
    # An editor gives the provision a nicer address; the import must not undo it.
    Provision.objects.filter(pk=kept.pk).update(slug="steering-committee")

    changed = nap(title="Kenya NAP, second generation", end_year=2025)
    changed["provisions"] = [
        {"code": "2.1", "pillar": "prevention", "text": "Early warning by women."},
        {"code": "1.2", "pillar": "coordination", "text": "A steering committee, renamed."},
    ]
    write_dir(directory, {"naps.json": {"frameworks": [changed]}})
    out, _ = run(directory)

    assert "(0 created, 1 updated)" in out
    assert "Removed 1 provision no longer in the files." in out
    page = FrameworkPage.objects.get(external_id="nap-ke-2")
    assert FrameworkPage.objects.count() == 1
    assert (page.title, page.end_year) == ("Kenya NAP, second generation", 2025)
    assert [(p.code, p.sort_order) for p in page.provisions.all()] == [("2.1", 0), ("1.2", 1)]
    updated = page.provisions.get(code="1.2")
    assert (updated.pk, updated.slug) == (kept.pk, "steering-committee")
    assert updated.text == "A steering committee, renamed."
    assert not Provision.objects.filter(code="1.1").exists()
    assert page.revisions.count() == 2 and page.live


def test_framework_slug_is_the_external_id(tmp_path, framework_index):
    run(write_dir(tmp_path, {"g.json": {"frameworks": [nap(external_id="NAP KE 2")]}}))
    assert FrameworkPage.objects.get().slug == "nap-ke-2"


def test_new_framework_whose_slug_is_taken_is_an_error(tmp_path, framework_index):
    FrameworkPageFactory(external_id="written-in-the-cms", slug="nap-ke-2")
    error = fails(write_dir(tmp_path, {"a.json": {"frameworks": [nap()]}}))
    assert "external_id: its slug 'nap-ke-2' is taken by another framework page" in error
    assert counts() == (1, 0)


def test_stored_framework_keeps_its_slug(tmp_path, framework_index):
    FrameworkPageFactory(external_id="nap-ke-2", slug="kenya-2")
    FrameworkPageFactory(external_id="other", slug="nap-ke-2")
    run(write_dir(tmp_path, {"a.json": {"frameworks": [nap()]}}))
    assert FrameworkPage.objects.get(external_id="nap-ke-2").slug == "kenya-2"


def test_provision_slugs_are_unique_within_a_framework(tmp_path, framework_index):
    record = nap()
    record["provisions"] = [
        {"code": "2.3", "text": "One."},
        {"code": "23", "text": "Two."},
    ]
    run(write_dir(tmp_path, {"naps.json": {"frameworks": [record]}}))
    assert list(Provision.objects.values_list("slug", flat=True)) == ["23", "23-2"]


@pytest.mark.parametrize(
    ("label", "pillars"),
    [
        ("Prevention", {"prevention"}),
        ("Relief and recovery", {"relief-and-recovery"}),
        ("Relief, recovery and rehabilitation", {"relief-and-recovery"}),
        ("Protection and prevention", {"protection", "prevention"}),
        ("Empowerment and participation", {"participation"}),
        ("Disengagement and reintegration", {"disengagement-and-reintegration"}),
        ("Coordination", set()),
        ("Protection of women and girls", set()),
        ("Preventing and countering violent extremism", set()),
    ],
)
def test_pillar_labels_that_clearly_name_a_pillar(label, pillars):
    assert pillars_named(label) == pillars


def test_pillars_combine_provision_codes_and_labels_in_vocabulary_order():
    provisions = [{"pillar": "relief-and-recovery"}, {"pillar": "promotion"}]
    assert derive_pillars(["Participation", "Peacebuilding"], provisions) == [
        "participation",
        "relief-and-recovery",
    ]


# Invalid input: every problem is reported, nothing is written.


def invalid(**changes):
    return nap(**changes)


def without(key):
    record = nap()
    del record[key]
    return record


def provision_changed(**changes):
    record = nap()
    record["provisions"][1].update(changes)
    return record


INVALID_RECORDS = [
    (without("external_id"), "record 2 (no external_id): external_id: is required"),
    (without("title"), "external_id nap-ke-2): title: is required"),
    (invalid(title="  "), "title: is required"),
    (without("kind"), "kind: is required"),
    (invalid(kind="plan"), "kind: unknown code 'plan' (use one of: nap, lap, rap, global, policy)"),
    (invalid(agendas="WPS"), "agendas: must be a list of codes, not a string"),
    (invalid(agendas=["WPS", "GPS"]), "agendas[2]: unknown code 'GPS'"),
    (invalid(adopted_year="2020"), "adopted_year: must be a whole number, not a string"),
    (invalid(adopted_year=2020.5), "adopted_year: must be a whole number, not a number"),
    (invalid(generation=True), "generation: must be a whole number, not true/false"),
    (invalid(start_year=1800), "start_year: Ensure this value is greater than or equal to 1945."),
    (invalid(country="KX"), "country: unknown country code 'KX'"),
    (invalid(country=None), "country: is required for a national or local action plan"),
    (invalid(end_year=2019), "end_year: 2019 is before start_year 2020"),
    (invalid(sources=["https://example.org", "not a url"]), "sources[2]: Enter a valid URL."),
    (invalid(sources="https://example.org"), "sources: must be a list of web addresses"),
    (invalid(pillars=[1]), "pillars[1]: must be a string, not a number"),
    (invalid(status="active"), "status: unknown field"),
    (invalid(budget="yes"), "budget: unknown code 'yes' (use one of: allocated, not-allocated,"),
    (invalid(budget=True), "budget: must be a code (a string), not true/false"),
    (invalid(me_framework="partly"), "me_framework: unknown code 'partly' (use one of: yes, no,"),
    (invalid(civil_society_roles="drafting"), "civil_society_roles: must be a list of codes"),
    (
        invalid(civil_society_roles=["drafting", "advocacy"]),
        "civil_society_roles[2]: unknown code 'advocacy' (use one of: drafting, implementation,",
    ),
    (invalid(civil_society_roles=[None]), "civil_society_roles[1]: must be a code, not null"),
    (invalid(document_url="www.example.org/plan"), "document_url: Enter a valid URL."),
    (invalid(document_url="ftp://example.org/plan"), "document_url: Enter a valid URL."),
    (invalid(document_url=["https://example.org"]), "document_url: must be a string, not a list"),
    (invalid(provisions={}), "provisions: must be a list of objects, not an object"),
    (provision_changed(code="1.1"), "provisions[2]: code '1.1' is listed twice (also item 1)"),
    (provision_changed(text=None), "provisions[2].text: is required"),
    (provision_changed(code_as_printed="yes"), "provisions[2].code_as_printed: must be true or"),
    (provision_changed(responsible="Police"), "provisions[2].responsible: must be a list"),
    (provision_changed(page=4), "provisions[2].page: unknown field"),
]


@pytest.mark.parametrize(("record", "message"), INVALID_RECORDS)
def test_invalid_record_is_reported_and_nothing_is_written(
    tmp_path, framework_index, record, message
):
    good = nap(external_id="nap-ug-3", country="UG")
    directory = write_dir(tmp_path, {"naps.json": {"frameworks": [good, record]}})
    error = fails(directory)
    assert message in error
    assert f"{directory / 'naps.json'}: record 2 (" in error
    assert error.startswith("Nothing was imported: 1 problem found.")
    assert counts() == (0, 0)


def test_the_error_line_names_file_record_external_id_and_field(tmp_path, framework_index):
    directory = write_dir(tmp_path, {"naps.json": {"frameworks": [nap(end_year="2024")]}})
    assert fails(directory).splitlines()[1] == (
        f"{directory / 'naps.json'}: record 1 (external_id nap-ke-2): "
        "end_year: must be a whole number, not a string"
    )


def test_duplicate_external_id_across_files_is_an_error(tmp_path, framework_index):
    directory = write_dir(
        tmp_path,
        {"a.json": {"frameworks": [nap()]}, "b.json": {"frameworks": [nap(title="Again")]}},
    )
    error = fails(directory)
    assert f"{directory / 'b.json'}: record 1 (external_id nap-ke-2): external_id: " in error
    assert f"'nap-ke-2' is also used by record 1 of {directory / 'a.json'}" in error
    assert counts() == (0, 0)


def test_external_ids_giving_the_same_slug_are_an_error(tmp_path, framework_index):
    records = [nap(), nap(external_id="NAP-KE-2")]
    error = fails(write_dir(tmp_path, {"a.json": {"frameworks": records}}))
    assert "'NAP-KE-2' is also used by record 1 (slug 'nap-ke-2')" in error


def test_record_that_is_not_an_object(tmp_path, framework_index):
    error = fails(write_dir(tmp_path, {"a.json": {"frameworks": [nap(), ["nap-ug-3"]]}}))
    assert "a.json: record 2 (no external_id): must be an object, not a list" in error
    assert counts() == (0, 0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"frameworks": [', "is not valid JSON: Expecting value (line 1, column 17)"),
        ({"plans": []}, 'has no top-level "frameworks" key'),
        ([nap()], 'has no top-level "frameworks" key'),
        ({"frameworks": {"nap-ke-2": nap()}}, '"frameworks" must be a list, not an object'),
    ],
)
def test_unreadable_file(tmp_path, framework_index, content, message):
    directory = write_dir(tmp_path, {"b.json": content, "a.json": {"frameworks": [nap()]}})
    error = fails(directory)
    assert f"{directory / 'b.json'}: {message}" in error
    # The good file in the same directory is not imported either: the directory is one unit.
    assert counts() == (0, 0)


def test_every_problem_is_reported_at_once(tmp_path, framework_index):
    records = [nap(kind="plan", adopted_year="x"), nap(external_id="nap-ug-3", country="ZZ")]
    error = fails(write_dir(tmp_path, {"a.json": {"frameworks": records}}))
    assert error.startswith("Nothing was imported: 3 problems found.")
    assert "record 1 (external_id nap-ke-2): kind:" in error
    assert "record 1 (external_id nap-ke-2): adopted_year:" in error
    assert "record 2 (external_id nap-ug-3): country: unknown country code 'ZZ'" in error


def test_failed_reimport_leaves_stored_frameworks_unchanged(tmp_path, framework_index):
    directory = write_dir(tmp_path, {"a.json": {"frameworks": [nap()]}})
    run(directory)
    write_dir(
        directory,
        {
            "a.json": {
                "frameworks": [nap(title="Changed", provisions=[]), nap(external_id="x", kind="?")]
            }
        },
    )
    fails(directory)
    page = FrameworkPage.objects.get()
    assert page.title == "Kenya national action plan (2)"
    assert counts() == (1, 2)
    assert page.revisions.count() == 1


def test_directory_without_json_files(tmp_path, framework_index):
    assert f"{tmp_path}: has no *.json files" in fails(tmp_path)


def test_missing_directory(tmp_path, framework_index):
    assert f"{tmp_path / 'nope'}: is not a directory" in fails(tmp_path / "nope")


def test_a_failure_while_writing_rolls_back_the_whole_directory(
    tmp_path, framework_index, monkeypatch
):
    real_save_revision = FrameworkPage.save_revision

    def save_revision(page, *args, **kwargs):
        if page.external_id == "nap-ug-3":
            raise ValidationError("rejected by the model")
        return real_save_revision(page, *args, **kwargs)

    monkeypatch.setattr(FrameworkPage, "save_revision", save_revision)
    directory = write_dir(
        tmp_path,
        {
            "a.json": {"frameworks": [nap()]},
            "b.json": {"frameworks": [nap(external_id="nap-ug-3", country="UG")]},
        },
    )
    assert "rejected by the model" in fails(directory)
    assert counts() == (0, 0)


# Progress.


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal_and_not_with_no_progress(tmp_path, framework_index):
    directory = write_dir(tmp_path, {"a.json": {"frameworks": [nap()]}})
    _, err = run(directory)
    assert err == ""  # not a terminal

    terminal = Terminal()
    call_command("import_frameworks", str(directory), stdout=io.StringIO(), stderr=terminal)
    assert "Frameworks" in terminal.getvalue()

    quiet = Terminal()
    call_command(
        "import_frameworks", str(directory), "--no-progress", stdout=io.StringIO(), stderr=quiet
    )
    assert quiet.getvalue() == ""


def test_a_provision_linked_to_practices_is_not_removed(tmp_path, framework_index, practice_index):
    from tests.factories import PracticePageFactory

    directory = write_dir(tmp_path, {"naps.json": {"frameworks": [nap()]}})
    run(directory)
    linked = Provision.objects.get(code="1.1")
    practice = PracticePageFactory(provisions=[(linked, "implements")])

    without_it = nap()
    without_it["provisions"] = without_it["provisions"][1:]
    write_dir(directory, {"naps.json": {"frameworks": [without_it]}})
    error = fails(directory)
    assert (
        "record 1 (external_id nap-ke-2): provisions: provision '1.1' is linked to practices "
        "and cannot be removed" in error
    )
    assert Provision.objects.filter(pk=linked.pk).exists()
    assert practice.provision_links.get().provision_id == linked.pk


def test_next_plan_expected_is_optional_and_reimported(tmp_path, framework_index):
    directory = write_dir(
        tmp_path, {"naps.json": {"frameworks": [nap(next_plan_expected="Expected in 2027")]}}
    )
    run(directory)
    page = FrameworkPage.objects.get()
    assert page.next_plan_expected == "Expected in 2027"
    write_dir(directory, {"naps.json": {"frameworks": [nap()]}})
    run(directory)
    page.refresh_from_db()
    assert page.next_plan_expected == ""
    bad = nap(next_plan_expected="two\nlines")
    write_dir(directory, {"naps.json": {"frameworks": [bad]}})
    assert "next_plan_expected" in fails(directory)
