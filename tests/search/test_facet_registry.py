"""The facet registry is the one declaration of a facet: a facet registered there, and nowhere
else, is read from URLs, documented, filtered and counted by the API, listed with its label,
named in the feed's title and mapped for Elasticsearch."""

from django.db import models
from django.http import QueryDict

import pytest

from search.engines.elasticsearch import counts_body, facet_body, page_body
from search.engines.es_documents import index_body, practice_document
from search.facets import FACETS, Facet, choices, facet_values
from search.query import PracticeQuery
from tests.factories import PracticePageFactory

pytestmark = pytest.mark.django_db


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    FRENCH = "fr", "French"


# Made up for the test: the practices' language, which is not a facet of the site.
LANGUAGE = Facet(
    "language",
    "Language",
    choices(Language),
    lambda practice: [practice.language],
    "Language the practice is written in; repeatable.",
    "fr",
)


@pytest.fixture
def language_facet(monkeypatch):
    monkeypatch.setitem(FACETS, "language", LANGUAGE)


@pytest.fixture
def practices(language_facet, practice_index):
    return [
        PracticePageFactory(title="Médiatrices", language="fr", countries=["CI"]),
        PracticePageFactory(title="Artisanes de paix", language="fr", countries=["SN"]),
        PracticePageFactory(title="Mediators", language="en", countries=["KE"]),
    ]


def test_the_made_up_facet_is_not_there_without_its_registration():
    assert "language" not in FACETS
    query = PracticeQuery.from_params(QueryDict("language=fr"))
    assert query.filters == {}


def test_the_query_reads_and_writes_a_registered_facet(language_facet):
    query = PracticeQuery.from_params(QueryDict("language=fr&agenda=WPS&language=en&language=fr"))
    assert query.filters == {"agenda": ("WPS",), "language": ("fr", "en")}
    assert query.to_params() == [("agenda", "WPS"), ("language", "fr"), ("language", "en")]


def test_the_openapi_document_lists_a_registered_facet(client, language_facet):
    document = client.get("/api/v1/schema/").json()
    parameters = {p["name"]: p for p in document["paths"]["/practices/"]["get"]["parameters"]}
    assert parameters["language"]["schema"] == {
        "type": "array",
        "items": {"type": "string", "enum": ["en", "fr"]},
    }
    assert parameters["language"]["description"].startswith("Language the practice is written")
    assert parameters["language"]["example"] == ["fr"]
    facets = document["components"]["schemas"]["PracticeList"]["properties"]["facets"]
    assert "language" in facets["required"]


def test_the_api_filters_by_and_counts_a_registered_facet(client, practices):
    data = client.get("/api/v1/practices/", {"language": "fr"}).json()
    assert data["count"] == 2
    assert sorted(result["title"] for result in data["results"]) == [
        "Artisanes de paix",
        "Médiatrices",
    ]
    # The ticked facet is counted without its own filter: English stays, with what it adds.
    assert data["facets"]["language"] == {"fr": 2, "en": 1}
    assert client.get("/api/v1/practices/").json()["facets"]["language"] == {"fr": 2, "en": 1}


def test_the_listing_and_the_feed_name_a_registered_facet_and_its_values(client, practices):
    html = client.get("/practices/", {"language": "fr"}).content.decode()
    assert "<legend>Language</legend>" in html
    assert 'French <span class="facet-count">(2)</span>' in html
    assert "Language: French" in html  # the active filter
    feed = client.get("/practices/feed/", {"language": "fr"}).content.decode()
    assert "language: French" in feed


def test_elasticsearch_maps_indexes_filters_and_counts_a_registered_facet(practices):
    assert index_body("practices")["mappings"]["properties"]["language"] == {"type": "keyword"}
    practice = practices[0]
    assert facet_values(practice)["language"] == ["fr"]
    assert practice_document(practice)["language"] == ["fr"]
    query = PracticeQuery.from_params(QueryDict("language=fr"))
    language = {"terms": {"language": ["fr"]}}
    assert page_body(query)["query"] == {"bool": {"filter": [language]}}
    assert counts_body(query)["query"] == {"bool": {"filter": [language]}}
    assert "language" not in counts_body(query)["aggs"]
    # Counted apart, without its own filter.
    assert "query" not in facet_body(query, "language")
    assert facet_body(query, "language")["aggs"]["language"] == {
        "filter": {"match_all": {}},
        "aggs": {"values": {"terms": {"field": "language", "size": 500}}},
    }
