"""What the Elasticsearch engine stores: the practice and provision documents and their mapping.

Elasticsearch analyses raw text itself, the way ``core.textsearch`` normalises it for the
database engine: words are split on anything that is not a letter or a digit, lower-cased,
accents folded ("Côte" is "cote"), stop words left out (``core.textsearch.STOPWORDS``, the
same list; a left-out word keeps its position, so a phrase still matches across it), spelt the
American way ("localisation" is "localization": token filters generated from
``core.textsearch.SPELLING_RULES``, see ``spelling_filters``) and reduced to their Snowball
English stems ("mediators" is "mediat"), the same stemmer the database engine uses. A change of
any of these needs ``es_index rebuild``. Each facet of the registry
(``search.facets.FACETS``) is a field of its declared type (keyword: exact values) holding
exactly the values of ``search.facets.facet_values``, so filters and counts agree with the
database. Text written in French, Spanish, Portuguese or Arabic (the practice's own, and its
live translations', ``core.textsearch.live_translations``) is also in the fields of that
language, analysed as ``core.textsearch`` analyses it (``language_analyzer``).

Only public values go in: the organisation names unless withheld, the location unless the
practice is shown at country level only, never the contact fields. Only live, public practices
are indexed (``search.engines.es_index`` decides which).

Importing this module needs the ``elasticsearch`` extra; the rest of the site does not.
"""

import re

from django.conf import settings

from elasticsearch.dsl import (
    Date,
    Document,
    Field,
    Index,
    Integer,
    Keyword,
    Text,
    analyzer,
    normalizer,
    token_filter,
    tokenizer,
)

from core.stopwords import STOPWORDS_BY_LANGUAGE
from core.textsearch import (
    ENGLISH,
    SNOWBALL,
    SPELLING_RULES,
    STOPWORDS,
    analysis_language,
    arabic,
    fold,
    live_translations,
    text_language,
)

from ..facets import FACETS, facet_values

_GROUP = re.compile(r"\\(\d)")


def java_pattern(pattern, exception=None):
    """``pattern`` (a ``re`` pattern of a spelling rule) as one regular expression that Java
    and Python read alike, its ``exception`` built in: an ``exception`` of the form
    ``(a|bc|[xy]z)$`` (searched at the end of the first group) becomes negative look-behinds
    after that group, one per alternative so that each has a fixed width (Python needs that)."""
    source = pattern.pattern
    if exception is None:
        return source
    inner = exception.pattern
    alternatives = inner[1:-2].split("|")
    if not (inner.startswith("(") and inner.endswith(")$")) or any(
        "(" in alt or ")" in alt for alt in alternatives
    ):
        raise ValueError(f"cannot turn the exception {inner!r} into look-behinds")
    if not source.startswith("^(") or "(" in source[2 : source.index(")")]:
        raise ValueError(f"the rule {source!r} must start with its first group")
    end = source.index(")") + 1
    guards = "".join(f"(?<!{alt})" for alt in alternatives)
    return source[:end] + guards + source[end:]


def java_replacement(replacement):
    """A ``re`` replacement (groups as \\1) in Java's form (groups as $1)."""
    if re.search(r"\\\d\d", replacement) or "$" in replacement:
        raise ValueError(f"ambiguous replacement {replacement!r}")
    return _GROUP.sub(r"$\1", replacement)


def spelling_filters():
    """``core.textsearch.SPELLING_RULES`` as Elasticsearch ``pattern_replace`` token filters, in
    the rules' order. A rule's output is never matched by a later rule (the American endings
    are not British ones), so applying them in turn is ``american()``'s first-rule-wins;
    tests/search/test_es_index.py checks it word by word."""
    return [
        token_filter(
            f"kb_spelling_{number}",
            "pattern_replace",
            pattern=java_pattern(pattern, exception),
            replacement=java_replacement(replacement),
        )
        for number, (pattern, exception, replacement) in enumerate(SPELLING_RULES, 1)
    ]


