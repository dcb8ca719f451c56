"""NAP features by region and generation: shares equal to counts made by hand, unknown never
folded into no, only published plans, the CSV, hostile filters, and the real data."""

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

from wagtail.models import PageViewRestriction

import pytest

from insights.features import MEASURES, csv_rows, features, national_plans
from insights.stats import public_frameworks
from tests.factories import FrameworkPageFactory
from tests.utils import shared_rows

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2] / "data" / "frameworks"
URL = "/frameworks/features/"


def build_plans():
    FrameworkPageFactory(
        title="Kenya 1",
        country="KE",
        generation=1,
        budget="allocated",
        me_framework="yes",
        civil_society_roles=["drafting", "monitoring"],
        lead_institution="Ministry of Gender, Children and Social Protection",
        pillars=["prevention", "participation"],
    )
    FrameworkPageFactory(
        title="Kenya 2",
        country="KE",
        generation=2,
        budget="not-allocated",
        civil_society_roles_known=True,  # sources say civil society had no role
    )
    FrameworkPageFactory(
        title="Uganda 1",
        country="UG",
        generation=1,
        me_framework="no",
        lead_institution="Ministère des Affaires étrangères",
        pillars=["protection"],
    )
    FrameworkPageFactory(
        title="France 4",
        country="FR",
        generation=4,
        agendas=["WPS", "YPS"],
        budget="allocated",
        me_framework="yes",
        civil_society_roles=["implementation"],
        lead_institution="Ministerio de Defensa",
        pillars=["prevention"],
    )
    # Not counted: a draft, a private plan, a regional plan.
    FrameworkPageFactory(title="Nepal draft", country="NP", live=False, budget="allocated")
    private = FrameworkPageFactory(title="Private", country="NP", budget="allocated")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    FrameworkPageFactory(title="AU strategy", kind="rap", country="", budget="allocated")


def counts(rows, label, measure):
    row = next(row for row in rows if row["label"] == label)
    return row["n"], dict(row["counts"][measure])


@pytest.fixture(scope="class")
def plan_rows(django_db_setup, django_db_blocker):
    """The plans, made once for the class: its tests only read them (a test that writes has its
    changes rolled back after it); rolled back after the class, before the real data's test."""
    yield from shared_rows(django_db_blocker, build_plans)


@pytest.fixture
def plans(db, plan_rows):
    return plan_rows


