"""Against a real cluster (OpenSearch 2/3 or Elasticsearch 8): a French query finds a French
practice by its word forms, an Arabic query an Arabic practice however it is written, each word
matching either analysis, and a translation is found through its original, listed once; and
the judged queries in French, Spanish and Arabic rank on the cluster as on the database.

Runs only with a cluster in the environment (see test_es_live.py), e.g.

    scripts/with-search-node .venv/bin/python -m pytest -q tests/search/test_es_live_languages.py
"""

from wagtail.models import Locale

import pytest

from search.query import PracticeQuery
from search.service import search_practices
from tests.factories import PracticePageFactory

from .test_es_live import LIVE_MARKS, elasticsearch_engine  # noqa: F401 (autouse fixture)
from .test_es_live_relevance import MARGIN, live_cluster, measured

pytestmark = LIVE_MARKS


def titles(q, language):
    results = search_practices(PracticeQuery(q=q, language=language))
    return [hit.practice.title for hit in results.hits]


@pytest.fixture
def practices(practice_index):
    PracticePageFactory(
        title="Réseau de médiatrices",
        summary="Une médiatrice règle les conflits fonciers sur les collines.",
        language="fr",
    )
    PracticePageFactory(
        title="شبكة الوسيطات",
        summary="تعمل المرأة على السلام في المجتمعات المحلية.",
        language="ar",
    )
    PracticePageFactory(
        title="Water mediation",
        summary="Women mediators settle a water dispute.",
        language="en",
    )


def test_a_french_query_finds_a_french_practice_by_its_word_forms(practices):
    assert titles("médiatrices", "fr") == ["Réseau de médiatrices"]
    assert titles("mediatrices foncier", "fr") == ["Réseau de médiatrices"]
    # An English word typed by a French reader still finds the English practice.
    assert titles("dispute", "fr") == ["Water mediation"]


@pytest.mark.parametrize("q", ["المرأة", "الْمَرْأَةُ", "المراه", "السلام"])
def test_an_arabic_query_finds_an_arabic_practice_however_it_is_written(practices, q):
    assert titles(q, "ar") == ["شبكة الوسيطات"]


def test_a_translation_is_found_through_its_original_and_listed_once(practices, settings):
    settings.WAGTAIL_I18N_ENABLED = True
    original = PracticePageFactory(title="Peace huts", summary="Women meet in huts.")
    PracticePageFactory(
        title="Cases de la paix",
        summary="Les femmes se réunissent dans des cases.",
        locale=Locale.objects.get_or_create(language_code="fr")[0],
        translation_key=original.translation_key,
    )
    results = search_practices(PracticeQuery(q="réunissent", language="fr"))
    assert [hit.practice.pk for hit in results.hits] == [original.pk]
    assert search_practices(PracticeQuery()).count == 4


@pytest.mark.parametrize("language", ["fr", "es", "ar"])
def test_the_judged_queries_of_each_language_rank_as_on_the_database(language_practices, language):
    from search.engines import es_index
    from search.engines.elasticsearch import get_client

    es_index.rebuild(get_client(), "practices")
    queries = f"queries-{language}.json"
    count, database, _, _ = measured("database", queries)
    number, node, _, report = measured(live_cluster()[0], queries)
    print(f"\n{language}: {count} queries, mean nDCG@5 database {database:.3f}, node {node:.3f}")
    assert number == count > 0
    assert node >= database - MARGIN, report
