"""Coverage and gaps: which provisions have a published practice linked, on framework pages,
country profiles and the registry-wide /frameworks/gaps/, counted by hand from the fixture below.

Kenya NAP: 1.1 (implements x2, complements), 1.2 (implements), 1.3 (only a draft practice), 1.4.
Resolution 1325: 1 (monitors), 2. Yemen NAP (YPS): A. Covered: 1.1, 1.2, 1 ; gaps: 1.3, 1.4, 2, A.
"""

import csv
import io

import pytest

from core.vocabulary import FrameworkKind
from frameworks.models import Provision
from practices.coverage import coverage, coverage_by_framework
from tests.factories import FrameworkPageFactory, PracticePageFactory, ProvisionFactory, draft
from tests.utils import fresh, shared_rows

pytestmark = pytest.mark.django_db


def build_plans():
    kenya = FrameworkPageFactory(title="Kenya NAP", country="KE", agendas=["WPS"])
    resolution = FrameworkPageFactory(
        title="Resolution 1325",
        kind=FrameworkKind.GLOBAL,
        country="",
        generation=None,
        agendas=["WPS"],
    )
    yemen = FrameworkPageFactory(title="Yemen NAP", country="YE", agendas=["YPS"])
    p = {
        "1.1": ProvisionFactory(framework=kenya, code="1.1", pillar="participation"),
        "1.2": ProvisionFactory(framework=kenya, code="1.2", pillar="protection"),
        "1.3": ProvisionFactory(
            framework=kenya, code="1.3", pillar="prevention", text="=HYPERLINK(1) drafted"
        ),
        "1.4": ProvisionFactory(framework=kenya, code="1.4", pillar="participation"),
        "1": ProvisionFactory(framework=resolution, code="1", pillar="participation"),
        "2": ProvisionFactory(framework=resolution, code="2", pillar="protection"),
        "A": ProvisionFactory(framework=yemen, code="A", pillar="prevention"),
    }
    PracticePageFactory(
        title="Mediators", provisions=[(p["1.1"], "implements"), (p["1"], "monitors")]
    )
    PracticePageFactory(
        title="Committees", provisions=[(p["1.1"], "complements"), (p["1.2"], "implements")]
    )
    PracticePageFactory(title="Radio", provisions=[(p["1.1"], "implements")])
    # A practice taken back to draft (in review, withdrawn) never counts: 1.3 stays a gap.
    draft(PracticePageFactory(title="Withdrawn", provisions=[(p["1.3"], "implements")]))
    return {"kenya": kenya, "resolution": resolution, "yemen": yemen, **p}


@pytest.fixture(scope="module")
def plan_rows(django_db_setup, django_db_blocker):
    """The plans and practices, made once for the module: every test here reads them (a test
    that writes has its changes rolled back after it)."""
    yield from shared_rows(django_db_blocker, build_plans)


@pytest.fixture
def plans(db, plan_rows):
    return fresh(plan_rows)


RELATIONS_NONE = {"implements": 0, "complements": 0, "monitors": 0, "advocates-for": 0}


def test_counts_a_provision_once_overall_and_once_per_relation(plans):
    kenya = coverage(plans["kenya"].provisions.all())
    assert (kenya.provisions, kenya.covered, kenya.gaps) == (4, 2, 2)
    assert kenya.by_relation == {**RELATIONS_NONE, "implements": 2, "complements": 1}
    assert kenya.practice_counts == {plans["1.1"].pk: 3, plans["1.2"].pk: 1}
    assert sorted(kenya.gap_ids) == sorted([plans["1.3"].pk, plans["1.4"].pk])

    everything = coverage(Provision.objects.all())
    assert (everything.provisions, everything.covered) == (7, 3)
    assert everything.by_relation == {
        **RELATIONS_NONE,
        "implements": 2,
        "complements": 1,
        "monitors": 1,
    }
    by_framework = coverage_by_framework(Provision.objects.all())
    assert by_framework[plans["resolution"].pk].as_data() == {
        "provisions": 2,
        "covered": 1,
        "by_relation": {**RELATIONS_NONE, "monitors": 1},
    }
    assert by_framework[plans["yemen"].pk].covered == 0


def test_framework_page_shows_its_coverage_and_links_its_gaps(client, plans):
    html = client.get(plans["kenya"].url).content.decode()
    assert "<strong>2 of 4</strong> provisions have at least one local practice" in html
    block = html.split('id="coverage"')[1]
    assert '<th scope="row">Implements</th><td>2 of 4</td>' in block
    assert '<th scope="row">Complements</th><td>1 of 4</td>' in block
    assert '<th scope="row">Monitors</th><td>0 of 4</td>' in block
    gaps = block.split("Gaps: no local practice yet")[1].split("</ul>")[0]
    assert plans["1.3"].url in gaps and plans["1.4"].url in gaps
    assert plans["1.1"].url not in gaps and plans["1.2"].url not in gaps
    assert "/frameworks/gaps/" in block

    resolution = client.get(plans["resolution"].url).content.decode()
    assert "<strong>1 of 2</strong> provisions has at least one local practice" in resolution


def test_framework_without_provisions_shows_no_coverage_block(client, plans):
    empty = FrameworkPageFactory(title="Mali NAP", country="ML")
    html = client.get(empty.url).content.decode()
    assert 'id="coverage"' not in html


