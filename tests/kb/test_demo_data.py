"""The demo's data files, read without a database: on a fresh `make run` a visitor can go from a
provision of Kenya's plan, of Sierra Leone's plan and of resolution 1325 to a sample practice
linked to it (two clicks: the provision, then the practice), because the sample practices link
provisions that the framework files really contain."""

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data"


def provisions_in_framework_files():
    """{framework external_id: {provision codes}} over every framework file setup_demo loads."""
    codes = {}
    for path in sorted((DATA / "frameworks").glob("*.json")):
        for record in json.loads(path.read_text("utf-8"))["frameworks"]:
            codes[record["external_id"]] = {p["code"] for p in record.get("provisions") or []}
    return codes


def sample_links():
    """(framework external_id, provision code, practice external_id) of every editorial link."""
    practices = json.loads((DATA / "practices-sample.json").read_text("utf-8"))["practices"]
    return [
        (link["framework"], link["code"], practice["external_id"])
        for practice in practices
        for link in practice.get("provisions") or []
    ]


def test_every_sample_link_names_a_provision_the_framework_files_contain():
    codes = provisions_in_framework_files()
    links = sample_links()
    assert len(links) == 24
    missing = [(f, c) for f, c, _ in links if c not in codes.get(f, set())]
    assert missing == []


def test_every_link_of_the_practices_in_other_languages_names_a_provision():
    codes = provisions_in_framework_files()
    practices = json.loads((DATA / "practices-languages.json").read_text("utf-8"))["practices"]
    links = [(link["framework"], link["code"]) for p in practices for link in p["provisions"]]
    assert len(links) == 17
    assert [(f, c) for f, c in links if c not in codes.get(f, set())] == []
    languages = [p["language"] for p in practices]
    assert {language: languages.count(language) for language in set(languages)} == {
        "fr": 3,
        "es": 3,
        "ar": 4,
    }
    assert all(p["sources"] and len(p["summary"]) <= 300 for p in practices)


@pytest.mark.parametrize(
    "framework, country",
    [("nap-ke-", "KE"), ("nap-sl-", "SL"), ("s-res-1325-2000", None)],
)
def test_kenya_sierra_leone_and_1325_have_provisions_with_linked_practices(framework, country):
    codes = provisions_in_framework_files()
    linked = {
        (f, c) for f, c, _ in sample_links() if f.startswith(framework) and c in codes.get(f, set())
    }
    assert linked, f"no sample practice is linked to a provision of {framework}"
    if country:
        records = [
            record
            for path in (DATA / "frameworks").glob("*.json")
            for record in json.loads(path.read_text("utf-8"))["frameworks"]
        ]
        countries = {record["external_id"]: record.get("country") for record in records}
        assert {countries[f] for f, _ in linked} == {country}


def test_the_linked_paths_of_the_demo_are_these():
    """Made by hand from the files: Kenya's second plan, provision 1; Sierra Leone's first plan,
    provisions 1[a] and 1[b]; resolution 1325, paragraph 8 (two practices)."""
    by_provision = {}
    for framework, code, practice in sample_links():
        by_provision.setdefault((framework, code), []).append(practice)
    assert by_provision[("nap-ke-2", "1")] == [
        "practice-kenya-county-action-plans-localising-the-second-na"
    ]
    assert by_provision[("nap-sl-1", "1[a]")] == [
        "practice-sierra-leone-district-workshops-folding-the-nation"
    ]
    assert by_provision[("nap-sl-1", "1[b]")] == [
        "practice-sierra-leone-district-workshops-folding-the-nation"
    ]
    assert sorted(by_provision[("s-res-1325-2000", "8")]) == [
        "practice-colombian-women-s-peace-platforms-and-the-2013-nat",
        "practice-northern-ireland-women-s-coalition-in-the-good-fri",
    ]
