"""An organisation has a name; a practice's credit line ("GNWP with …") is separate text."""

import io
import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import Client

import pytest

from core.text import split_credit
from members.forms import MemberDetailsForm
from practices.exchange import practice_record
from practices.models import Organisation, PracticePage
from tests.factories import frameworks_linked_from

SAMPLE_FILE = Path(settings.KB_DATA_DIR) / "practices-sample.json"


@pytest.mark.parametrize(
    ("text", "names", "credited"),
    [
        (
            "USIP with youth-led community organisations (e.g., Lonamac, Manyatta Youth)",
            ["USIP"],
            True,
        ),
        (
            "Global Network of Women Peacebuilders (GNWP) and national member organisations",
            ["Global Network of Women Peacebuilders (GNWP)"],
            True,
        ),
        (
            "Wajir Women Association for Peace; Wajir Peace and Development Committee",
            ["Wajir Women Association for Peace", "Wajir Peace and Development Committee"],
            False,
        ),
        ("Food4Humanity (founded by Muna Luqman)", ["Food4Humanity"], True),
        (
            "Northern Ireland Women's Coalition (NIWC)",
            ["Northern Ireland Women's Coalition (NIWC)"],
            False,
        ),
        (
            "Women Network for Peace (later AFAPD), set up with UN Women",
            ["Women Network for Peace"],
            True,
        ),
        ("femLINKpacific", ["femLINKpacific"], False),
    ],
)
def test_split_credit(text, names, credited):
    assert split_credit(text) == (names, text if credited else "")


def write(tmp_path, records):
    path = tmp_path / "practices.json"
    path.write_text(json.dumps({"practices": records}), "utf-8")
    return path


def record(**changes):
    return {
        "external_id": "practice-credit",
        "title": "Youth and women against violence",
        "summary": "Youth-led groups and women mediate in Mombasa.",
        "description": "Monthly dialogues between youth groups, women and the police.",
        "organisations": [
            "USIP with youth-led community organisations (e.g., Lonamac, Manyatta Youth)"
        ],
        "countries": ["KE"],
        **changes,
    }


def run(path):
    call_command("import_practices", str(path), stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db
def test_importer_splits_the_credit_and_export_round_trips(tmp_path, practice_index):
    run(write(tmp_path, [record()]))
    page = PracticePage.objects.get()
    assert [o.name for o in page.organisations] == ["USIP"]
    assert page.credit_line.startswith("USIP with youth-led community organisations")
    assert list(Organisation.objects.values_list("name", flat=True)) == ["USIP"]
    # Importing again (same sources' file) changes nothing; nor does importing the export,
    # whose organisation names are kept as they are.
    run(write(tmp_path, [record()]))
    exported = [practice_record(PracticePage.objects.get(), include_private=True)]
    assert exported[0]["organisations"] == ["USIP"]
    assert exported[0]["credit_line"] == page.credit_line
    run(write(tmp_path, exported))
    page = PracticePage.objects.get()
    assert [o.name for o in page.organisations] == ["USIP"]
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_an_exported_name_with_a_comma_is_not_split(tmp_path, practice_index):
    run(
        write(
            tmp_path,
            [record(organisations=["Women in Peacebuilding Network, WANEP"], credit_line=None)],
        )
    )
    page = PracticePage.objects.get()
    assert [o.name for o in page.organisations] == ["Women in Peacebuilding Network, WANEP"]
    assert page.credit_line == ""


@pytest.mark.django_db
def test_credit_line_is_withheld_with_the_organisations(tmp_path, practice_index):
    run(
        write(
            tmp_path, [record(safety={"withhold_organisation": True, "country_level_only": False})]
        )
    )
    page = PracticePage.objects.get()
    assert page.credit_line  # stored for the editors
    client = Client()
    html = client.get(page.url).content.decode()
    assert "youth-led community" not in html and "USIP" not in html
    api = client.get("/api/v1/practices/").json()
    assert api["results"][0]["credit_line"] is None
    assert "USIP" not in json.dumps(api)
    public = practice_record(PracticePage.objects.get())
    assert "credit_line" not in public


@pytest.mark.django_db
def test_credit_line_shown_on_the_page_and_in_the_api(tmp_path, practice_index):
    run(write(tmp_path, [record()]))
    page = PracticePage.objects.get()
    html = Client().get(page.url).content.decode()
    assert "<dt>With</dt><dd>USIP with youth-led community organisations" in html, html[
        html.find("<dl") : html.find("</dl>")
    ]
    result = Client().get("/api/v1/practices/").json()["results"][0]
    assert result["organisations"] == ["USIP"]
    assert result["credit_line"].startswith("USIP with youth-led")


@pytest.mark.django_db
@pytest.mark.data
def test_signup_lists_organisations_not_credit_lines(framework_index, practice_index):
    frameworks_linked_from(SAMPLE_FILE)
    run(SAMPLE_FILE)
    names = [o.name for o in MemberDetailsForm().fields["organisation"].queryset]
    assert "USIP" in names and "GNWP" in names
    for name in names:
        assert " with " not in name and "(e.g." not in name and "(founded" not in name, name
