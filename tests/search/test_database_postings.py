"""The database engine's sets in memory (``search.engines.postings``; the engine's contract
runs in test_service.py): the answers equal the database's own, counted by the ORM; the next
search sees every kind of change, whatever made it (the CMS, a bulk update, a rolled-back
transaction); ties keep the full order page after page."""

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Count
from django.http import QueryDict

from wagtail.models import PageViewRestriction

import pytest

from practices.models import PracticePage
from search.engines import postings as postings_module
from search.engines.database import DatabaseEngine
from search.engines.fulltext import TextMatch, fetch
from search.engines.postings import Membership, Postings, bitset, members
from search.facets import FACETS
from search.models import PracticeFacet, SearchState
from search.query import PracticeQuery
from search.service import get_engine
from tests.factories import PracticePageFactory, draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_engine(settings):
    settings.PRACTICE_SEARCH_ENGINE = "search.engines.database.DatabaseEngine"
    assert isinstance(get_engine(), DatabaseEngine)


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
    "agenda=YPS&year_from=1995&year_to=2010",
    "country=KE&sort=title",
    "",
]


def answer(params):
    results = DatabaseEngine().search(PracticeQuery.from_params(QueryDict(params)))
    hits = [(hit.practice.pk, hit.score, hit.highlight) for hit in results.hits]
    return results.count, hits, results.facets


@pytest.fixture
def varied(practice_index):
    specs = [
        (["WPS"], "local", ["KE"], ["prevention"], ["mediation"], 1995),
        (["WPS", "YPS"], "national", ["CI"], ["participation"], [], 2015),
        (["YPS"], "local", ["YE"], ["participation", "prevention"], ["mediation"], None),
        (["WPS"], "regional", ["KE", "NG"], ["protection"], [], 1990),
        (["YPS"], "national", ["NG"], ["prevention"], ["early warning"], 2005),
    ]
    pages = []
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
        pages.append(page)
    return pages


def by_the_database(params, operator="AND"):
    """The count and the disjunctive facet counts of ``params``, by the ORM and the full-text
    match alone (no set in memory); with any of the words when fewer than a page hold them
    all, as the engine's second pass."""
    query = PracticeQuery.from_params(QueryDict(params))
    practices = PracticePage.objects.live().public()
    if query.text.terms:
        sql, sql_params = TextMatch(
            query.text.terms,
            operator=operator,
            phrases=query.text.phrase_terms,
            excluded=query.text.excluded_terms,
        ).sql(with_score=False)
        practices = practices.filter(pk__in=[pk for (pk,) in fetch(sql, sql_params)])
    if query.year_from:
        practices = practices.filter(start_year__isnull=False).exclude(end_year__lt=query.year_from)
    if query.year_to:
        practices = practices.filter(start_year__lte=query.year_to)

    def passing(skip=None):
        ids = practices
        for facet, values in query.filters.items():
            if facet != skip:
                ids = ids.filter(facet_values__facet=facet, facet_values__value__in=values)
        return set(ids.values_list("pk", flat=True))

    if operator == "AND" and len(query.text.terms) > 1 and len(passing()) < query.page_size:
        return by_the_database(params, operator="OR")
    facets = {}
    for facet in FACETS:
        over = passing(skip=facet)
        rows = (
            PracticeFacet.objects.filter(practice_id__in=over, facet=facet)
            .values("value")
            .annotate(n=Count("practice", distinct=True))
        )
        facets[facet] = {row["value"]: row["n"] for row in rows}
    return len(passing()), facets


def test_counts_and_facets_equal_the_databases_own(varied):
    nonempty = 0
    for params in QUERIES:
        count, hits, facets = answer(params)
        expected_count, expected_facets = by_the_database(params)
        assert count == expected_count, params
        assert {f: dict(v) for f, v in facets.items()} == expected_facets, params
        assert len(hits) == min(count, 20) or "page=2" in params
        nonempty += count > 0
    assert nonempty >= 9  # not just empty answers