def test_country_profile_shows_the_coverage_of_its_plans(client, plans):
    html = client.get("/countries/KE/").content.decode()
    assert "<strong>2 of 4</strong> provisions of its plans have" in html
    gaps = html.split("Gaps: no local practice yet")[1].split("</ul>")[0]
    assert plans["1.3"].url in gaps and plans["1.4"].url in gaps
    assert plans["2"].url not in gaps  # the resolution is not Kenya's plan
    assert 'href="/frameworks/gaps/?country=KE"' in html
    # A country with no provisions entered has no coverage block.
    assert 'id="coverage"' not in client.get("/countries/ML/").content.decode()


def gap_codes(html):
    listed = html.split('id="gap-list"')[1]
    return sorted(
        code
        for code in ("1.1", "1.2", "1.3", "1.4", "1", "2", "A")
        if f'<span class="code">{code}</span>' in listed
    )


@pytest.mark.parametrize(
    ("params", "totals", "codes"),
    [
        ("", "<strong>3 of 7</strong>", ["1.3", "1.4", "2", "A"]),
        ("country=KE", "<strong>2 of 4</strong>", ["1.3", "1.4"]),
        ("country=ke", "<strong>2 of 4</strong>", ["1.3", "1.4"]),
        ("region=arab-states", "<strong>0 of 1</strong>", ["A"]),
        ("region=africa", "<strong>2 of 4</strong>", ["1.3", "1.4"]),
        ("agenda=YPS", "<strong>0 of 1</strong>", ["A"]),
        ("agenda=WPS&pillar=participation", "<strong>2 of 3</strong>", ["1.4"]),
        ("pillar=protection&pillar=prevention", "<strong>1 of 4</strong>", ["1.3", "2", "A"]),
    ],
)
def test_gaps_page_filters(client, plans, params, totals, codes):
    response = client.get(f"/frameworks/gaps/?{params}")
    assert response.status_code == 200
    html = response.content.decode()
    assert totals in html
    assert gap_codes(html) == codes


def test_gaps_are_grouped_by_framework_and_linked(client, plans):
    html = client.get("/frameworks/gaps/").content.decode()
    listed = html.split('id="gap-list"')[1]
    assert listed.index("Kenya NAP") < listed.index("Resolution 1325") < listed.index("Yemen NAP")
    assert f'href="{plans["kenya"].url}"' in listed
    assert f'href="{plans["A"].url}"' in listed
    assert "Withdrawn" not in html


@pytest.mark.parametrize(
    "params",
    [
        "country=ZZ",
        "pillar=%3Cscript%3E",
        "agenda=x&region=mars",
        "page=99999999999999999999999",
        "page=-1",
        "country=%00ZZ",
        "pillar=" + "p" * 5000,
    ],
)
def test_gaps_page_survives_hostile_params(client, plans, params):
    response = client.get(f"/frameworks/gaps/?{params}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html
    if "page" not in params:
        assert "Not a known filter value, ignored" in html
        assert "<strong>3 of 7</strong>" in html


def test_gaps_page_is_paginated_keeping_its_filters(client, plans):
    kenya = plans["kenya"]
    for n in range(60):
        ProvisionFactory(framework=kenya, code=f"9.{n}", pillar="participation")
    first = client.get("/frameworks/gaps/?country=KE").content.decode()
    assert "Page 1 of 2" in first
    assert "country=KE&amp;page=2" in first
    second = client.get("/frameworks/gaps/?country=KE&page=2").content.decode()
    assert "Page 2 of 2" in second
    assert second.count("<li><a href=") >= 12  # 62 gaps, 50 a page


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_gaps_csv_has_the_filtered_rows_and_defuses_formulas(client, plans):
    rows = read_csv(client.get("/frameworks/gaps.csv"))
    assert [(r["framework_title"], r["provision_code"]) for r in rows] == [
        ("Kenya NAP", "1.3"),
        ("Kenya NAP", "1.4"),
        ("Resolution 1325", "2"),
        ("Yemen NAP", "A"),
    ]
    assert rows[0]["text"] == "'=HYPERLINK(1) drafted"
    assert rows[0]["provision_url"] == f"http://testserver{plans['1.3'].url}"
    filtered = read_csv(client.get("/frameworks/gaps/?format=csv&country=KE&pillar=participation"))
    assert [r["provision_code"] for r in filtered] == ["1.4"]
    assert read_csv(client.get("/frameworks/gaps.csv?country=ZZ&page=x"))  # ignored, not a 500


def test_frameworks_listing_links_the_gaps(client, plans, framework_index):
    assert "/frameworks/gaps/" in client.get(framework_index.url).content.decode()


def test_a_practice_behind_a_login_does_not_cover_a_provision(plans):
    from wagtail.models import PageViewRestriction

    private = PracticePageFactory(title="Private", provisions=[(plans["1.4"], "implements")])
    assert coverage(plans["kenya"].provisions.all()).covered == 3
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    kenya = coverage(plans["kenya"].provisions.all())
    assert kenya.covered == 2
    assert plans["1.4"].pk in kenya.gap_ids


def test_a_framework_cannot_take_the_address_of_the_gaps_page(plans):
    from django.core.exceptions import ValidationError

    framework = plans["yemen"]
    framework.slug = "gaps"
    with pytest.raises(ValidationError) as error:
        framework.full_clean()
    assert "slug" in error.value.message_dict
