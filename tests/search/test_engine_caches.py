"""What the database engine keeps between searches: each word's matches and BM25 terms
(``search.engines.phrases``, SQLite) and the practices loaded for results
(``search.engines.hitcache``). Both give the answer the database would give now: the sums are
FTS5's own scores, and any change to what they were read from is seen by the next search."""

import importlib
import re

from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from wagtail.search.models import IndexEntry

import pytest

from core.textsearch import normalise
from practices.models import Organisation, PracticePage
from search.engines import hitcache
from search.engines.database import DatabaseEngine
from search.engines.fulltext import TextMatch, fetch
from search.engines.phrases import PhraseCache, PhraseMatches
from search.engines.postings import postings
from search.query import PracticeQuery
from search.service import get_engine
from tests.factories import (
    FrameworkPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    ProvisionFactory,
)

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL scores each match in the database"
)


@pytest.fixture(autouse=True)
def database_engine(settings):
    settings.PRACTICE_SEARCH_ENGINE = "search.engines.database.DatabaseEngine"
    assert isinstance(get_engine(), DatabaseEngine)


@pytest.fixture
def practices(practice_index):
    texts = [
        ("Women mediators in Garissa", "Local women mediate land disputes between clans."),
        ("Peace huts", "Women meet in peace huts; mediators of the village keep records."),
        ("Youth and peace", "Young men and women talk about peace, far from any mediator."),
        ("Early warning by women", "Women report early warning signs of violence to mediators."),
        ("Radio for peace", "A radio programme where women speak of peace and local mediation."),
    ]
    return [
        PracticePageFactory(title=title, summary=summary, countries=["KE"], themes=["mediation"])
        for title, summary in texts
    ]


def search(params):
    return DatabaseEngine().search(PracticeQuery.from_params(QueryDict(params)))


def bm25_of_the_whole_query(match):
    """{key: FTS5's BM25 of the whole query} for each of its matches, in one statement."""
    fts = f"{match.entries}_fts"
    sql = f"SELECT rowid, {match._bm25()} FROM {fts} WHERE {fts} MATCH %s"  # noqa: S608
    return dict(fetch(sql, [match.fts_query()]))


@sqlite_only
@pytest.mark.parametrize(
    "terms, operator, phrases, excluded",
    [
        (["women", "peac"], "AND", [], []),
        (["women", "mediat", "peac"], "OR", [], []),
        (["women", "peac"], "AND", [("peac", "hut")], []),
        (["women", "radio", "garissa"], "OR", [("local", "women")], []),
        (["women"], "AND", [], [("youth",)]),
        ([], "OR", [("peac", "hut"), ("earli", "warn")], []),
    ],
)
def test_the_sum_of_the_words_is_fts5s_own_score_of_the_query(
    practices, terms, operator, phrases, excluded
):
    match = TextMatch(
        terms,
        operator=operator,
        rank_by_coordination=operator == "OR",
        phrases=phrases,
        excluded=excluded,
    )
    matches = PhraseMatches(match, PhraseCache(), scores=None)
    expected = bm25_of_the_whole_query(match)
    assert expected, "the query matches nothing: the case proves nothing"
    # The same matches, and the same numbers, not merely close ones.
    text, _held = matches.text_scores(matches.keys)
    assert text == expected


@sqlite_only
def test_a_word_is_read_once_per_version_of_the_index(practices, monkeypatch):
    search("q=women+mediators")
    cache = postings().extras["phrases"]
    read = []
    monkeypatch.setattr(TextMatch, "phrase_rows", lambda self, phrase: read.append(phrase) or [])
    search("q=women+peace")  # "women" is held: only "peac" is read
    assert read == [("peac",)]
    assert postings().extras["phrases"] is cache


@sqlite_only
def test_a_change_to_the_text_of_the_index_alone_is_seen(practices):
    """Text changes that leave every facet and page column alone (here the index entry
    rewritten directly) still reach the next search: the words are read again."""
    assert search("q=women").count == 5
    assert search("q=lighthouse").count == 0
    body = normalise("A lighthouse.")  # as the index stores text
    IndexEntry.objects.filter(object_id=str(practices[2].pk)).update(body=body)
    assert search("q=lighthouse").count == 1
    # ... and a rewrite of the same text keeps what is held.
    cache = postings().extras["phrases"]
    IndexEntry.objects.filter(object_id=str(practices[2].pk)).update(body=body)
    search("q=lighthouse")
    assert postings().extras["phrases"] is cache


