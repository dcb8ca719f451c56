import io
import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from taggit.models import Tag

import pytest

from practices.models import Organisation, PracticePage, PracticeProvisionLink
from tests.factories import ProvisionFactory, frameworks_linked_from

pytestmark = pytest.mark.django_db

SAMPLE_FILE = Path(settings.KB_DATA_DIR) / "practices-sample.json"


@pytest.fixture
def frameworks(framework_index, practice_index):
    # The frameworks and provisions the sample practices link to, and two more codes of Kenya's.
    return frameworks_linked_from(SAMPLE_FILE, extra_provisions={"nap-ke-2": ["1", "2"]})


def practice(**changes):
    """A valid practice record using every key of the format."""
    record = {
        "external_id": "practice-wajir",
        "title": "Wajir women's peace committee",
        "summary": "Women traders mediated between clans and set up a peace committee.",
        "description": "In 1993 women from the market brought elders and youth together.",
        "organisations": ["Wajir Women for Peace", "Kenya Women's Network"],
        "countries": ["KEN", "SO"],
        "location": "Wajir town",
        "level": "local",
        "agendas": ["YPS", "WPS"],
        "pillars": ["participation", "prevention"],
        "themes": ["mediation", "early warning"],
        "start_year": 1993,
        "end_year": 2000,
        "stakeholders": ["womens-network", "traditional-or-faith-leaders"],
        "activities": "Market meetings.",
        "outcomes": "Fewer clashes.",
        "challenge_types": ["resources"],
        "challenges": "No money.",
        "lessons_learned": "Start with trusted women.",
        "funding": "Members' contributions.",
        "provisions": [
            {"framework": "nap-ke-2", "code": "2", "relation": "implements"},
            {"framework": "nap-ke-2", "code": "1", "relation": "monitors"},
        ],
        "frameworks": ["nap-ke-2"],
        "sources": ["https://example.org/wajir"],
        "language": "en",
        "safety": {"withhold_organisation": True, "country_level_only": True},
        "contact": {"name": "Dekha", "email": "dekha@example.org"},
    }
    record.update(changes)
    return record


def write(tmp_path, content, name="practices.json"):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return path


