"""Suggested links between practices and provisions, and linking one from the admin."""

from django.urls import reverse

import pytest

from core.vocabulary import FrameworkKind
from search.service import get_engine
from search.suggestions import SuggestionSubject
from tests.factories import (
    FrameworkPageFactory,
    PracticePageFactory,
    ProvisionFactory,
    UserFactory,
    draft,
    editor,
)

pytestmark = pytest.mark.django_db


def related_provisions(practice):
    return get_engine().related_provisions(SuggestionSubject.from_practice(practice))


def related_practices(provision):
    return get_engine().related_practices(provision)


@pytest.fixture
def provisions(framework_index):
    kenya = FrameworkPageFactory(title="Kenya NAP", country="KE")
    uganda = FrameworkPageFactory(title="Uganda NAP", country="UG")
    resolution = FrameworkPageFactory(
        title="S/RES/2250", kind=FrameworkKind.GLOBAL, country="", external_id="s-res-2250"
    )
    return {
        "committees": ProvisionFactory(
            framework=kenya, code="1.1", text="Women sit on county peace committees."
        ),
        "budget": ProvisionFactory(
            framework=kenya, code="4.2", text="Allocate a budget line for gender desks."
        ),
        "uganda": ProvisionFactory(
            framework=uganda, code="1", text="Women sit on district peace committees."
        ),
        "youth": ProvisionFactory(
            framework=resolution, code="op1", text="Youth take part in peace committees."
        ),
    }


@pytest.fixture
def practice(practice_index, provisions):
    return PracticePageFactory(
        title="County peace committees with women members",
        summary="Women joined the peace committees of Isiolo county.",
        description="Committee members mediate grazing disputes.",
        countries=["KE"],
    )


def test_practice_gets_provisions_of_its_country_and_global_frameworks(practice, provisions):
    suggested = [s.item for s in related_provisions(practice)]
    assert suggested[0] == provisions["committees"]
    assert provisions["youth"] in suggested
    assert provisions["uganda"] not in suggested  # another country's plan
    assert provisions["budget"] not in suggested  # no word in common


def test_linked_provisions_are_not_suggested_again(practice, provisions):
    from practices.models import PracticeProvisionLink

    PracticeProvisionLink.objects.create(
        practice=practice, provision=provisions["committees"], relation="implements"
    )
    assert provisions["committees"] not in [s.item for s in related_provisions(practice)]


def test_provision_gets_published_practices_of_its_country(practice, provisions, practice_index):
    elsewhere = PracticePageFactory(
        title="Peace committees in Gulu", summary="Women peace committees.", countries=["UG"]
    )
    hidden = draft(
        PracticePageFactory(
            title="Draft peace committees", summary="Women peace committees.", countries=["KE"]
        )
    )
    suggested = [s.item for s in related_practices(provisions["committees"])]
    assert suggested == [practice]
    assert elsewhere not in suggested and hidden not in suggested
    # A global resolution's provision may suit practices anywhere.
    assert elsewhere in [s.item for s in related_practices(provisions["youth"])]


def test_pages_show_the_suggestions(client, practice, provisions):
    html = client.get(practice.url).content.decode()
    assert "Possibly related provisions" in html
    assert provisions["committees"].url in html
    html = client.get(provisions["committees"].url).content.decode()
    assert "Possibly related practices" in html and practice.url in html


