"""The member's form, the editors' admin and the practice's page suggest the same provisions for
the same practice, on the database engine and on Elasticsearch (a fake client), because all
three ask the engine the same question (search.suggestions)."""

import io
import re

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

import pytest

from core.textsearch import words
from core.vocabulary import FrameworkKind
from practices.models import PracticePage
from tests.factories import FrameworkPageFactory, ProvisionFactory, editor

from .helpers import post_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def provisions(framework_index):
    kenya = FrameworkPageFactory(title="Kenya NAP", country="KE")
    uganda = FrameworkPageFactory(title="Uganda NAP", country="UG")
    regional = FrameworkPageFactory(
        title="IGAD Regional Action Plan", kind=FrameworkKind.RAP, country="", external_id="igad"
    )
    resolution = FrameworkPageFactory(
        title="S/RES/1325", kind=FrameworkKind.GLOBAL, country="", external_id="s-res-1325"
    )
    texts = {
        "linked": (kenya, "Train women mediators for land disputes."),
        "elders": (kenya, "Elders and women meet in county forums."),
        "budget": (kenya, "Allocate budget lines to gender desks."),
        "regional": (regional, "Women mediate cross-border disputes."),
        "global": (resolution, "Support mediation by women."),
        "uganda": (uganda, "Women mediators settle land disputes."),
    }
    return {
        name: ProvisionFactory(framework=framework, text=text)
        for name, (framework, text) in texts.items()
    }


@pytest.fixture
def practice(member_client, practice_index, provisions):
    """A published practice the member wrote with the form, linked to one provision."""
    response = post_form(member_client, provisions=[str(provisions["linked"].pk)])
    assert response.status_code == 302
    practice = PracticePage.objects.get()
    practice.get_latest_revision().publish()
    practice.refresh_from_db()
    assert [link.provision for link in practice.provision_links.all()] == [provisions["linked"]]
    return practice


def on_the_form(member_client, practice, provisions):
    """What the member is suggested on refreshing the form of the practice, its link ticked."""
    response = post_form(
        member_client,
        f"/my/submissions/{practice.pk}/edit/",
        action="refresh",
        provisions=[str(provisions["linked"].pk)],
    )
    assert response.status_code == 200
    return list(response.context["suggestions"])


def in_the_admin(practice):
    client = Client()
    client.force_login(editor())
    response = client.get(reverse("practice_suggestions", args=[practice.pk]))
    assert response.status_code == 200
    return [s.item for s in response.context["suggestions"]]


def on_the_page(practice, provisions):
    html = Client().get(practice.url).content.decode()
    section = re.search(r'<section aria-labelledby="suggested">(.*?)</section>', html, re.S)
    assert section, "the practice page shows no suggestions"
    by_url = {p.url: p for p in provisions.values()}
    return [by_url[url] for url in re.findall(r'<a href="([^"]+)"', section.group(1))]


def test_the_same_suggestions_everywhere_on_the_database_engine(
    member_client, practice, provisions
):
    form = on_the_form(member_client, practice, provisions)
    assert set(form) == {provisions["elders"], provisions["regional"], provisions["global"]}
    assert in_the_admin(practice) == form
    assert on_the_page(practice, provisions) == form


def test_the_same_question_everywhere_on_elasticsearch(
    member_client, practice, provisions, settings, monkeypatch
):
    from tests.search.es_fakes import FakeClient

    answer = [provisions[name] for name in ("global", "elders", "regional")]

    def search(index, body):
        if index != "kb_provisions":
            return {"hits": {"total": {"value": 0}, "hits": []}}
        hits = [{"_id": str(p.pk), "_score": 3.0 - i} for i, p in enumerate(answer)]
        return {"hits": {"hits": hits}}

    fake = FakeClient({"search": search})
    monkeypatch.setattr("search.engines.elasticsearch.get_client", lambda: fake)
    settings.PRACTICE_SEARCH_ENGINE = "search.engines.elasticsearch.ElasticsearchEngine"

    assert on_the_form(member_client, practice, provisions) == answer
    assert in_the_admin(practice) == answer
    assert on_the_page(practice, provisions) == answer
    call_command("evaluate_suggestions", stdout=io.StringIO())

    asked = [call["body"] for method, call in fake.calls if call.get("index") == "kb_provisions"]
    assert len(asked) == 5  # the form, the admin, the page, and the evaluation's two subjects
    questions = [question(body) for body in asked]
    assert questions[0] == questions[1] == questions[2]
    assert questions[0]["query"]["bool"]["must_not"] == [
        {"ids": {"values": [str(provisions["linked"].pk)]}}
    ]
    # The evaluation asks the same, as if the practice's links did not exist.
    del questions[0]["query"]["bool"]["must_not"]
    assert questions[3] == questions[4] == questions[0]


def question(body):
    """A request body without its size (each place shows its own number of suggestions) and with
    the words of its text in order (the form sends the same texts in another order)."""
    body = {key: value for key, value in body.items() if key != "size"}
    like = body["query"]["bool"]["must"][0]["more_like_this"]
    like["like"] = sorted(words(like["like"]))
    return body


def test_the_evaluation_measures_both_ways_of_asking(practice, provisions):
    out = io.StringIO()
    call_command("evaluate_suggestions", stdout=out)
    assert out.getvalue().splitlines() == [
        "editors and pages (the saved practice): a linked provision in the top 5 for 1 of 1 "
        "practices with links (100%).",
        "members (the form's text and countries): a linked provision in the top 5 for 1 of 1 "
        "practices with links (100%).",
    ]
