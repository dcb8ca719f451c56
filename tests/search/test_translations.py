"""Translations of a practice (pages of other locales with its ``translation_key``) are found
through their original, the oldest live page of them, and never as practices of their own:
not in suggestions, and not lost from the cluster when the original leaves."""

from wagtail.models import Locale

import pytest

from search import signals
from search.service import get_engine
from tests.factories import FrameworkPageFactory, PracticePageFactory, ProvisionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(practice_index, framework_index, settings):
    settings.WAGTAIL_I18N_ENABLED = True
    settings.PRACTICE_SEARCH_ENGINE = "search.engines.database.DatabaseEngine"
    original = PracticePageFactory(
        title="County peace committees",
        summary="Women sit on the county peace committees.",
        countries=["KE"],
        language="en",
    )
    translation = PracticePageFactory(
        title="Comités de paix du comté",
        summary="Les femmes siègent aux comités de paix (peace committees) du comté.",
        countries=["KE"],
        locale=Locale.objects.get_or_create(language_code="fr")[0],
        translation_key=original.translation_key,
    )
    return original, translation


def test_a_translation_is_never_suggested_beside_its_original(family):
    original, translation = family
    provision = ProvisionFactory(
        framework=FrameworkPageFactory(country="KE"),
        text="Women sit on county peace committees.",
    )
    suggested = [s.item.pk for s in get_engine().related_practices(provision)]
    assert suggested == [original.pk]


@pytest.fixture
def queued(monkeypatch):
    calls = []
    monkeypatch.setattr(signals, "_enqueue", lambda name, pk: calls.append((name, pk)))
    return calls


def test_a_withdrawn_original_hands_the_cluster_over_to_its_translation(family, queued):
    original, translation = family
    original.unpublish()
    # The translation is now the oldest live page: its own document is written.
    assert ("index_practice_task", translation.pk) in queued


def test_a_republished_original_takes_its_translation_out_of_the_cluster(family, queued):
    original, translation = family
    original.unpublish()
    queued.clear()
    original.save_revision().publish()
    # index_practice_task removes a page that is not an original (es_index.practices_to_index).
    assert ("index_practice_task", translation.pk) in queued
    assert ("index_practice_task", original.pk) in queued


def test_a_practice_is_indexed_again_in_its_new_language(practice_index, settings):
    from django.http import QueryDict

    from search.query import PracticeQuery
    from search.service import search_practices

    settings.PRACTICE_SEARCH_ENGINE = "search.engines.database.DatabaseEngine"

    def found():
        query = PracticeQuery.from_params(QueryDict("q=réseau"), language="fr")
        return [hit.practice.pk for hit in search_practices(query).hits]

    practice = PracticePageFactory(title="Des réseaux de femmes", language="en")
    assert found() == []  # "réseaux" read as English is not "réseau"
    practice.language = "fr"
    practice.save_revision().publish()
    assert found() == [practice.pk]


def test_the_listings_downloads_read_the_words_as_the_listing_does(client, practice_index):
    """The listing's "Download these results" gives the practices the listing shows: the CSV
    and the feed read the words in the interface's language too (the API's ``lang``)."""
    from django.test import RequestFactory
    from django.utils import translation

    from search.views import practice_listing

    PracticePageFactory(title="Réseau de médiatrices", summary="Une médiatrice.", language="fr")
    request = RequestFactory().get("/practices/", {"q": "réseaux"})
    with translation.override("fr"):
        listing = practice_listing(request)
    assert [hit.practice.title for hit in listing["results"].hits] == ["Réseau de médiatrices"]
    csv = b"".join(client.get(f"/practices/export.csv?{listing['download_querystring']}"))
    assert "Réseau de médiatrices" in csv.decode()
    feed = client.get(f"/practices/feed/?{listing['download_querystring']}").content.decode()
    assert "Réseau de médiatrices" in feed
    # In English, nothing is added: the words are read in English anyway.
    with translation.override("en"):
        assert practice_listing(request)["download_querystring"] == "q=r%C3%A9seaux"


def test_a_provision_carried_out_by_a_practice_and_its_translation_counts_it_once(family):
    from practices.models import PracticeProvisionLink
    from search.engines.database_suggestions import practices_carrying_out

    original, translation = family
    provision = ProvisionFactory(framework=FrameworkPageFactory(country="KE"))
    for page in (original, translation):  # a translation copies its original's links
        PracticeProvisionLink.objects.create(
            practice=page, provision=provision, relation="implements"
        )
    assert practices_carrying_out([provision.pk])[provision.pk] == 1