def run(path, *args):
    out = io.StringIO()
    call_command("import_practices", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def fails(path):
    with pytest.raises(CommandError) as error:
        run(path)
    return str(error.value)


def counts():
    return (
        PracticePage.objects.count(),
        Organisation.objects.count(),
        PracticeProvisionLink.objects.count(),
        Tag.objects.count(),
    )


# The real sample.


def test_imports_the_real_sample(frameworks, practice_index):
    records = json.loads(SAMPLE_FILE.read_text("utf-8"))["practices"]
    summary = run(SAMPLE_FILE)
    assert summary.startswith("Imported 23 practices (23 created, 0 updated).")
    live = PracticePage.objects.live().child_of(practice_index)
    assert live.count() == len(records) == 23
    for record in records:
        page = live.get(external_id=record["external_id"])
        assert page.title == record["title"]
        assert page.summary == record["summary"]
        assert page.country_codes == sorted(record["countries"])
        # The sample writes credits as organisation names: each name is the start of a credit,
        # and the credit line the text as written when it says more than the names.
        text = "; ".join(record["organisations"])
        names = [o.name for o in page.organisations]
        assert names and all(name in text for name in names)
        assert page.credit_line == ("" if "; ".join(names) == text else text)
        assert sorted(page.theme_names) == sorted(record["themes"])
        assert [link.framework.external_id for link in page.framework_links.all()] == (
            record["frameworks"]
        )
        assert (page.start_year, page.end_year) == (record["start_year"], record["end_year"])
        assert [
            (link.provision.framework.external_id, link.provision.code, link.relation)
            for link in page.provision_links.all()
        ] == [(p["framework"], p["code"], p["relation"]) for p in record["provisions"]]
        assert page.revisions.count() == 1 and not page.has_unpublished_changes

    assert PracticeProvisionLink.objects.count() == 24
    assert run(SAMPLE_FILE) == "Imported 23 practices (0 created, 23 updated)."
    assert PracticePage.objects.count() == 23


# Creating and updating.


def test_maps_every_key(tmp_path, frameworks):
    record = practice(id=7, url="https://example.org/p/7/", region="africa", highlight="x")
    assert run(write(tmp_path, {"practices": [record]})) == (
        "Imported 1 practice (1 created, 0 updated). Added 2 organisations."
    )
    page = PracticePage.objects.get(external_id="practice-wajir")
    assert page.live and page.slug == "wajir-womens-peace-committee"
    assert page.title == "Wajir women's peace committee"
    assert [o.name for o in page.organisations] == [
        "Wajir Women for Peace",
        "Kenya Women's Network",
    ]
    assert page.country_codes == ["KE", "SO"]  # alpha-3 accepted
    assert page.location == "Wajir town"
    assert page.agendas == ["WPS", "YPS"]
    assert page.pillars == ["prevention", "participation"]
    assert page.theme_names == ["early warning", "mediation"]
    assert page.stakeholders == ["womens-network", "traditional-or-faith-leaders"]
    assert page.challenge_types == ["resources"]
    assert (page.activities, page.outcomes, page.challenges) == (
        "Market meetings.",
        "Fewer clashes.",
        "No money.",
    )
    assert (page.lessons_learned, page.funding) == (
        "Start with trusted women.",
        "Members' contributions.",
    )
    assert [(link.provision.code, link.relation) for link in page.provision_links.all()] == [
        ("2", "implements"),
        ("1", "monitors"),
    ]
    assert [link.framework.external_id for link in page.framework_links.all()] == ["nap-ke-2"]
    assert page.source_list == ["https://example.org/wajir"]
    assert page.withhold_organisation and page.country_level_only
    assert (page.contact_name, page.contact_email) == ("Dekha", "dekha@example.org")


def test_null_means_empty(tmp_path, frameworks):
    record = practice(
        organisations=None,
        countries=None,
        location=None,
        level=None,
        themes=None,
        start_year=None,
        provisions=None,
        frameworks=None,
        sources=None,
        language=None,
        safety=None,
        contact=None,
    )
    run(write(tmp_path, {"practices": [record]}))
    page = PracticePage.objects.get()
    assert (page.organisations, page.country_codes, page.theme_names) == ([], [], [])
    assert (page.location, page.level, page.language, page.start_year) == ("", "local", "en", None)
    assert not page.provision_links.exists() and not page.framework_links.exists()
    assert not page.withhold_organisation and page.contact_email == ""


def test_reimport_updates_the_page_and_replaces_its_relations(tmp_path, frameworks):
    run(write(tmp_path, {"practices": [practice()]}))
    page = PracticePage.objects.get()
    changed = practice(
        title="Wajir peace committee, renamed",
        organisations=["Kenya Women's Network", "New partner"],
        countries=["ET"],
        themes=["reconciliation"],
        provisions=[{"framework": "nap-ke-2", "code": "1", "relation": "advocates-for"}],
        frameworks=["nap-ug-3"],
        safety={"withhold_organisation": False, "country_level_only": False},
    )
    del changed["contact"]
    assert run(write(tmp_path, {"practices": [changed]})) == (
        "Imported 1 practice (0 created, 1 updated). Added 1 organisation."
    )

    updated = PracticePage.objects.get()
    assert updated.pk == page.pk and updated.slug == page.slug  # same page, same address
    assert updated.title == "Wajir peace committee, renamed" and updated.live
    assert updated.revisions.count() == 2 and not updated.has_unpublished_changes
    assert [o.name for o in updated.organisations] == ["Kenya Women's Network", "New partner"]
    assert updated.country_codes == ["ET"]
    assert updated.theme_names == ["reconciliation"]
    assert [(x.provision.code, x.relation) for x in updated.provision_links.all()] == [
        ("1", "advocates-for")
    ]
    assert [x.framework.external_id for x in updated.framework_links.all()] == ["nap-ug-3"]
    assert not updated.withhold_organisation
    # The contact was left out of the file, so it is kept.
    assert updated.contact_email == "dekha@example.org"


def test_contact_null_clears_the_contact(tmp_path, frameworks):
    run(write(tmp_path, {"practices": [practice()]}))
    run(write(tmp_path, {"practices": [practice(contact=None)]}))
    page = PracticePage.objects.get()
    assert (page.contact_name, page.contact_email) == ("", "")


def test_slugs_are_unique_for_equal_titles(tmp_path, frameworks):
    records = [practice(external_id="a"), practice(external_id="b")]
    run(write(tmp_path, {"practices": records}))
    assert sorted(PracticePage.objects.values_list("slug", flat=True)) == [
        "wajir-womens-peace-committee",
        "wajir-womens-peace-committee-2",
    ]


def test_existing_organisations_are_reused_by_name(tmp_path, frameworks):
    existing = Organisation.objects.create(name="Wajir Women for Peace", external_id="wwp")
    run(write(tmp_path, {"practices": [practice()]}))
    assert PracticePage.objects.get().organisations[0] == existing
    assert Organisation.objects.count() == 2


# Invalid input: every problem is reported, nothing is written.


def without(key):
    record = practice()
    del record[key]
    return record


def link(**changes):
    return practice(provisions=[{"framework": "nap-ke-2", "code": "1", **changes}])


INVALID = [
    (without("external_id"), "record 2 (no external_id): external_id: is required"),
    (without("title"), "title: is required"),
    (without("summary"), "summary: is required"),
    (without("description"), "description: is required"),
    (practice(summary="x" * 301), "summary: is 301 characters long; at most 300 allowed"),
    (practice(themes="mediation"), "themes: must be a list of strings, not a string"),
    (practice(organisations="Wajir Women"), "organisations: must be a list of strings"),
    (practice(countries="KE"), "countries: must be a list of country codes, not a string"),
    (practice(start_year="1993"), "start_year: must be a whole number, not a string"),
    (practice(start_year=True), "start_year: must be a whole number, not true/false"),
    (practice(end_year=3000), "end_year: Give a year between 1900 and"),
    (
        practice(safety={"withhold_organisation": 1}),
        "safety.withhold_organisation: must be true or false",
    ),
    (practice(safety={"anonymous": True}), "safety.anonymous: unknown field"),
    (practice(safety=True), "safety: must be an object, not true/false"),
    (practice(contact={"email": "not-an-email"}), "contact.email: Enter a valid email address."),
    (practice(agendas=["WPS", "CPS"]), "agendas[2]: unknown code 'CPS' (use one of: WPS, YPS, SP)"),
    (practice(level="district"), "level: unknown code 'district'"),
    (practice(pillars=["promotion"]), "pillars[1]: unknown code 'promotion'"),
    (practice(stakeholders=["elders"]), "stakeholders[1]: unknown code 'elders'"),
    (practice(challenge_types=["money"]), "challenge_types[1]: unknown code 'money'"),
    (practice(language="xx"), "language: unknown code 'xx'"),
    (link(relation="supports"), "provisions[1].relation: unknown code 'supports'"),
    (practice(countries=["KE", "XY"]), "countries[2]: unknown country code 'XY'"),
    (practice(end_year=1990), "end_year: 1990 is before start_year 1993"),
    (
        link(framework="nap-zz-9"),
        "provisions[1].framework: no framework with external_id 'nap-zz-9'",
    ),
    (link(code="9.9"), "provisions[1].code: framework 'nap-ke-2' has no provision with code '9.9'"),
    (link(code=None), "provisions[1].code: is required"),
    (practice(frameworks=["nap-zz-9"]), "frameworks: no framework with external_id 'nap-zz-9'"),
    (practice(frameworks=["nap-ke-2", "nap-ke-2"]), "frameworks[2]: 'nap-ke-2' is listed twice"),
    (practice(sources=["www.example.org"]), "sources[1]: Enter a valid URL."),
    (practice(organisation="Wajir Women"), "organisation: unknown field"),
]


@pytest.mark.parametrize(("record", "message"), INVALID)
def test_invalid_record_is_reported_and_nothing_is_written(tmp_path, frameworks, record, message):
    before = counts()
    path = write(tmp_path, {"practices": [practice(external_id="good"), record]})
    error = fails(path)
    assert error.startswith("Nothing was imported: 1 problem found.")
    assert f"{path}: record 2 (" in error and message in error
    assert counts() == before


def test_the_error_line_names_file_record_external_id_and_field(tmp_path, frameworks):
    path = write(tmp_path, {"practices": [practice(summary="x" * 301)]})
    assert fails(path).splitlines()[1] == (
        f"{path}: record 1 (external_id practice-wajir): summary: "
        "is 301 characters long; at most 300 allowed"
    )


def test_duplicate_external_id_in_one_file(tmp_path, frameworks):
    error = fails(write(tmp_path, {"practices": [practice(), practice(title="Again")]}))
    assert (
        "record 2 (external_id practice-wajir): external_id: 'practice-wajir' is also used by "
        "record 1"
    ) in error
    assert PracticePage.objects.count() == 0


def test_record_that_is_not_an_object(tmp_path, frameworks):
    error = fails(write(tmp_path, {"practices": [practice(), "practice-two"]}))
    assert "record 2 (no external_id): must be an object, not a string" in error
    assert PracticePage.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{'practices': []}", "is not valid JSON: Expecting property name enclosed in double"),
        ({"results": [practice()]}, 'has no top-level "practices" key'),
        ({"practices": practice()}, '"practices" must be a list, not an object'),
        ({"practices": None}, '"practices" must be a list, not null'),
    ],
)
def test_unreadable_file(tmp_path, frameworks, content, message):
    path = write(tmp_path, content)
    assert f"{path}: {message}" in fails(path)
    assert PracticePage.objects.count() == 0


