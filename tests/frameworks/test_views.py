import re

import pytest

from tests.factories import FrameworkPageFactory, PracticePageFactory, ProvisionFactory, draft

pytestmark = pytest.mark.django_db


def test_framework_page_groups_provisions_by_pillar_with_linked_practices(
    client, framework_index, practice_index
):
    framework = FrameworkPageFactory(title="Kenya NAP (2)", country="KE", start_year=2020)
    participation = ProvisionFactory(framework=framework, code="1.1", pillar="participation")
    ProvisionFactory(framework=framework, code="2.1", pillar="prevention", text="Early warning.")
    ProvisionFactory(framework=framework, code="3.1", pillar="coordination", text="Coordinate.")
    practice = PracticePageFactory(
        title="Women mediators of Wajir", provisions=[(participation, "implements")]
    )
    html = client.get(framework.url).content.decode()
    assert "<h1>Kenya NAP (2)</h1>" in html
    assert "<h3>Participation</h3>" in html
    assert "<h3>Prevention</h3>" in html
    assert "<h3>Coordination</h3>" in html  # a plan's own pillar label is kept
    participation_section = html.split("<h3>Participation</h3>")[1].split("<h3>")[0]
    assert practice.title in participation_section
    assert "Kenya" in html


def test_provision_page_has_a_stable_url_and_its_practices(client, framework_index, practice_index):
    provision = ProvisionFactory(code="2.3", text="Fund women's peace huts.")
    practice = PracticePageFactory(title="Peace huts", provisions=[(provision, "complements")])
    response = client.get(provision.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Provision 2.3</h1>" in html
    assert "Fund women&#x27;s peace huts." in html
    assert "Peace huts" in html and "Complements" in html
    assert practice.url in html
    assert client.get(provision.framework.url + "provisions/no-such-code/").status_code == 404


def test_provision_page_leads_back_to_its_plans_coverage_and_gaps(client, framework_index):
    plan = FrameworkPageFactory(title="Sierra Leone NAP (1)", country="SL")
    provision = ProvisionFactory(framework=plan, code="1[b]")
    html = client.get(provision.url).content.decode()
    assert f'<a href="{plan.url}#coverage">Coverage and gaps of Sierra Leone NAP (1)</a>' in html
    assert 'id="coverage"' in client.get(plan.url).content.decode()


def test_framework_listing_groups_by_kind_and_filters(client, framework_index):
    FrameworkPageFactory(title="Kenya NAP (1)", kind="nap", country="KE")
    FrameworkPageFactory(title="S/RES/1325 (2000)", kind="global", country="", adopted_year=2000)
    html = client.get("/frameworks/").content.decode()
    assert "National action plan (1)" in html and "Global resolution" in html
    only_global = client.get("/frameworks/?kind=global").content.decode()
    assert "S/RES/1325" in only_global and "Kenya NAP (1)" not in only_global
    assert client.get("/frameworks/?kind=<script>").status_code == 200


def test_unpublished_framework_is_hidden(client, framework_index):
    hidden = draft(FrameworkPageFactory(title="Draft plan in development"))
    assert "Draft plan in development" not in client.get("/frameworks/").content.decode()
    assert client.get(f"/frameworks/{hidden.slug}/").status_code == 404


def facts_shown(html):
    """{term: description} of the framework page's facts list, tags stripped."""
    facts = html.split('<dl class="facts">')[1].split("</dl>")[0]
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", facts, re.S)
    return {term: re.sub(r"<[^>]+>", "", value).strip() for term, value in pairs}


def test_framework_page_shows_unknown_facts_as_unknown_never_no(client, framework_index):
    framework = FrameworkPageFactory(title="Nepal NAP", country="NP")
    facts = facts_shown(client.get(framework.url).content.decode())
    assert facts["Budget"] == "Unknown"
    assert facts["Monitoring and evaluation framework"] == "Unknown"
    assert facts["Civil society role"] == "Unknown"
    assert facts["The plan's text"] == "Unknown"
    assert "No" not in facts.values()
    assert not any(value.startswith("None") for value in facts.values())


def test_framework_page_shows_known_facts_and_the_document_link(client, framework_index):
    framework = FrameworkPageFactory(
        title="Kenya NAP",
        country="KE",
        budget="not-allocated",
        me_framework="no",
        civil_society_roles_known=True,
        document_url="https://example.org/kenya-nap.pdf",
    )
    html = client.get(framework.url).content.decode()
    facts = facts_shown(html)
    assert facts["Budget"] == "Not allocated"
    assert facts["Monitoring and evaluation framework"] == "No"
    assert facts["Civil society role"] == "None, according to the sources"
    assert facts["The plan's text"] == "https://example.org/kenya-nap.pdf"
    assert 'href="https://example.org/kenya-nap.pdf"' in html

    framework.civil_society_roles = ["monitoring", "implementation"]
    framework.save_revision().publish()
    facts = facts_shown(client.get(framework.url).content.decode())
    assert facts["Civil society role"] == "Implementation, Monitoring"
