"""Against a real cluster, OpenSearch 2/3 or Elasticsearch 8: the same contract suite the
database engine passes (tests/search/contract.py), and the index lifecycle end to end.

Runs only when OPENSEARCH_URL (SEARCH_ENGINE=opensearch, through opensearch-py) or
ELASTICSEARCH_URL (SEARCH_ENGINE=elasticsearch, through the elasticsearch client) is set, with
the authentication and CA settings the cluster needs (README, "Running at scale"), e.g.

    scripts/with-search-node .venv/bin/pytest -q tests/search/test_es_live.py
    ELASTICSEARCH_URL=http://localhost:9200 .venv/bin/pytest -q tests/search/test_es_live.py

It creates and deletes its own indices, under a prefix of their own (kbtest<random>_).
"""

import os
import uuid

from django.test import Client

import pytest

from search.engines.elasticsearch import ElasticsearchEngine, get_client
from search.engines.fallback import breaker
from search.engines.transport import reset_clients
from search.query import PracticeQuery
from search.service import search_practices
from search.suggestions import SuggestionSubject
from tests.factories import FrameworkPageFactory, PracticePageFactory, ProvisionFactory, draft

from .contract import *  # noqa: F403


def live_cluster():
    """(SEARCH_ENGINE, the setting of its address, the address) of the cluster in the
    environment, OpenSearch first; None without one."""
    for engine, setting in (
        ("opensearch", "OPENSEARCH_URL"),
        ("elasticsearch", "ELASTICSEARCH_URL"),
    ):
        if os.environ.get(setting):
            return engine, setting, os.environ[setting]
    return None


# Every live module's marks: run against the cluster, skipped with the reason when there is none.
LIVE_MARKS = [
    pytest.mark.skipif(
        live_cluster() is None,
        reason="neither OPENSEARCH_URL nor ELASTICSEARCH_URL is set: no search cluster to test "
        "against (scripts/with-search-node starts one; it needs Java and Maven)",
    ),
    pytest.mark.django_db,
]
pytestmark = LIVE_MARKS


class SyncedElasticsearchEngine(ElasticsearchEngine):
    """The Elasticsearch engine, on indices rebuilt from the database before each search, so
    that the contract tests (which publish through the factories, inside a transaction that
    never commits) search what they have just created."""

    def search(self, query):
        from search.engines import es_index

        es_index.rebuild(self.client, "practices")
        return super().search(query)


