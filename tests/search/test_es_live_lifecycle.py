"""The index lifecycle against the real node: a rebuild swaps the alias under continuous
queries without a single failed or mixed answer; publishing, unpublishing and deleting through
the update tasks reach the index; a load that fails (a document the mapping refuses, a bulk
request that fails half-way) leaves the alias on the old index and deletes the new one."""

import threading
import time
from unittest import mock

import pytest

from search.engines import es_index, transport
from search.engines.elasticsearch import ElasticsearchEngine, get_client, page_body
from search.query import PracticeQuery
from tests.factories import PracticePageFactory, draft

from .test_es_live import LIVE_MARKS, elasticsearch_engine, live_cluster  # noqa: F401 (autouse fixture)

pytestmark = LIVE_MARKS


def alias():
    return es_index.alias_name("practices")


def indexed_ids():
    client = get_client()
    client.indices.refresh(index=alias())
    response = client.search(index=alias(), body={"size": 100, "_source": False})
    return sorted(int(hit["_id"]) for hit in response["hits"]["hits"])


def test_a_rebuild_under_continuous_queries_answers_every_one_from_one_index(practice_index):
    first = [
        PracticePageFactory(title=f"Radio show {n}", summary="A radio show.") for n in range(3)
    ]
    old = es_index.rebuild(get_client(), "practices")["index"]
    added = PracticePageFactory(title="Radio show 3", summary="A radio show.")
    name = live_cluster()[0]
    # Its own client, as another process's would be.
    client = transport.new_client(name, transport.cluster_url(name), **transport.client_options())
    # The engine's page request, with its total: one request, so one index answers it whole.
    body = {**page_body(PracticeQuery(q="radio show")), "track_total_hits": True}
    answers, failures, stop = [], [], threading.Event()

    def query():
        while not stop.is_set():
            try:
                response = client.search(index=alias(), body=body)
            except Exception as error:  # every failure counts, whatever it is
                failures.append(repr(error))
                continue
            hits = response["hits"]["hits"]
            answers.append(
                (
                    response["hits"]["total"]["value"],
                    {hit["_index"] for hit in hits},
                    sorted(int(hit["_id"]) for hit in hits),
                )
            )

    thread = threading.Thread(target=query)
    thread.start()
    try:
        while len(answers) + len(failures) < 10:
            time.sleep(0.01)
        new = es_index.rebuild(get_client(), "practices")["index"]
        during = len(answers)
        while len(answers) + len(failures) < during + 10:
            time.sleep(0.01)
    finally:
        stop.set()
        thread.join(30)
    assert failures == []
    old_ids = sorted(p.pk for p in first)
    new_ids = sorted([*old_ids, added.pk])
    # Every answer is the old index's or the new one's, whole; the old ones first.
    expected = {(3, frozenset({old}), tuple(old_ids)), (4, frozenset({new}), tuple(new_ids))}
    seen = [(total, frozenset(indices), tuple(ids)) for total, indices, ids in answers]
    assert set(seen) <= expected
    assert seen[0][0] == 3 and seen[-1][0] == 4
    switched = [total for total, _, _ in seen]
    assert switched == sorted(switched)
    assert not get_client().indices.exists(index=old)


def test_publish_unpublish_and_delete_through_the_tasks(
    practice_index, django_capture_on_commit_callbacks
):
    kept = PracticePageFactory(title="Kept")
    es_index.rebuild(get_client(), "practices")
    assert indexed_ids() == [kept.pk]
    with django_capture_on_commit_callbacks(execute=True):
        page = PracticePageFactory(title="Published after the rebuild", summary="Radio show.")
    assert indexed_ids() == sorted([kept.pk, page.pk])
    engine = ElasticsearchEngine()
    assert [h.practice for h in engine.search(PracticeQuery(q="radio")).hits] == [page]
    with django_capture_on_commit_callbacks(execute=True):
        draft(page)
    assert indexed_ids() == [kept.pk]
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert indexed_ids() == sorted([kept.pk, page.pk])
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert indexed_ids() == [kept.pk]
    assert engine.search(PracticeQuery(q="radio")).count == 0


def family():
    """Every index of the practices' family on the node, aliased or not."""
    return es_index.family(get_client(), "practices")


def test_a_document_the_mapping_refuses_leaves_the_alias_alone(practice_index):
    PracticePageFactory(title="Women mediators of Wajir")
    old = es_index.rebuild(get_client(), "practices")["index"]
    queryset, document = es_index.SOURCES["practices"]

    def refused(practice):
        return {**document(practice), "start_year": "not a year"}

    PracticePageFactory(title="Peace huts")
    with (
        mock.patch.dict(es_index.SOURCES, {"practices": (queryset, refused)}),
        pytest.raises(es_index.BulkError, match="not written"),
    ):
        es_index.rebuild(get_client(), "practices")
    assert es_index.aliased_indices(get_client(), "practices") == [old]
    assert family() == [old]
    assert ElasticsearchEngine().search(PracticeQuery()).count == 1


def test_a_bulk_request_failing_half_way_leaves_the_alias_alone(practice_index):
    for n in range(3):
        PracticePageFactory(title=f"Practice {n}")
    old = es_index.rebuild(get_client(), "practices")["index"]
    PracticePageFactory(title="Practice 3")
    real_bulk, calls = es_index._bulk, []

    def failing_second(client, index, operations):
        calls.append(len(operations))
        if len(calls) == 2:
            raise es_index.BulkError("connection lost")
        return real_bulk(client, index, operations)

    with (
        mock.patch.object(es_index, "_bulk", failing_second),
        pytest.raises(es_index.BulkError, match="connection lost"),
    ):
        es_index.rebuild(get_client(), "practices", chunk_size=1)
    assert len(calls) == 2
    assert es_index.aliased_indices(get_client(), "practices") == [old]
    assert family() == [old]
    assert ElasticsearchEngine().search(PracticeQuery()).count == 3
