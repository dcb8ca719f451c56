"""Comparing two to four NAPs: facts side by side, missing facts unknown and never 'no'."""

import re

import pytest

from tests.factories import FrameworkPageFactory, PracticePageFactory, ProvisionFactory

pytestmark = pytest.mark.django_db


def table_rows(html):
    rows = {}
    for label, cells in re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', html, re.S):
        rows[label] = re.findall(r"<td>(.*?)</td>", cells, re.S)
    return rows


def test_comparison_shows_known_facts_and_unknown_for_missing_ones(client, home_page):
    known = FrameworkPageFactory(
        title="Kenya NAP 2",
        country="KE",
        generation=2,
        start_year=2020,
        end_year=2024,
        lead_institution="State Department for Gender",
        budget="not-allocated",
        me_framework="no",
        civil_society_roles=["drafting", "monitoring"],
        pillar_labels="Prevention\nParticipation",
        document_url="https://example.org/kenya-nap.pdf",
    )
    bare = FrameworkPageFactory(title="Nepal NAP 1", country="NP", generation=None)
    none = FrameworkPageFactory(
        title="Uganda NAP 3",
        country="UG",
        civil_society_roles_known=True,
        document_url="https://example.org/uganda-nap.pdf",
    )
    provision = ProvisionFactory(framework=known, code="2.3")
    PracticePageFactory(provisions=[(provision, "implements")])
    PracticePageFactory(provisions=[(provision, "monitors")], live=False)

    response = client.get(f"/frameworks/compare/?nap={known.pk}&nap={bare.pk}&nap={none.pk}")
    assert response.status_code == 200
    rows = table_rows(response.content.decode())
    text = [re.sub(r"<[^>]+>", "", v) for v in rows["The plan&#x27;s text"]]
    assert text == ["Read it: Kenya NAP 2", "Unknown", "Read it: Uganda NAP 3"]
    assert 'href="https://example.org/kenya-nap.pdf"' in rows["The plan&#x27;s text"][0]
    assert rows["Civil-society role"][2] == "None, according to the sources"
    rows = {name: values[:2] for name, values in rows.items()}
    assert rows["Period"] == ["2020–2024", "Unknown"]
    assert rows["Generation"] == ["2", "Unknown"]
    assert rows["Lead institution"] == ["State Department for Gender", "Unknown"]
    assert rows["Pillars"] == ["Prevention; Participation", "Unknown"]
    assert rows["Budget"] == ["Not allocated", "Unknown"]
    assert rows["Monitoring and evaluation framework"] == ["No", "Unknown"]
    assert rows["Civil-society role"] == ["Drafting, Monitoring", "Unknown"]
    assert rows["Provisions in the registry"] == ["1", "None entered yet"]
    assert rows["Linked practices"] == ["1", "0"]  # the draft practice does not count
    for values in rows.values():
        assert values[1] != "No"


def test_comparison_needs_two_to_four_published_plans(client, home_page):
    plans = [FrameworkPageFactory(country="KE", generation=n) for n in range(1, 6)]
    draft_plan = FrameworkPageFactory(country="UG", live=False)
    one = client.get(f"/frameworks/compare/?nap={plans[0].pk}")
    assert one.status_code == 400
    assert "Choose at least two plans" in one.content.decode()

    five = client.get("/frameworks/compare/?" + "&".join(f"nap={p.pk}" for p in plans))
    assert five.status_code == 200
    html = five.content.decode()
    assert "Choose at most 4 plans" in html
    assert "4 national action plans compared" in html

    hidden = client.get(f"/frameworks/compare/?nap={plans[0].pk}&nap={draft_plan.pk}")
    assert hidden.status_code == 400
    assert draft_plan.title not in hidden.content.decode()
    assert client.get("/frameworks/compare/?nap=abc&nap=%00").status_code == 400
    assert client.get("/frameworks/compare/").status_code == 200