def tables_read(captured):
    pattern = re.compile(r'(?:FROM|JOIN)\s+"?([a-z0-9_]+)"?', re.IGNORECASE)
    return {t for q in captured for t in pattern.findall(q["sql"])}


def hit_tables():
    from django.apps import apps

    return {apps.get_model(app, model)._meta.db_table for app, model in hitcache.HIT_TABLES}


def test_every_table_a_result_is_loaded_from_is_watched(practice_index):
    framework = FrameworkPageFactory()
    provision = ProvisionFactory(framework=framework)
    practice = PracticePageFactory(
        countries=["KE"],
        themes=["mediation"],
        organisations=[OrganisationFactory(confirmed=True)],
        provisions=[(provision, "implements")],
    )
    with CaptureQueriesContext(connection) as captured:
        loaded = hitcache.load([practice.pk])
        page = loaded[practice.pk]
        # What a result shows (the listing's card, the API's result) reads nothing more.
        shown = (page.country_list, page.public_organisations, page.theme_names)
        assert all(shown)
        [link.provision.framework.external_id for link in page.provision_links.all()]
    read = tables_read(captured.captured_queries)
    assert "practices_practiceprovisionlink" in read  # the relations were read here
    assert read <= hit_tables(), read - hit_tables()
    migration = importlib.import_module("search.migrations.0004_search_state_hits")
    assert tuple(migration.TABLES) == hitcache.HIT_TABLES


def shown_of(page):
    """Everything a result may show of a loaded practice, and the relations' kept querysets."""
    return {
        "fields": {f.attname: getattr(page, f.attname) for f in PracticePage._meta.concrete_fields},
        "countries": [(c.pk, c.country, c.practice is page) for c in page.countries.all()],
        "country_list": page.country_list,
        "themes": [(t.pk, t.tag.name, t.content_object is page) for t in page.tagged_items.all()],
        "organisations": [
            (row.pk, row.organisation.name, row.organisation.confirmed, row.practice is page)
            for row in page.practice_organisations.all()
        ],
        "public_organisations": [o.name for o in page.public_organisations],
        "links": [
            (
                link.pk,
                link.relation,
                link.provision.text,
                link.provision.framework.external_id,
                link.provision.framework.url_path,
                link.provision.framework.live,
                link.practice is page,
            )
            for link in page.provision_links.all()
        ],
        "kept": {
            name: (type(qs), str(qs.query), qs._prefetch_done)
            for name, qs in page._prefetched_objects_cache.items()
        },
    }


def test_practices_are_loaded_as_prefetch_related_loads_them(practice_index):
    """``hitcache.load`` runs statements compiled once: the practices it gives are those of
    the ORM's ``prefetch_related`` of the same relations, in as many queries, reading nothing
    more when shown; a draft is left out."""
    framework = FrameworkPageFactory(external_id="KE-NAP-1")
    provisions = [ProvisionFactory(framework=framework) for _ in range(3)]
    practices = [
        PracticePageFactory(
            title=f"Lighthouse keepers {i}",
            countries=["KE", "UG"][: i % 2 + 1],
            themes=["mediation", "radio"][: i % 3],
            organisations=[OrganisationFactory(confirmed=bool(i % 2)) for _ in range(i % 3)],
            provisions=[(p, "implements") for p in provisions[: i % 4]],
        )
        for i in range(6)
    ]
    draft = PracticePageFactory(title="Draft", countries=["KE"], live=False)
    ids = [p.pk for p in practices] + [draft.pk, 10**9]
    expected = (
        PracticePage.objects.live()
        .filter(pk__in=ids)
        .order_by()
        .prefetch_related(*hitcache.PREFETCH)
    )
    expected = {page.pk: shown_of(page) for page in expected}
    hitcache.load(ids)  # the statements compiled
    with CaptureQueriesContext(connection) as captured:
        loaded = hitcache.load(ids)
        shown = {pk: shown_of(page) for pk, page in loaded.items()}
    assert len(captured) == 1 + len(hitcache.PREFETCH)
    assert set(shown) == {p.pk for p in practices}
    assert shown == expected
    assert shown[practices[5].pk]["links"] and shown[practices[4].pk]["organisations"]