TEXT = analyzer(
    "kb_text",
    tokenizer=tokenizer("kb_words", "pattern", pattern=r"[^\p{L}\p{N}]+"),
    filter=[
        "lowercase",
        "asciifolding",
        # Positions are kept (a left-out word leaves a gap), as phrases need.
        token_filter("kb_stop", "stop", stopwords=sorted(STOPWORDS)),
        *spelling_filters(),
        token_filter("kb_english", "snowball", language="English"),
    ],
)


def language_analyzer(language):
    """The analyser of text written in ``language`` (one of ``core.textsearch.SNOWBALL``), as
    ``core.textsearch`` analyses it for the database engine: words split alike, lower-cased,
    the language's stop words (``core.stopwords``, as written and without accents) left out,
    stemmed by the language's stemmer, then accents folded (so that "médiatrices" and
    "mediatrice" meet). Arabic is normalised first (Lucene's ``arabic_normalization``: alef
    forms, taa marbuta, alef maqsura, diacritics and tatweel, as ``core.textsearch.arabic``),
    its digits made ASCII, and stemmed by Lucene's Arabic light stemmer (the cluster's own
    stems; the database engine uses Snowball's)."""
    listed = STOPWORDS_BY_LANGUAGE[language]
    if language == "ar":
        stop_words = sorted({arabic(word) for word in listed})
        filters = [
            "lowercase",
            "decimal_digit",
            "arabic_normalization",
            token_filter("kb_stop_ar", "stop", stopwords=stop_words),
            token_filter("kb_stem_ar", "stemmer", language="arabic"),
        ]
    else:
        stop_words = sorted(set(listed) | {fold(word) for word in listed})
        filters = [
            "lowercase",
            token_filter(f"kb_stop_{language}", "stop", stopwords=stop_words),
            token_filter(
                f"kb_stem_{language}", "snowball", language=SNOWBALL[language].capitalize()
            ),
            "asciifolding",
        ]
    return analyzer(
        f"kb_text_{language}",
        tokenizer=tokenizer("kb_words", "pattern", pattern=r"[^\p{L}\p{N}]+"),
        filter=filters,
    )


# The languages with fields of their own: a practice's text written in one of them (its own,
# or a live translation's) is also in ``title_<code>``, ``summary_<code>`` and ``body_<code>``,
# analysed in that language; a query typed in it matches each word there or in the English
# fields (see ``search.engines.elasticsearch``).
LANGUAGES = tuple(SNOWBALL)
LANGUAGE_ANALYZERS = {language: language_analyzer(language) for language in LANGUAGES}


def language_fields(language):
    """The text fields of ``language``, boosted as the English ones are."""
    return [f"title_{language}^4", f"summary_{language}^3", f"body_{language}"]


# Title order as the database engine sorts (LOWER(title)): lower-cased, accents kept.
LOWERCASE = normalizer("kb_lowercase", filter=["lowercase"])

# The body: every other public text a user may search for. Matches here rank below the title
# and summary (see the boosts in search.engines.elasticsearch).
BODY_FIELDS = ("description", "activities", "outcomes", "challenges", "lessons_learned")


HIGHLIGHTED = "offsets"


def practice_document_class():
    """The practice document, with a field per facet of the registry as it is now."""
    fields = {
        "id": Integer(),
        # The highlighted fields keep their words' offsets in the index, so the highlighter
        # reads where each word is instead of analysing every hit's text again (with its
        # spelling filters and stemmer: most of a page's time on the node).
        "title": Text(
            analyzer=TEXT,
            index_options=HIGHLIGHTED,
            fields={"sort": Keyword(normalizer=LOWERCASE)},
        ),
        "summary": Text(analyzer=TEXT, index_options=HIGHLIGHTED),
        # Highlighted, never searched on its own: the highlight is taken from the summary, the
        # title or the description, in that order, as the database engine does.
        "description": Text(analyzer=TEXT, index_options=HIGHLIGHTED),
        "body": Text(analyzer=TEXT),
        **{
            f"{field}_{language}": Text(analyzer=LANGUAGE_ANALYZERS[language])
            for language in LANGUAGES
            for field in ("title", "summary", "body")
        },
        **{name: Field.get_dsl_class(facet.search_type)() for name, facet in FACETS.items()},
        "start_year": Integer(),
        "end_year": Integer(),
        "first_published_at": Date(),
    }
    return type("PracticeDocument", (Document,), fields)