def test_every_kind_of_change_is_seen_by_the_next_search(varied):
    first, second = varied[0], varied[1]
    count = answer("q=women")[0]
    PracticePageFactory(title="Women weavers", summary="Women weave.")
    assert answer("q=women")[0] == count + 1  # published

    draft(first)
    assert answer("q=women")[0] == count  # unpublished
    assert first.pk not in {pk for pk, *_ in answer("q=women&page_size=50")[1]}

    # A bulk update, which sends no signal: the facet rows stay, the page is not live.
    PracticePage.objects.filter(pk=second.pk).update(live=False)
    assert answer("q=women")[0] == count - 1
    PracticePage.objects.filter(pk=second.pk).update(live=True)
    assert answer("q=women")[0] == count

    # A view restriction makes a practice private: out of the public search.
    restriction = PageViewRestriction.objects.create(
        page=second, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Editors"))
    assert answer("q=women")[0] == count - 1
    restriction.delete()
    assert answer("q=women")[0] == count

    # Title and years are read from the page: the order by title and the year filter follow.
    PracticePage.objects.filter(pk=second.pk).update(title="Aaa women first")
    assert answer("sort=title")[1][0][0] == second.pk
    before = answer("year_to=1980")[0]
    PracticePage.objects.filter(pk=second.pk).update(start_year=1975, end_year=None)
    assert answer("year_to=1980")[0] == before + 1


def test_a_rolled_back_change_is_not_seen(varied):
    before = answer("q=women&country=KE")
    with pytest.raises(RuntimeError), transaction.atomic():
        PracticePageFactory(title="Women in Nakuru", countries=["KE"])
        assert answer("q=women&country=KE")[0] == before[0] + 1
        raise RuntimeError
    assert answer("q=women&country=KE") == before


def test_a_draft_saved_keeps_the_sets(varied):
    token = SearchState.objects.get(pk=1).token
    page = PracticePage.objects.get(pk=varied[0].pk)
    page.title = "A new title, in review"
    page.save_revision()
    assert SearchState.objects.get(pk=1).token == token
    page.save_revision().publish()
    assert SearchState.objects.get(pk=1).token != token


def test_without_the_state_row_every_search_reads_the_sets(varied, monkeypatch):
    count = answer("q=women")[0]
    SearchState.objects.all().delete()
    reads = []
    real = Postings.load.__func__
    monkeypatch.setattr(Postings, "load", classmethod(lambda c, t: reads.append(t) or real(c, t)))
    assert answer("q=women")[0] == count
    assert answer("q=women")[0] == count
    assert reads == [None, None]
    PracticePageFactory(title="Women potters")  # a trigger writes the row again
    assert SearchState.objects.exists()
    assert answer("q=women")[0] == count + 1
    assert answer("q=women")[0] == count + 1
    assert len(reads) == 3  # read once for the new token, then kept


def test_the_sets_are_read_once_per_token(varied, monkeypatch):
    answer("q=women")
    held = postings_module.postings()
    assert postings_module.postings() is held
    PracticePageFactory(title="Women builders")
    assert postings_module.postings() is not held


def test_relevance_pages_with_tied_scores_follow_the_full_order(practice_index):
    # Equal texts score the same: the order among them (newest first, then id) is that of
    # the full list, page after page.
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


def test_bit_sets():
    ids = [0, 1, 7, 8, 9, 63, 64, 1000, 4097]
    bits = bitset(ids)
    assert list(members(bits)) == ids
    assert bits.bit_count() == len(ids)
    inside = Membership(bits)
    assert [i for i in range(5000) if i in inside] == ids
    assert bitset([]) == 0 and list(members(0)) == [] and 5 not in Membership(0)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the keys are index entries on SQLite")
def test_keys_are_the_practices_index_entries(varied):
    from wagtail.search.models import IndexEntry

    held = postings_module.postings()
    live = set(PracticePage.objects.live().values_list("pk", flat=True))
    assert set(held.practice_of_key.values()) == live
    for key, pk in held.practice_of_key.items():
        assert IndexEntry.objects.get(pk=key).object_id == str(pk)
    assert set(members(held.live)) == set(held.practice_of_key)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the keys are index entries on SQLite")
def test_a_practice_without_an_index_entry_is_still_listed(varied):
    from wagtail.search.models import IndexEntry

    count = answer("")[0]
    IndexEntry.objects.filter(object_id=str(varied[0].pk)).delete()
    assert answer("")[0] == count  # listed without text
    assert varied[0].pk not in {pk for pk, *_ in answer("q=women&page_size=50")[1]}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL column")
def test_the_stored_title_and_body_follow_every_write_of_the_index(practice_index):
    # The search matches and ranks search/0005's generated column: it must equal
    # title || body after Wagtail inserts an entry and after it rewrites one.
    def differing():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), count(*) FILTER (WHERE kb_title_body IS DISTINCT FROM "
                "(title || body)) FROM wagtailsearch_indexentry"
            )
            return cursor.fetchone()

    page = PracticePageFactory(title="Beekeepers of Garissa", summary="Honey and peace.")
    entries, wrong = differing()
    assert entries >= 1 and wrong == 0
    page.title = "Weavers of Marsabit"
    page.save_revision().publish()
    assert differing()[1] == 0
    assert [h.practice.pk for h in answer_hits("q=weavers+marsabit")] == [page.pk]
    assert answer_hits("q=beekeepers+garissa") == []


def answer_hits(params):
    return DatabaseEngine().search(PracticeQuery.from_params(QueryDict(params))).hits