def test_editor_links_a_suggestion_in_one_step(client, practice, provisions):
    client.force_login(editor())
    url = reverse("practice_suggestions", args=[practice.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Kenya NAP, 1.1" in page.content.decode()

    response = client.post(
        url, {"provision": provisions["committees"].pk, "relation": "implements"}
    )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert [(link.provision, link.relation) for link in practice.provision_links.all()] == [
        (provisions["committees"], "implements")
    ]
    assert not practice.has_unpublished_changes
    assert "Implements" in client.get(practice.url).content.decode()


def test_linking_keeps_other_unpublished_changes_unpublished(client, practice, provisions):
    practice.title = "A draft title in review"
    practice.save_revision()
    client.force_login(editor())
    client.post(
        reverse("practice_suggestions", args=[practice.pk]),
        {"provision": provisions["committees"].pk, "relation": "complements"},
    )
    practice.refresh_from_db()
    assert practice.title == "County peace committees with women members"
    assert practice.provision_links.count() == 0  # the live page is unchanged
    latest = practice.get_latest_revision_as_object()
    assert latest.title == "A draft title in review"
    assert [link.provision for link in latest.provision_links.all()] == [provisions["committees"]]


def test_members_and_bad_input_cannot_link(client, practice, provisions):
    url = reverse("practice_suggestions", args=[practice.pk])
    client.force_login(UserFactory(username="member"))
    assert client.post(url, {"provision": provisions["committees"].pk}).status_code == 302
    assert practice.provision_links.count() == 0
    client.force_login(editor())
    client.post(url, {"provision": provisions["committees"].pk, "relation": "owns"})
    for bad in ("x", "¹", "٣", "9" * 30):
        assert client.post(url, {"provision": bad, "relation": "implements"}).status_code == 404
    practice.refresh_from_db()
    assert practice.provision_links.count() == 0


def test_evaluation_counts_linked_provisions_among_the_top_suggestions(practice, provisions):
    import io

    from django.core.management import call_command

    from practices.models import PracticeFrameworkLink, PracticeProvisionLink

    PracticeProvisionLink.objects.create(
        practice=practice, provision=provisions["committees"], relation="implements"
    )
    other = PracticePageFactory(
        title="Gender desks", summary="Budget lines.", description="x", countries=["KE"]
    )
    PracticeProvisionLink.objects.create(
        practice=other, provision=provisions["uganda"], relation="implements"
    )
    # A practice linked to a framework as a whole has no linked provision to find: not counted.
    whole = PracticePageFactory(title="Whole plan", summary="Peace committees.", countries=["KE"])
    PracticeFrameworkLink.objects.create(practice=whole, framework=provisions["uganda"].framework)
    out = io.StringIO()
    call_command("evaluate_suggestions", stdout=out)
    lines = out.getvalue().splitlines()
    # The first practice finds its provision; the second links Uganda's plan, out of its reach.
    assert lines == [
        "editors and pages (the saved practice): a linked provision in the top 5 for 1 of 2 "
        "practices with links (50%).",
        "members (the form's text and countries): a linked provision in the top 5 for 1 of 2 "
        "practices with links (50%).",
    ]


def test_provisions_published_practices_carry_out_rank_higher(practice, provisions):
    from dataclasses import replace

    from practices.models import PracticeProvisionLink

    subject = SuggestionSubject.of("Women and youth on peace committees", countries=["KE"])
    first = [s.item for s in get_engine().related_provisions(subject)]
    assert first[0] == provisions["committees"]
    # Two published practices carry out the youth paragraph: it comes first...
    for title in ("Youth committees", "Young mediators"):
        linked = PracticePageFactory(title=title, countries=["UG"])
        PracticeProvisionLink.objects.create(practice=linked, provision=provisions["youth"])
    assert get_engine().related_provisions(subject)[0].item == provisions["youth"]
    # ...but a draft's links count for nothing, and a practice's own links are ignored when
    # asked to be (the evaluation).
    draft(linked)
    ignoring = replace(subject, ignore_links_of=PracticePageFactory._meta.model.objects.get(
        title="Youth committees").pk)  # fmt: skip
    assert [s.item for s in get_engine().related_provisions(ignoring)] == first


def test_each_engine_answers_suggestions_once_itself():
    from search.engines.database import DatabaseEngine
    from search.engines.elasticsearch import ElasticsearchEngine
    from search.engines.fallback import FallbackEngine
    from search.service import PracticeSearchEngine

    for engine in (DatabaseEngine, ElasticsearchEngine, FallbackEngine):
        for method in ("search", "related_provisions", "related_practices"):
            assert method in vars(engine), f"{engine.__name__}.{method}"
            assert getattr(engine, method) is not getattr(PracticeSearchEngine, method)


def test_no_suggestion_algorithm_outside_the_engines():
    """Outside search/engines/, suggestions are asked of the engine, never computed: no module
    defines a function that ranks provisions or practices for a practice."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    allowed = {"search/service.py"}  # the interface
    found = set()
    for app in ("core", "frameworks", "practices", "search", "api", "members", "insights"):
        for path in (root / app).rglob("*.py"):
            relative = str(path.relative_to(root))
            if relative.startswith("search/engines/") or relative in allowed:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef) and node.name.startswith(
                    ("related_provisions", "related_practices", "suggest_provisions")
                ):
                    found.add(f"{relative}:{node.name}")
    assert found == set()