def test_missing_file(tmp_path, frameworks):
    assert f"{tmp_path / 'nope.json'}: no such file" in fails(tmp_path / "nope.json")


def test_every_problem_is_reported_at_once(tmp_path, frameworks):
    records = [practice(level="x", start_year="y"), practice(external_id="b", countries=["Q"])]
    error = fails(write(tmp_path, {"practices": records}))
    assert error.startswith("Nothing was imported: 3 problems found.")
    assert "record 1 (external_id practice-wajir): level:" in error
    assert "record 1 (external_id practice-wajir): start_year:" in error
    assert "record 2 (external_id b): countries[1]: unknown country code 'Q'" in error


def test_failed_reimport_leaves_stored_practices_unchanged(tmp_path, frameworks):
    run(write(tmp_path, {"practices": [practice()]}))
    before = counts()
    records = [practice(title="Changed", countries=["UG"]), practice(external_id="b", level="?")]
    fails(write(tmp_path, {"practices": records}))
    page = PracticePage.objects.get()
    assert (page.title, page.country_codes) == ("Wajir women's peace committee", ["KE", "SO"])
    assert page.revisions.count() == 1
    assert counts() == before


def test_a_failure_while_writing_rolls_back_the_whole_file(tmp_path, frameworks, monkeypatch):
    """The checks should leave nothing for the models to reject; if they ever miss something,
    the records already written are rolled back too."""
    real_save_revision = PracticePage.save_revision
    calls = []

    def save_revision_failing_the_second_time(page, *args, **kwargs):
        calls.append(page.external_id)
        if len(calls) == 2:
            raise ValidationError({"title": "rejected by the model"})
        return real_save_revision(page, *args, **kwargs)

    monkeypatch.setattr(PracticePage, "save_revision", save_revision_failing_the_second_time)
    before = counts()
    error = fails(write(tmp_path, {"practices": [practice(), practice(external_id="b")]}))
    assert error.startswith("Nothing was imported:") and "rejected by the model" in error
    assert calls == ["practice-wajir", "b"]
    assert counts() == before


def test_provision_links_as_the_api_writes_them_import(tmp_path, framework_index, practice_index):
    """An API record's provision links carry their url; the import accepts and drops it."""

    provision = ProvisionFactory(code="1.1")
    record = practice(
        provisions=[
            {
                "framework": provision.framework.external_id,
                "code": "1.1",
                "relation": "implements",
                "url": "http://example.org/x/",
            }
        ],
        frameworks=[],
    )
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"practices": [record]}), encoding="utf-8")
    call_command("import_practices", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    page = PracticePage.objects.get(external_id=record["external_id"])
    assert [link.provision for link in page.provision_links.all()] == [provision]
