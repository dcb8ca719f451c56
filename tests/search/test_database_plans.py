"""The database engine's two ways of applying facet filters to a text match (per candidate, as
sets) give the same results: the contract passes with each forced, every answer of a set of
queries is identical under both, and the size estimate picks sets for a word of every practice
and per candidate for a rare one (SQLite)."""

from django.db import connection
from django.http import QueryDict

import pytest

from core.textsearch import query_terms
from search.engines.database import DatabaseEngine
from search.query import PracticeQuery
from search.service import get_engine
from tests.factories import PracticePageFactory, draft

from .contract import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=[False, True], ids=["per-candidate", "as-sets"])
def plan(request, settings, monkeypatch):
    settings.PRACTICE_SEARCH_ENGINE = "search.engines.database.DatabaseEngine"
    assert isinstance(get_engine(), DatabaseEngine)
    monkeypatch.setattr(DatabaseEngine, "_filters_as_sets", lambda self, terms: request.param)
    return request.param


QUERIES = [
    "q=women",
    "q=women&agenda=WPS",
    "q=women&agenda=WPS&agenda=YPS&pillar=prevention",
    "q=peace+women&region=africa&level=local",
    "q=women&country=KE&country=YE&theme=mediation",
    "q=women&pillar=participation&year_from=2000",
    "q=women&pillar=participation&year_to=2000&sort=title",
    "q=women&agenda=XYZ",
    "q=women&agenda=WPS&sort=newest&page_size=2&page=2",
    "q=mediator&agenda=WPS&theme=mediation&level=national",
]


def answer(params):
    results = DatabaseEngine().search(PracticeQuery.from_params(QueryDict(params)))
    hits = [(hit.practice.pk, hit.score, hit.highlight) for hit in results.hits]
    return results.count, hits, results.facets


def test_both_plans_give_identical_answers(practice_index, monkeypatch):
    specs = [
        (["WPS"], "local", ["KE"], ["prevention"], ["mediation"], 1995),
        (["WPS", "YPS"], "national", ["CI"], ["participation"], [], 2015),
        (["YPS"], "local", ["YE"], ["participation", "prevention"], ["mediation"], None),
        (["WPS"], "regional", ["KE", "NG"], ["protection"], [], 1990),
        (["YPS"], "national", ["NG"], ["prevention"], ["early warning"], 2005),
    ]
    for n, (agendas, level, countries, pillars, themes, start) in enumerate(specs * 3):
        page = PracticePageFactory(
            title=f"Women {n} peace mediators" if n % 2 else f"Women {n}",
            summary="Women and peace." if n % 3 else "A mediator of women.",
            agendas=agendas,
            level=level,
            countries=countries,
            pillars=pillars,
            themes=themes,
            start_year=start,
            end_year=start + n if start and n % 4 else None,
        )
        if n == 7:
            draft(page)
    answers = {}
    for as_sets in (False, True):
        monkeypatch.setattr(DatabaseEngine, "_filters_as_sets", lambda self, terms, s=as_sets: s)
        answers[as_sets] = [answer(params) for params in QUERIES]
    assert answers[False] == answers[True]
    assert sum(count > 0 for count, _, _ in answers[True]) >= 7  # not just empty answers


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the estimate reads FTS5's vocabulary")
def test_the_match_size_estimate_chooses_the_plan(practice_index, monkeypatch):
    monkeypatch.undo()  # the real choice, not the forced one
    for n in range(10):
        PracticePageFactory(title=f"Women {n}", summary="Kigali" if n == 0 else "Peace.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id) FROM wagtailsearch_indexentry")
        (entries,) = cursor.fetchone()
    # From 5 documents: "women" is in 10, "kigali" in 1.
    monkeypatch.setattr(DatabaseEngine, "FILTERS_AS_SETS_FROM", 5 / entries)
    engine = DatabaseEngine()
    assert engine._filters_as_sets(query_terms("women"))
    assert not engine._filters_as_sets(query_terms("kigali"))
    # The rarest term bounds the match.
    assert not engine._filters_as_sets(query_terms("women kigali"))
    assert not engine._filters_as_sets(query_terms("absent"))
    monkeypatch.setattr(DatabaseEngine, "FILTERS_AS_SETS_FROM", 1 / entries)
    assert engine._filters_as_sets(query_terms("women kigali"))


def test_relevance_pages_with_tied_scores_follow_the_full_order(practice_index):
    # Equal texts score the same: the page's cut by score keeps ties, and the order among
    # them (newest first, then id) is that of the full list, page after page.
    for n in range(7):
        PracticePageFactory(title="Women mediators", summary="Peace." if n % 3 else "Women.")
    everything = answer("q=women&sort=relevance&page_size=100")
    assert everything[0] == 7
    paged = []
    for page in range(1, 5):
        count, hits, _ = answer(f"q=women&sort=relevance&page_size=2&page={page}")
        assert count == 7
        paged += hits
    assert paged == everything[1]