def test_the_practices_relations_stay_apart(practice_index):
    """The practices of one loading share their relations' query where modelcluster filters
    nothing (a copy of one queryset each); a queryset made from one of them leaves the others
    as they were, and each keeps its own rows."""
    practices = [
        PracticePageFactory(title=f"Lighthouse keepers {i}", themes=[["mediation"], ["radio"]][i])
        for i in range(2)
    ]
    loaded = hitcache.load([p.pk for p in practices])
    first, second = (loaded[p.pk] for p in practices)
    before = str(second.tagged_items.all().query)
    narrowed = first.tagged_items.all().filter(tag__name="radio").order_by("-id")
    assert "radio" in str(narrowed.query)
    assert str(second.tagged_items.all().query) == before
    assert str(first.tagged_items.all().query) == before
    assert [t.tag.name for t in first.tagged_items.all()] == ["mediation"]
    assert [t.tag.name for t in second.tagged_items.all()] == ["radio"]


def test_a_practice_shown_again_is_not_loaded_again(practices):
    first = search("q=women")
    with CaptureQueriesContext(connection) as captured:
        again = search("q=women")
    assert [h.practice for h in again.hits] == [h.practice for h in first.hits]
    assert not tables_read(captured.captured_queries) & {"practices_practicepage"}


def test_every_change_to_what_a_result_shows_is_seen(practices):
    organisation = OrganisationFactory(name="Amani Sisters", confirmed=True)
    practice = PracticePageFactory(
        title="Lighthouse keepers", organisations=[organisation], countries=["KE"]
    )

    def shown():
        (hit,) = search("q=lighthouse").hits
        return [o.name for o in hit.practice.public_organisations]

    assert shown() == ["Amani Sisters"]
    Organisation.objects.filter(pk=organisation.pk).update(name="Amani Women")
    assert shown() == ["Amani Women"]
    # A safety option changed alone (no facet, no text): the name is withheld at once.
    PracticePage.objects.filter(pk=practice.pk).update(withhold_organisation=True)
    assert shown() == []
    Organisation.objects.filter(pk=organisation.pk).update(confirmed=False)
    PracticePage.objects.filter(pk=practice.pk).update(withhold_organisation=False)
    assert shown() == []  # not confirmed: never named


def test_a_framework_changed_alone_is_seen_in_the_results(practices):
    framework = FrameworkPageFactory(external_id="KE-NAP-1")
    practice = PracticePageFactory(
        title="Lighthouse keepers",
        provisions=[(ProvisionFactory(framework=framework), "implements")],
    )

    def frameworks():
        (hit,) = search("q=lighthouse").hits
        return [link.provision.framework.external_id for link in hit.practice.provision_links.all()]

    assert frameworks() == ["KE-NAP-1"]
    type(framework).objects.filter(pk=framework.pk).update(external_id="KE-NAP-2")
    assert frameworks() == ["KE-NAP-2"]
    assert practice.pk


@pytest.mark.parametrize(
    "url",
    [
        "/practices/?q=lighthouse",
        "/api/v1/practices/?q=lighthouse",
        "/practices/export.csv?q=lighthouse",
        "/practices/feed/?q=lighthouse",
    ],
)
def test_what_results_show_is_loaded_with_them(client, practice_index, url):
    """Every surface built on results (the listing, the API, the CSV, the feed) reads what it
    shows of the practices, their provisions and frameworks from what the loading read: the
    number of queries does not grow with the number of results (a field the loading left out
    would be read once per result)."""
    framework = FrameworkPageFactory(external_id="KE-NAP-1")
    provisions = [ProvisionFactory(framework=framework) for _ in range(3)]

    def add(n):
        for i in range(n):
            PracticePageFactory(
                title=f"Lighthouse keepers {i}",
                countries=["KE", "UG"],
                themes=["mediation", "radio"],
                organisations=[OrganisationFactory(confirmed=True)],
                provisions=[(p, "implements") for p in provisions],
            )

    def queries():
        client.get(url)  # warm the per-process caches (site root paths, content types)
        hitcache._cache.pages.clear()  # the practices are loaded, not taken from the cache
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            streamed = getattr(response, "streaming", False)
            body = b"".join(response.streaming_content) if streamed else response.content
        assert response.status_code == 200
        assert b"Lighthouse keepers" in body
        if "api" in url or "csv" in url:
            assert b"KE-NAP-1" in body  # the provisions' frameworks were read
        return len(captured)

    add(1)
    few = queries()
    add(4)
    assert queries() == few