class ProvisionDocument(Document):
    id = Integer()
    text = Text(analyzer=TEXT)
    framework_title = Text(analyzer=TEXT)
    framework_id = Integer()
    framework_kind = Keyword()
    framework_country = Keyword()


def alias_name(kind):
    """The alias that searches and updates go through, e.g. ``kb_practices``."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}{kind}"


DOCUMENTS = {"practices": practice_document_class, "provisions": lambda: ProvisionDocument}


def index_body(kind):
    """The settings and mapping of a new index for ``kind`` ("practices" or "provisions")."""
    index = Index("unused")
    # One shard holds far more than this registry will ever have (see README, sizing); replicas
    # come from the environment, 0 on a single-node cluster.
    index.settings(
        number_of_shards=1,
        number_of_replicas=getattr(settings, "ELASTICSEARCH_REPLICAS", 1),
    )
    if getattr(settings, "SEARCH_ENGINE", "") == "opensearch" and getattr(
        settings, "OPENSEARCH_CONCURRENT_SEARCH", True
    ):
        # One search on several threads, a slice of the segments each: on a large index a
        # common query's ranking and counts no longer wait on one core (OpenSearch 2.17+).
        index.settings(search={"concurrent_segment_search": {"mode": "all"}})
    index.document(DOCUMENTS[kind]())
    return index.to_dict()


def _body_texts(practice):
    body = [getattr(practice, name) for name in BODY_FIELDS]
    return body + [
        practice.public_location(),
        practice.public_organisation_names(),
        practice.country_names(),
        " ".join(practice.theme_names),
    ]


def language_texts(practice):
    """The fields of the languages with fields of their own: the practice's text in its own
    language, and each live translation's in the translation's (``live_translations``: the
    original's document holds them, so a translation is found through it and listed once). An
    English translation's text goes to the English ``body``: returned under ``ENGLISH``."""
    by_language = {}

    def add(language, title, summary, body):
        fields = by_language.setdefault(language, {"title": [], "summary": [], "body": []})
        fields["title"].append(title)
        fields["summary"].append(summary)
        fields["body"] += body

    own = analysis_language(text_language(practice))
    if own != ENGLISH:
        add(own, practice.title, practice.summary, _body_texts(practice))
    for translation, language in live_translations(practice):
        add(
            analysis_language(language),
            translation.title,
            translation.summary,
            [getattr(translation, name) for name in BODY_FIELDS],
        )
    english = by_language.pop(ENGLISH, None)
    document = {
        f"{field}_{language}": [text for text in texts if text]
        for language, fields in by_language.items()
        for field, texts in fields.items()
    }
    extra_english = []
    if english:
        extra_english = [t for t in english["title"] + english["summary"] + english["body"] if t]
    return document, extra_english


def practice_document(practice):
    """The document of a live practice (countries, organisations and themes prefetched)."""
    facets = facet_values(practice)
    body = _body_texts(practice)
    languages, english_translations = language_texts(practice)
    body += english_translations
    return {
        "id": practice.pk,
        "title": practice.title,
        "summary": practice.summary,
        "description": practice.description,
        # One value per text: Elasticsearch leaves a gap of 100 positions between the values of
        # a field, so a phrase (or the proximity bonus) never joins the end of one text to the
        # start of the next.
        "body": [text for text in body if text],
        **languages,
        **{facet: list(dict.fromkeys(values)) for facet, values in facets.items()},
        "start_year": practice.start_year,
        "end_year": practice.end_year,
        "first_published_at": (
            practice.first_published_at.isoformat() if practice.first_published_at else None
        ),
    }


def provision_document(provision):
    framework = provision.framework
    return {
        "id": provision.pk,
        "text": provision.text,
        "framework_title": framework.title,
        "framework_id": framework.pk,
        "framework_kind": framework.kind,
        "framework_country": framework.country or None,
    }
