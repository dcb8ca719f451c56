"""What the Elasticsearch engine stores: the practice and provision documents and their mapping.

Elasticsearch analyses raw text itself, the way ``core.textsearch`` normalises it for the
database engine: words are split on anything that is not a letter or a digit, lower-cased,
accents folded ("Côte" is "cote") and reduced to their Snowball English stems ("mediators" is
"mediat"), the same stemmer the database engine uses. Each facet of the registry
(``search.facets.FACETS``) is a field of its declared type (keyword: exact values) holding
exactly the values of ``search.facets.facet_values``, so filters and counts agree with the
database.

Only public values go in: the organisation names unless withheld, the location unless the
practice is shown at country level only, never the contact fields. Only live, public practices
are indexed (``search.engines.es_index`` decides which).

Importing this module needs the ``elasticsearch`` extra; the rest of the site does not.
"""

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

from ..facets import FACETS, facet_values

TEXT = analyzer(
    "kb_text",
    tokenizer=tokenizer("kb_words", "pattern", pattern=r"[^\p{L}\p{N}]+"),
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("kb_english", "snowball", language="English"),
    ],
)
# Title order as the database engine sorts (LOWER(title)): lower-cased, accents kept.
LOWERCASE = normalizer("kb_lowercase", filter=["lowercase"])

# The body: every other public text a user may search for. Matches here rank below the title
# and summary (see the boosts in search.engines.elasticsearch).
BODY_FIELDS = ("description", "activities", "outcomes", "challenges", "lessons_learned")


def practice_document_class():
    """The practice document, with a field per facet of the registry as it is now."""
    fields = {
        "id": Integer(),
        "title": Text(analyzer=TEXT, fields={"sort": Keyword(normalizer=LOWERCASE)}),
        "summary": Text(analyzer=TEXT),
        # Highlighted, never searched on its own: the highlight is taken from the summary, the
        # title or the description, in that order, as the database engine does.
        "description": Text(analyzer=TEXT),
        "body": Text(analyzer=TEXT),
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
    index.document(DOCUMENTS[kind]())
    return index.to_dict()


def practice_document(practice):
    """The document of a live practice (countries, organisations and themes prefetched)."""
    facets = facet_values(practice)
    body = [getattr(practice, name) for name in BODY_FIELDS]
    body += [
        practice.public_location(),
        practice.public_organisation_names(),
        practice.country_names(),
        " ".join(practice.theme_names),
    ]
    return {
        "id": practice.pk,
        "title": practice.title,
        "summary": practice.summary,
        "description": practice.description,
        "body": "\n".join(text for text in body if text),
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
