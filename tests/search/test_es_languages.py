"""The Elasticsearch engine in French, Spanish and Arabic: fields and analysers of each
language in the mapping, the practice's text and its translations' in them, and queries that
match each word in the visitor's language's fields or the English ones. No server: the mapping
and the request bodies are compared with what they must be (the live suite,
test_es_live_languages.py, runs them on a real node)."""

from wagtail.models import Locale

import pytest

from search.engines.elasticsearch import TEXT_FIELDS, counts_body, page_body
from search.engines.es_documents import index_body, practice_document
from search.engines.es_index import practices_to_index
from search.query import PracticeQuery
from tests.factories import PracticePageFactory

FRENCH = ["title_fr^4", "summary_fr^3", "body_fr"]


def word(text, fields):
    return {"multi_match": {"query": text, "fields": fields, "type": "cross_fields"}}


def group(text, language_fields):
    """One word: its English analysis or its analysis in the visitor's language."""
    return {
        "bool": {
            "should": [word(text, TEXT_FIELDS), word(text, language_fields)],
            "minimum_should_match": 1,
        }
    }


def test_the_mapping_has_an_analyser_and_fields_for_each_language():
    body = index_body("practices")
    analysis = body["settings"]["analysis"]
    french = analysis["analyzer"]["kb_text_fr"]
    assert french["filter"] == ["lowercase", "kb_stop_fr", "kb_stem_fr", "asciifolding"]
    assert analysis["filter"]["kb_stem_fr"] == {"type": "snowball", "language": "French"}
    stop = analysis["filter"]["kb_stop_fr"]["stopwords"]
    assert "très" in stop and "tres" in stop and "femmes" not in stop
    assert analysis["analyzer"]["kb_text_es"]["filter"][2] == "kb_stem_es"
    arabic = analysis["analyzer"]["kb_text_ar"]
    assert arabic["filter"] == [
        "lowercase",
        "decimal_digit",
        "arabic_normalization",
        "kb_stop_ar",
        "kb_stem_ar",
    ]
    assert analysis["filter"]["kb_stem_ar"] == {"type": "stemmer", "language": "arabic"}
    assert "علي" in analysis["filter"]["kb_stop_ar"]["stopwords"]  # على, normalised
    properties = body["mappings"]["properties"]
    for language in ("fr", "es", "pt", "ar"):
        for field in ("title", "summary", "body"):
            assert properties[f"{field}_{language}"] == {
                "type": "text",
                "analyzer": f"kb_text_{language}",
            }


def text_of(query, every_word=True):
    """The text's bool clauses, as the page ranks with them."""
    return page_body(query, every_word)["query"]["bool"]["must"][0]["bool"]


def test_an_english_query_sends_the_english_fields_only():
    assert text_of(PracticeQuery(q="mediators"))["must"] == [
        {
            "multi_match": {
                "query": "mediators",
                "fields": TEXT_FIELDS,
                "type": "cross_fields",
                "operator": "and",
            }
        }
    ]


def test_a_french_query_matches_each_word_in_french_or_english_fields():
    text = text_of(PracticeQuery(q="les médiatrices foncières", language="fr"))
    # Stop words of either language left out; one group a word, every group required.
    assert text["must"] == [
        {"bool": {"must": [group("médiatrices", FRENCH), group("foncières", FRENCH)]}}
    ]
    phrase = {"query": "médiatrices foncières", "type": "phrase", "slop": 10}
    assert text["should"] == [
        {
            "bool": {
                "should": [
                    {"multi_match": {**phrase, "fields": TEXT_FIELDS}},
                    {"multi_match": {**phrase, "fields": FRENCH}},
                ],
                "minimum_should_match": 1,
            }
        }
    ]


def test_the_second_pass_counts_word_groups():
    query = PracticeQuery(q="médiatrices foncières", language="fr")
    text = text_of(query, every_word=False)
    groups = [group("médiatrices", FRENCH), group("foncières", FRENCH)]
    assert text["must"] == [{"bool": {"should": groups, "minimum_should_match": 1}}]
    all_words, first, second = text["should"][:3]
    assert all_words == {"constant_score": {"filter": {"bool": {"must": groups}}, "boost": 1000.0}}
    assert first == {"constant_score": {"filter": groups[0], "boost": 10.0}}
    assert second == {"constant_score": {"filter": groups[1], "boost": 10.0}}
    assert counts_body(query, every_word=False)["aggs"]["all_words"]["filter"] == {
        "bool": {"must": groups}
    }


def test_an_arabic_query_targets_the_arabic_fields_and_phrases_and_exclusions_too():
    arabic = ["title_ar^4", "summary_ar^3", "body_ar"]
    text = text_of(PracticeQuery(q='"الوسيطات في ليبيا" -الحرب', language="ar"))
    phrase = {"query": "الوسيطات في ليبيا", "type": "phrase", "slop": 0}
    assert text["filter"] == [
        {
            "bool": {
                "should": [
                    {"multi_match": {**phrase, "fields": TEXT_FIELDS}},
                    {"multi_match": {**phrase, "fields": arabic}},
                ],
                "minimum_should_match": 1,
            }
        }
    ]
    excluded = text["must_not"][0]["bool"]["should"]
    assert [clause["multi_match"]["fields"] for clause in excluded] == [TEXT_FIELDS, arabic]


def test_an_interface_language_without_fields_reads_in_english():
    for body in (counts_body, page_body):
        assert body(PracticeQuery(q="mediators", language="sw")) == body(
            PracticeQuery(q="mediators")
        )


@pytest.mark.django_db
def test_the_document_holds_the_practice_and_its_translations_in_their_languages(
    practice_index, settings
):
    settings.WAGTAIL_I18N_ENABLED = True
    original = PracticePageFactory(
        title="Réseau de médiatrices",
        summary="Des médiatrices sur les collines.",
        description="Elles règlent les conflits.",
        language="fr",
    )
    spanish = PracticePageFactory(
        title="Red de mediadoras",
        summary="Mediadoras en las colinas.",
        locale=Locale.objects.get_or_create(language_code="es")[0],
        translation_key=original.translation_key,
    )
    english = PracticePageFactory(
        title="Mediators' network",
        summary="Women mediators in the hills.",
        locale=Locale.objects.create(language_code="en-gb"),
        translation_key=original.translation_key,
    )
    indexed = list(practices_to_index())
    assert [p.pk for p in indexed] == [original.pk]  # the translations are not documents
    document = practice_document(indexed[0])
    assert document["title"] == "Réseau de médiatrices"
    assert document["title_fr"] == ["Réseau de médiatrices"]
    assert document["summary_fr"] == ["Des médiatrices sur les collines."]
    assert "Elles règlent les conflits." in document["body_fr"]
    assert document["title_es"] == ["Red de mediadoras"]
    assert document["summary_es"] == ["Mediadoras en las colinas."]
    # An English translation is found through the English fields.
    assert "Mediators' network" in document["body"]
    assert "Women mediators in the hills." in document["body"]
    assert "title_ar" not in document
    assert spanish.pk != english.pk
