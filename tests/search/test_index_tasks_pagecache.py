"""An index update in the task worker makes stored pages stale (core.pagecache): listing pages
show the index's totals, facets and highlights, and one stored after the publication's commit
but before the update would otherwise outlive it."""

import pytest

from core import pagecache
from search import tasks
from search.engines import elasticsearch, es_index


@pytest.fixture
def fake_cluster(monkeypatch):
    done = []
    monkeypatch.setattr(elasticsearch, "get_client", lambda: object())
    monkeypatch.setattr(es_index, "index_practice", lambda client, pk: done.append(pk) or "ok")

    def broken(client, pk):
        raise ConnectionError("cluster down")

    monkeypatch.setattr(es_index, "remove_practice", broken)
    return done


def test_a_finished_index_update_makes_stored_pages_stale(fake_cluster):
    pagecache.bump_now()
    before = pagecache.cache().get(pagecache.VERSION_KEY)
    assert tasks.index_practice_task.call(7) == "ok"
    assert fake_cluster == [7]
    assert pagecache.cache().get(pagecache.VERSION_KEY) != before


def test_a_failed_update_changes_nothing(fake_cluster):
    pagecache.bump_now()
    before = pagecache.cache().get(pagecache.VERSION_KEY)
    with pytest.raises(ConnectionError):
        tasks.remove_practice_task.call(7)
    assert pagecache.cache().get(pagecache.VERSION_KEY) == before