@pytest.fixture(autouse=True)
def elasticsearch_engine(settings):
    engine, setting, url = live_cluster()
    settings.SEARCH_ENGINE = engine
    setattr(settings, setting, url)
    settings.ELASTICSEARCH_INDEX_PREFIX = f"kbtest{uuid.uuid4().hex[:8]}_"
    settings.ELASTICSEARCH_REPLICAS = 0
    # A node just started on a busy machine can take more than the default 5 s to create its
    # first index; the fault tests set their own short timeout.
    settings.ELASTICSEARCH_TIMEOUT = 30
    settings.PRACTICE_SEARCH_ENGINE = "tests.search.test_es_live.SyncedElasticsearchEngine"
    reset_clients()
    breaker.reset()
    yield
    # By name: Elasticsearch 8 (and OpenSearch, if so configured) refuses to delete indices by
    # wildcard (destructive_requires_name).
    client = get_client()
    names = sorted(client.indices.get_alias(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}*"))
    if names:
        client.indices.delete(index=",".join(names), ignore_unavailable=True)
    reset_clients()


def aliased(kind):
    from search.engines import es_index

    return es_index.aliased_indices(get_client(), kind)


def test_lifecycle_rebuild_swaps_the_alias_and_deletes_the_old_index(practice_index):
    from search.engines import es_index

    client = get_client()
    PracticePageFactory(title="Women mediators of Wajir", countries=["KE"])
    first = es_index.rebuild(client, "practices")
    assert aliased("practices") == [first["index"]]
    PracticePageFactory(title="Peace huts", countries=["CI"])
    second = es_index.rebuild(client, "practices")
    assert second["previous"] == [first["index"]]
    assert aliased("practices") == [second["index"]]
    assert not client.indices.exists(index=first["index"])
    results = ElasticsearchEngine().search(PracticeQuery())
    assert results.count == 2


def test_lifecycle_updates_reach_the_index_without_a_rebuild(
    practice_index, django_capture_on_commit_callbacks
):
    from search.engines import es_index

    client = get_client()
    es_index.rebuild(client, "practices")
    with django_capture_on_commit_callbacks(execute=True):
        page = PracticePageFactory(title="Published after the rebuild", summary="Radio show.")
    client.indices.refresh(index=f"{es_index.alias_name('practices')}")
    engine = ElasticsearchEngine()
    assert [h.practice for h in engine.search(PracticeQuery(q="radio")).hits] == [page]
    with django_capture_on_commit_callbacks(execute=True):
        draft(page)
    client.indices.refresh(index=es_index.alias_name("practices"))
    assert engine.search(PracticeQuery(q="radio")).count == 0


def test_lifecycle_command_health_check_and_suggestions(practice_index, framework_index):
    from django.core.management import call_command

    kenya = FrameworkPageFactory(title="Kenya NAP", country="KE")
    committees = ProvisionFactory(
        framework=kenya, code="1.1", text="Women sit on county peace committees."
    )
    practice = PracticePageFactory(
        title="County peace committees with women members",
        summary="Women joined the peace committees of Isiolo county.",
        countries=["KE"],
    )
    call_command("es_index", "rebuild", "--no-progress")
    answer = Client().get("/health/search/")
    assert answer.status_code == 200, answer.json()
    assert answer.json()["documents"] == 1
    engine = ElasticsearchEngine()
    subject = SuggestionSubject.from_practice(practice)
    assert [s.item for s in engine.related_provisions(subject)][0] == committees
    assert practice in [s.item for s in engine.related_practices(committees)]


def test_the_service_answers_through_elasticsearch(practice_index):
    # The highlight comes from the summary, else the title, else the description, as the
    # database engine chooses: here only the title holds the word.
    PracticePageFactory(
        title="Women mediators of Wajir", summary="Clan elders meet.", description="Monthly."
    )
    results = search_practices(PracticeQuery(q="mediators"))
    assert [h.practice.title for h in results.hits] == ["Women mediators of Wajir"]
    assert results.hits[0].highlight == "Women <mark>mediators</mark> of Wajir"


def test_the_highlight_is_the_database_engines(practice_index):
    from search.engines.database import DatabaseEngine

    PracticePageFactory(
        title="Women mediators of Wajir",
        summary="Market women mediate between clans.",
        description="Elders and youth meet monthly. " * 20 + "Mediators train youth.",
    )
    PracticePageFactory(title="Peace huts", summary="Dialogues.", description="Mediators meet.")
    PracticePageFactory(title="Radio", summary="A show.", description="Nothing about it.")
    for text in ["mediators", "mediators youth", "elders", "radio show", "peace huts"]:
        cluster = search_practices(PracticeQuery(q=text))
        database = DatabaseEngine().search(PracticeQuery(q=text))
        # Each practice's highlight (the order is the ranking's business, tested elsewhere).
        assert {h.practice: h.highlight for h in cluster.hits} == {
            h.practice: h.highlight for h in database.hits
        }, text


def test_most_of_the_words_after_all_of_them_with_the_partial_flag(practice_index):
    PracticePageFactory(title="Women mediators of Wajir", summary="Clan elders meet.")
    PracticePageFactory(title="Peace huts", summary="Women mediators hold dialogues in huts.")
    engine = SyncedElasticsearchEngine()
    results = engine.search(PracticeQuery(q="women mediators huts"))
    assert [h.practice.title for h in results.hits] == ["Peace huts", "Women mediators of Wajir"]
    assert not results.partial
    results = engine.search(PracticeQuery(q="women mediators radio"))
    assert results.count == 2 and results.partial


def test_phrases_exclusions_stop_words_and_spellings(practice_index):
    PracticePageFactory(title="The role of women in peace", summary="Localisation of aid.")
    PracticePageFactory(title="Women and peace", summary="A programme of the military.")
    engine = SyncedElasticsearchEngine()

    def found(q):
        return [h.practice.title for h in engine.search(PracticeQuery(q=q)).hits]

    assert found('"role of women"') == ["The role of women in peace"]
    assert found("women -military") == ["The role of women in peace"]
    assert found("-military") == ["The role of women in peace"]
    assert found("localization") == ["The role of women in peace"]
    assert found("program") == ["Women and peace"]
    assert found("the of and") == []
