"""The more_like_this requests of the suggestions on Elasticsearch, without a server: the same
candidates as the database engine (search.suggestions), and the answers read back."""

import pytest

from core.textsearch import STOPWORDS
from core.vocabulary import FrameworkKind
from practices.models import PracticeProvisionLink
from search.engines.elasticsearch import ElasticsearchEngine
from search.engines.es_queries import related_practices_body, related_provisions_body
from search.suggestions import SuggestionSubject
from tests.factories import FrameworkPageFactory, PracticePageFactory, ProvisionFactory, draft

from .es_fakes import FakeClient

pytestmark = pytest.mark.django_db
# The engines share one list of stop words (core.textsearch): the request sends all of them.
STOP_WORDS = sorted(STOPWORDS)


def more_like_this(fields, like):
    return {
        "more_like_this": {
            "fields": fields,
            "like": like,
            "min_term_freq": 1,
            "min_doc_freq": 1,
            "max_query_terms": 25,
            "minimum_should_match": "1",
            "stop_words": STOP_WORDS,
        }
    }


@pytest.fixture
def kenya(framework_index):
    return FrameworkPageFactory(title="Kenya NAP", country="KE")


@pytest.fixture
def practice(practice_index):
    return PracticePageFactory(
        title="Peace committees",
        summary="Women joined peace committees.",
        description="They mediate.",
        countries=["KE", "SO"],
        themes=["mediation"],
    )


def test_provisions_of_the_practice_countries_and_supranational_frameworks(practice, kenya):
    linked = ProvisionFactory(framework=kenya, code="1", text="Committees.")
    PracticeProvisionLink.objects.create(practice=practice, provision=linked)
    practice.refresh_from_db()
    assert related_provisions_body(SuggestionSubject.from_practice(practice)) == {
        "query": {
            "bool": {
                "must": [
                    more_like_this(
                        ["text", "framework_title"],
                        "Peace committees\nWomen joined peace committees.\nThey mediate.\n"
                        "mediation",
                    )
                ],
                "filter": [
                    {
                        "bool": {
                            "should": [
                                {"terms": {"framework_kind": ["rap", "global"]}},
                                {"terms": {"framework_country": ["KE", "SO"]}},
                            ]
                        }
                    }
                ],
                "must_not": [{"ids": {"values": [str(linked.pk)]}}],
            }
        },
        "sort": [{"_score": {"order": "desc"}}, {"id": {"order": "asc"}}],
        "size": 5,
        "track_scores": True,
        "_source": False,
    }


def test_a_subject_without_countries_or_links_gets_supranational_provisions(practice, kenya):
    body = related_provisions_body(SuggestionSubject("Peace committees"), limit=10)
    assert body["query"]["bool"]["filter"] == [
        {"bool": {"should": [{"terms": {"framework_kind": ["rap", "global"]}}]}}
    ]
    assert "must_not" not in body["query"]["bool"]
    assert body["size"] == 10


def test_nothing_is_asked_for_a_subject_without_words(kenya):
    client = FakeClient()
    assert ElasticsearchEngine(client).related_provisions(SuggestionSubject("", ("KE",))) == []
    assert client.calls == []


def test_practices_of_a_national_framework_country_not_yet_linked(practice, kenya):
    provision = ProvisionFactory(framework=kenya, code="2", text="Women sit on committees.")
    PracticeProvisionLink.objects.create(practice=practice, provision=provision)
    body = related_practices_body(provision)
    assert body["query"]["bool"] == {
        "must": [
            more_like_this(["title", "summary", "body"], "Women sit on committees.\nKenya NAP")
        ],
        "filter": [{"terms": {"country": ["KE"]}}],
        "must_not": [{"ids": {"values": [str(practice.pk)]}}],
    }


def test_practices_of_any_country_for_a_global_framework(framework_index):
    resolution = FrameworkPageFactory(
        title="S/RES/2250", kind=FrameworkKind.GLOBAL, country="", external_id="s-res-2250"
    )
    provision = ProvisionFactory(framework=resolution, code="op1", text="Youth take part.")
    assert list(related_practices_body(provision)["query"]["bool"]) == ["must"]


def test_suggestions_are_read_back_live_only_in_the_engine_order(practice, kenya):
    first = ProvisionFactory(framework=kenya, code="3", text="One.")
    second = ProvisionFactory(framework=kenya, code="4", text="Two.")
    answer = {
        "_shards": {"total": 1, "successful": 1, "failed": 0},
        "hits": {
            "hits": [
                {"_id": str(second.pk), "_score": 3.21},
                {"_id": "999999", "_score": 2.0},  # deleted since it was indexed
                {"_id": str(first.pk), "_score": 1.5},
            ]
        },
    }
    client = FakeClient({"search": answer})
    subject = SuggestionSubject.from_practice(practice)
    suggestions = ElasticsearchEngine(client).related_provisions(subject)
    assert [(s.item, s.score) for s in suggestions] == [(second, 3.21), (first, 1.5)]
    assert client.calls[0][1]["index"] == "kb_provisions"
    hidden = draft(PracticePageFactory(title="Draft"))
    client.answers["search"] = {
        "hits": {"hits": [{"_id": str(hidden.pk), "_score": 2}, {"_id": str(practice.pk)}]}
    }
    suggestions = ElasticsearchEngine(client).related_practices(first)
    assert [(s.item, s.score) for s in suggestions] == [(practice, 0.0)]
    assert client.calls[1][1]["index"] == "kb_practices"
