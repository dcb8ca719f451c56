"""CSV export of listing results: /practices/export.csv?<the listing's parameters>."""

import csv
import io

import pytest

from api import exports
from tests.factories import (
    FrameworkPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    ProvisionFactory,
    draft,
)

pytestmark = pytest.mark.django_db


def export(client, params="", status=200):
    response = client.get("/practices/export.csv?" + params)
    assert response.status_code == status
    if status != 200:
        return response
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="practices.csv"'
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=60"
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())  # spreadsheets then read it as UTF-8
    text = raw.decode("utf-8")[1:]
    rows = list(csv.DictReader(io.StringIO(text)))
    return response, rows


@pytest.fixture
def practices(practice_index, framework_index):
    framework = FrameworkPageFactory(external_id="nap-ci-1", country="CI")
    provision = ProvisionFactory(framework=framework, code="2.3")
    return {
        "ivoire": PracticePageFactory(
            title="Peace huts of Côte d'Ivoire",
            summary="Women hold dialogues; everyone comes.",
            countries=["CI", "SN"],
            agendas=["WPS", "YPS"],
            themes=["mediation", "reconciliation"],
            organisations=[OrganisationFactory(name="Femmes pour la paix")],
            provisions=[(provision, "implements")],
            start_year=2015,
            contact_email="private@example.org",
        ),
        "withheld": PracticePageFactory(
            title="Shelters in Yemen",
            countries=["YE"],
            organisations=[OrganisationFactory(name="Never Named Org")],
            withhold_organisation=True,
        ),
        "draft": draft(PracticePageFactory(title="Draft practice in moderation")),
    }


def test_columns_and_values(client, practices):
    _, rows = export(client, "sort=title")
    assert list(rows[0]) == list(exports.COLUMNS)
    assert [row["title"] for row in rows] == ["Peace huts of Côte d'Ivoire", "Shelters in Yemen"]
    ivoire = rows[0]
    page = practices["ivoire"]
    assert ivoire["id"] == str(page.pk)
    assert ivoire["url"] == f"http://testserver{page.url}"
    assert ivoire["organisations"] == "Femmes pour la paix"
    assert ivoire["countries"] == "CI; SN"
    assert ivoire["region"] == "africa"
    assert ivoire["agendas"] == "WPS; YPS"
    assert ivoire["themes"] == "mediation; reconciliation"
    assert ivoire["start_year"] == "2015"
    assert ivoire["end_year"] == ""
    assert ivoire["provisions"] == "nap-ci-1 2.3 (implements)"
    assert ivoire["provision_urls"].startswith("http://testserver/frameworks/")
    assert rows[1]["organisations"] == ""


def test_rows_are_the_api_results_for_the_same_parameters(client, practices):
    for params in ("", "q=peace", "agenda=YPS", "country=YE", "sort=title&agenda=WPS"):
        _, rows = export(client, params)
        api = client.get("/api/v1/practices/?" + params).json()
        assert [row["id"] for row in rows] == [str(r["id"]) for r in api["results"]], params


def test_every_page_is_exported_whatever_page_was_asked(client, practice_index, monkeypatch):
    for n in range(5):
        PracticePageFactory(title=f"Practice {n}")
    monkeypatch.setattr(exports, "MAX_PAGE_SIZE", 2)  # three pages of two
    response, rows = export(client, "sort=title&page=2&page_size=1")
    assert [row["title"] for row in rows] == [f"Practice {n}" for n in range(5)]
    assert response["X-Result-Count"] == "5"
    assert not response.has_header("X-Export-Truncated")


def test_the_export_stops_at_its_cap_and_says_so(client, practice_index, monkeypatch):
    for n in range(5):
        PracticePageFactory(title=f"Practice {n}")
    monkeypatch.setattr(exports, "MAX_PAGE_SIZE", 2)
    monkeypatch.setattr(exports, "MAX_EXPORT_ROWS", 3)
    response, rows = export(client, "sort=title")
    assert len(rows) == 3
    assert response["X-Export-Truncated"] == "first 3 of 5 rows"


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_cells_are_never_formulas(client, practice_index, start):
    PracticePageFactory(
        title=f'{start}HYPERLINK("http://evil.example","x")',
        summary=f"{start}1+1",
        themes=[f"{start}cmd|' /C calc'!A0"],
    )
    _, (row,) = export(client)
    assert row["title"] == f'\'{start}HYPERLINK("http://evil.example","x")'
    assert row["summary"] == f"'{start}1+1"
    assert row["themes"] == f"'{start}cmd|' /C calc'!A0"


def test_safe_cell():
    assert exports.safe_cell("=SUM(A1)") == "'=SUM(A1)"
    assert exports.safe_cell("\t=1") == "'\t=1"
    assert exports.safe_cell("Peace = justice") == "Peace = justice"
    assert exports.safe_cell(2015) == 2015
    assert exports.safe_cell(None) == ""


def test_nothing_private_or_unpublished_is_exported(client, practices):
    for params in ("", "q=draft", "q=never+named", "country=YE"):
        response = client.get("/practices/export.csv?" + params)
        text = b"".join(response.streaming_content).decode()
        assert "Draft practice" not in text
        assert "Never Named" not in text
        assert "private@example.org" not in text


def test_bad_parameters_answer_400_in_plain_text(client, practices):
    response = export(client, "year_from=abc", status=400)
    assert response["Content-Type"].startswith("text/plain")
    assert "year_from" in response.content.decode()


def test_empty_result_is_a_header_row(client, practices):
    _, rows = export(client, "agenda=NONE")
    assert rows == []
