"""The practice exchange format: one record of ``{"practices": [...]}`` (product.md, Contracts).

Import and export share this module so that what one writes the other reads: the schema lists
the keys in the order exports write them, and ``practice_record`` is its inverse.

The safety options travel with every record. A public export (and the API) holds only what the
public sees: the organisations of a practice that withholds them and the location of one shown
at country level are left out, as is the private contact; of the organisations and links it
shows, it names only the confirmed organisations and the links to live frameworks. An import
therefore keeps the stored value of a key that a record leaves out (``keeps_stored``), and of a
withheld one it gives empty, and keeps the stored organisations and links the public may not
see that a record does not name (``keeping_hidden``): importing a public export or the API's
output over the site never drops what it could not show, and into an empty site it reveals
nothing it did not have.
"""

from itertools import islice

from django.conf import settings

from core.importing import (
    Boolean,
    Choice,
    Choices,
    Countries,
    Email,
    Integer,
    Object,
    Objects,
    Schema,
    Strings,
    Text,
    Urls,
    check_period,
)
from core.models import content_locale_code
from core.vocabulary import (
    Agenda,
    Challenge,
    Level,
    Pillar,
    Relation,
    Stakeholder,
    practice_language_code,
)

from .models import LANGUAGE_CHOICES, validate_year
from .serialisers import EXCHANGE, TRANSLATED_FIELDS, Audience, publicly_shown, serialise

# Keys the API adds to each result; a file saved from the API imports without editing.
API_ONLY_KEYS = ("id", "url", "region", "highlight")

SAFETY = Schema({"withhold_organisation": Boolean(), "country_level_only": Boolean()})


class LanguageChoice(Choice):
    """A practice's language: records written before the registry had its own list of languages
    carry Django's codes ("pt-br", "zh-hans"), which read as the registry's ("pt", "zh")."""

    def convert(self, value):
        return super().convert(practice_language_code(value) if isinstance(value, str) else value)


CONTACT = Schema({"name": Text(max_length=255, one_line=True), "email": Email()})

PROVISION_LINK = Schema(
    {
        "framework": Text(required=True, max_length=100, one_line=True),
        "code": Text(required=True, max_length=50, one_line=True),
        "relation": Choice(Relation, default=Relation.IMPLEMENTS),
    },
    ignored=("url",),  # the API adds the provision's address
)

# A translation of a practice: imported as a page in that language's locale (Wagtail's
# translation of the practice's page), identified by the practice's external_id and the language.
# Text it leaves empty is the original's.
TRANSLATION = Schema(
    {
        "language": Choice(settings.WAGTAIL_CONTENT_LANGUAGES, required=True),
        "title": Text(required=True, max_length=255, one_line=True),
        "summary": Text(required=True, max_length=300),
        "description": Text(required=True),
    }
    | {
        name: Text()
        for name in TRANSLATED_FIELDS
        if name not in ("title", "summary", "description")
    }
)


def check_translations(values):
    """Record check: a practice is not translated into the language it lives in."""
    own = content_locale_code(values.get("language") or settings.LANGUAGE_CODE)
    return [
        (f"translations[{number}].language", f"is the practice's own locale ({own})")
        for number, translation in enumerate(values.get("translations") or [], start=1)
        if translation["language"] == own
    ]


PRACTICE = Schema(
    {
        "external_id": Text(required=True, max_length=100, one_line=True),
        "title": Text(required=True, max_length=255, one_line=True),
        "summary": Text(required=True, max_length=300),
        "description": Text(required=True),
        "organisations": Strings(max_length=255, unique=True, keep_when_absent=True),
        # Absent from the sources' files, which write the credit into the organisation's
        # name: the importer splits it out (core.text.split_credit).
        "credit_line": Text(max_length=500, one_line=True, keep_when_absent=True),
        "countries": Countries(),
        "location": Text(max_length=255, one_line=True, keep_when_absent=True),
        "level": Choice(Level, default=Level.LOCAL),
        "agendas": Choices(Agenda),
        "pillars": Choices(Pillar),
        # Tag names are at most 100 characters in django-taggit.
        "themes": Strings(max_length=100),
        "start_year": Integer(validators=[validate_year]),
        "end_year": Integer(validators=[validate_year]),
        "stakeholders": Choices(Stakeholder),
        "activities": Text(),
        "outcomes": Text(),
        "challenge_types": Choices(Challenge),
        "challenges": Text(),
        "lessons_learned": Text(),
        "funding": Text(),
        "provisions": Objects(PROVISION_LINK, unique=("framework", "code")),
        "frameworks": Strings(max_length=100, unique=True),
        "sources": Urls(),
        "language": LanguageChoice(LANGUAGE_CHOICES, default="en"),
        # A record without the key keeps the stored translations; [] keeps them too (translations
        # are removed in the CMS, never by an import).
        "translations": Objects(TRANSLATION, unique=("language",), keep_when_absent=True),
        # The API leaves the safety options out; importing its output must not lift them.
        "safety": Object(SAFETY, keep_when_absent=True),
        # Public exports leave the contact out; importing one must not erase it.
        "contact": Object(CONTACT, keep_when_absent=True),
    },
    ignored=API_ONLY_KEYS,
    checks=[check_period, check_translations],
)


def keeps_stored(values, name, withheld):
    """Whether an imported record leaves the stored ``name`` of a practice alone: when it leaves
    the key out, or gives it empty while the practice withholds it (as the API does)."""
    return name not in values or (withheld and not values[name])


def keeping_hidden(name, stored, imported, identity):
    """The rows an import stores for relation ``name`` of a practice: the ``imported`` ones, with
    each ``stored`` row that the public may not see (``serialisers.PUBLIC_ROWS``) and that no
    imported row names (by ``identity``) kept in its place. The imported rows fill the other
    places in their order, and any left over follow."""
    named = {identity(row) for row in imported}
    kept = [not publicly_shown(name, row) and identity(row) not in named for row in stored]
    if not any(kept):
        return list(imported)
    incoming = iter(imported)
    merged = []
    for row, keep in zip(stored, kept, strict=True):
        if keep:
            merged.append(row)
        else:
            merged.extend(islice(incoming, 1))
    merged.extend(incoming)
    return merged


def practice_record(page, include_private=False):
    """A practice as an import record, with lists in a stable order so exports can be diffed;
    without ``include_private``, only what the public sees (see the module's docstring). The
    keys and what each audience sees of them are declared in ``practices.serialisers``."""
    audience = Audience.EXPORT if include_private else Audience.PUBLIC
    return serialise(page, EXCHANGE, audience)


EXPORT_PREFETCH = (
    "practice_organisations__organisation",
    "countries",
    "tagged_items__tag",
    "provision_links__provision__framework",
    "framework_links__framework",
)