class TestSamplePlans:
    def test_shares_by_region_equal_counts_made_by_hand(self, plans):
        result = features(national_plans(public_frameworks()))
        rows = result["by_region"]
        assert result["n"] == 4
        assert [row["label"] for row in rows] == [
            "Africa",
            "Europe and Central Asia",
            "All national plans",
        ]
        assert counts(rows, "Africa", "budget") == (
            3,
            {"allocated": 1, "not-allocated": 1, "unknown": 1},
        )
        assert counts(rows, "Africa", "me-framework") == (3, {"yes": 1, "unknown": 1, "no": 1})
        # Kenya 2's roles are known to be none (no); Uganda's are unknown, never no.
        assert counts(rows, "Africa", "civil-society-drafting")[1] == {
            "yes": 1,
            "no": 1,
            "unknown": 1,
        }
        assert counts(rows, "Africa", "civil-society-implementation")[1] == {"no": 2, "unknown": 1}
        assert counts(rows, "Africa", "lead-institution")[1] == {
            "gender": 1,
            "unknown": 1,
            "foreign-affairs": 1,
        }
        assert counts(rows, "Africa", "pillar-prevention")[1] == {"yes": 1, "no": 1, "unknown": 1}
        assert counts(rows, "Europe and Central Asia", "lead-institution") == (1, {"defence": 1})
        assert counts(rows, "All national plans", "budget") == (
            4,
            {"allocated": 2, "not-allocated": 1, "unknown": 1},
        )

    def test_by_generation_latest_plan_and_filters(self, plans):
        by_generation = features(national_plans(public_frameworks()))["by_generation"]
        assert [(row["label"], row["n"]) for row in by_generation] == [
            ("1st plan", 2),
            ("2nd plan", 1),
            ("4th or later", 1),
            ("All national plans", 4),
        ]
        assert counts(by_generation, "1st plan", "me-framework")[1] == {"yes": 1, "no": 1}
        latest = national_plans(public_frameworks(), latest=True)
        assert sorted(plan.title for plan in latest) == ["France 4", "Kenya 2", "Uganda 1"]
        first = national_plans(public_frameworks(), generation="1")
        assert sorted(plan.title for plan in first) == ["Kenya 1", "Uganda 1"]
        yps = national_plans(public_frameworks(), agenda="YPS")
        assert [plan.title for plan in yps] == ["France 4"]

    def test_page_draws_a_chart_and_a_table_per_feature(self, client, plans):
        response = client.get(URL)
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count('<svg class="chart stacked-chart"') == len(MEASURES)
        assert "Africa (3 plans)" in html
        assert "Europe and Central Asia (1 plan)" in html
        budget = re.search(r'<caption id="budget-by-region">.*?</table>', html, re.S).group(0)
        assert (
            '<tr><th scope="row">Africa</th><td>1 (33%)</td><td>1 (33%)</td><td>1 (33%)</td>'
            "<td>3</td></tr>" in budget
        )
        assert (
            '<tr><th scope="row">All national plans</th><td>2 (50%)</td><td>1 (25%)</td>'
            "<td>1 (25%)</td><td>4</td></tr>" in budget
        )
        assert '<th scope="row">4th or later</th>' in html
        for hidden in ("Nepal", "Private", "AU strategy"):
            assert hidden not in html
        assert "<script" not in html

    def test_csv_has_the_same_figures(self, client, plans):
        response = client.get(URL, {"format": "csv", "plans": "latest"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        lines = list(csv.reader(io.StringIO(response.content.decode())))
        assert lines[0] == [
            "grouping",
            "group",
            "measure",
            "category",
            "plans",
            "n",
            "share_percent",
        ]
        table = {tuple(line[:4]): line[4:] for line in lines[1:]}
        # Latest plans: Kenya 2 (not allocated), Uganda 1 (unknown), France 4 (allocated).
        assert table[("region", "Africa", "budget", "not-allocated")] == ["1", "2", "50"]
        assert table[("region", "Africa", "budget", "unknown")] == ["1", "2", "50"]
        assert table[("region", "All national plans", "budget", "allocated")] == ["1", "3", "33"]
        assert table[("generation", "2nd plan", "lead-institution", "unknown")] == ["1", "1", "100"]
        assert (
            len(lines) - 1 == len(list(csv_rows(features(national_plans(public_frameworks()))))) - 1
        )

    @pytest.mark.parametrize(
        "query",
        [
            "agenda=XX",
            "generation=999999999999",
            "generation=%00",
            "plans=<script>",
            "agenda=WPS&agenda=%27%20OR%201=1",
        ],
    )
    def test_hostile_filters_are_refused_plainly(self, client, plans, query):
        response = client.get(f"{URL}?{query}")
        assert response.status_code == 400
        assert "not one of the choices offered" in response.content.decode()
        assert "Africa (3 plans)" in response.content.decode()  # the unfiltered figures
        response = client.get(f"{URL}?{query}&format=csv")
        assert response.status_code == 400
        assert response.content.decode().startswith("Bad parameter")

    def test_empty_selection_draws_no_plan_bars(self, client, plans):
        response = client.get(URL, {"agenda": "SP"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "All national plans (0 plans)" in html
        assert "no plan" in html

    def test_linked_from_the_frameworks_listing_and_the_home_page(self, client, plans):
        for page in ("/", "/frameworks/"):
            assert f'href="{URL}"' in client.get(page).content.decode()


@pytest.mark.data
def test_real_data_figures_equal_counts_from_the_files(client, real_frameworks):
    # data/frameworks imported (once per test process).
    naps = [
        record
        for path in DATA.glob("*.json")
        for record in json.loads(path.read_text(encoding="utf-8"))["frameworks"]
        if record["kind"] == "nap"
    ]
    response = client.get(URL, {"format": "csv"})
    assert response.status_code == 200
    table = {
        tuple(line[:4]): line[4:] for line in csv.reader(io.StringIO(response.content.decode()))
    }
    n = str(len(naps))
    budgets = Counter(record.get("budget") or "unknown" for record in naps)
    for code in ("allocated", "not-allocated", "unknown"):
        assert table[("region", "All national plans", "budget", code)][:2] == [
            str(budgets[code]),
            n,
        ]
    monitoring = Counter(
        "unknown"
        if record.get("civil_society_roles") is None
        else "yes"
        if "monitoring" in record["civil_society_roles"]
        else "no"
        for record in naps
    )
    for code in ("yes", "no", "unknown"):
        row = table[("generation", "All national plans", "civil-society-monitoring", code)]
        assert row[:2] == [str(monitoring[code]), n]
    firsts = sum(1 for record in naps if record.get("generation") == 1)
    assert table[("generation", "1st plan", "budget", "allocated")][1] == str(firsts)
    assert client.get(URL).status_code == 200
