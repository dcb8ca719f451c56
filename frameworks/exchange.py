"""The frameworks exchange format: ``{"frameworks": [...]}`` files (data/README.md).

Import (``manage.py import_frameworks``) and export (``manage.py export_frameworks``) share
this module so that what one writes the other reads. Each key of a record is declared once, in
``FRAMEWORK_FIELDS`` and ``PROVISION_FIELDS``: its import check and how the export reads it from
the stored page, in the order exports write them. The schemas the importer checks records with
are built from the same tables, so a key cannot be read by one and not written by the other.

What the import derives or drops, and the export therefore cannot give back as it was read:
- ``pillars``: the plan's own labels are stored as they are and exported; the product pillars
  the import derives from them (and from the provisions' pillar codes) are not a key of the
  format and are not exported.
- Values are normalised as the import normalises them: text stripped, blank and repeated items
  of lists dropped, codes of a vocabulary in the vocabulary's order without repeats, alpha-3
  country codes as alpha-2, ``"unknown"`` budget or M&E framework as null, empty text as null.
- What only editors set in the CMS (the page's slug, its product pillars, an uploaded document,
  provisions' web addresses) is not part of the format.

Translations: a framework's ``translations`` (its title and summary in other content languages)
and each provision's ``translations`` (its text) are written only when there are some. On import,
a record or provision that leaves the key out keeps the stored translations; one that gives it
replaces them.
"""

from core.importing import (
    Boolean,
    Choice,
    Choices,
    Country,
    Integer,
    Objects,
    Schema,
    Strings,
    Text,
    Url,
    Urls,
    check_period,
)
from core.text import lines
from core.vocabulary import Agenda, Budget, CivilSocietyRole, FrameworkKind, YesNoUnknown

from .models import TRANSLATION_LANGUAGES, YEAR_VALIDATORS

# A reader's answer for a key the export leaves out (translations, when there are none).
OMITTED = object()

# The file each kind of framework is exported to (the data's own files for the kinds it has).
FILE_OF_KIND = {
    FrameworkKind.NAP: "naps.json",
    FrameworkKind.LAP: "local.json",
    FrameworkKind.RAP: "regional.json",
    FrameworkKind.GLOBAL: "global.json",
    FrameworkKind.POLICY: "policies.json",
}


def text(attribute):
    """Export of a text field: the stored text, or null when empty."""
    return lambda obj: getattr(obj, attribute) or None


def value(attribute):
    return lambda obj: getattr(obj, attribute)


def text_lines(attribute):
    """Export of a one-item-per-line text field as a list."""
    return lambda obj: lines(getattr(obj, attribute))


def codes(attribute):
    """Export of a MultipleChoiceField: its codes in the vocabulary's order."""
    return lambda obj: obj._meta.get_field(attribute).normalise(getattr(obj, attribute))


def known(attribute, unknown):
    """Export of a fact that may be unknown: null for the ``unknown`` code."""

    def read(obj):
        code = getattr(obj, attribute)
        return None if code in ("", unknown) else code

    return read


def check_country(values):
    """Record check: national and local plans belong to a country (as FrameworkPage.clean)."""
    if values["kind"] in (FrameworkKind.NAP, FrameworkKind.LAP) and not values["country"]:
        return [("country", "is required for a national or local action plan")]
    return []


FRAMEWORK_TRANSLATION = Schema(
    {
        "language": Choice(TRANSLATION_LANGUAGES, required=True),
        "title": Text(required=True, max_length=255, one_line=True),
        "summary": Text(),
    }
)
PROVISION_TRANSLATION = Schema(
    {
        "language": Choice(TRANSLATION_LANGUAGES, required=True),
        "text": Text(required=True),
    }
)


def framework_translations(page):
    rows = sorted(page.translations.all(), key=lambda row: row.language)
    return [
        {"language": row.language, "title": row.title, "summary": row.summary or None}
        for row in rows
    ] or OMITTED


def provision_translations(provision):
    rows = sorted(
        (
            row
            for row in provision.framework.provision_translations.all()
            if row.code == provision.code
        ),
        key=lambda row: row.language,
    )
    return [{"language": row.language, "text": row.text} for row in rows] or OMITTED


# (key, import check, export reader), in the order exports write the keys.
PROVISION_FIELDS = (
    ("code", Text(required=True, max_length=50, one_line=True), value("code")),
    ("code_as_printed", Boolean(default=True), value("code_as_printed")),
    # A product pillar code or the plan's own label: free, unlike a practice's pillars.
    ("pillar", Text(max_length=60, one_line=True), text("pillar")),
    ("text", Text(required=True), value("text")),
    ("responsible", Strings(), text_lines("responsible")),
    ("indicators", Strings(), text_lines("indicators")),
    (
        "translations",
        Objects(PROVISION_TRANSLATION, unique=("language",), keep_when_absent=True),
        provision_translations,
    ),
)

PROVISION = Schema({key: check for key, check, _ in PROVISION_FIELDS})


def record_of(obj, fields):
    values = ((key, read(obj)) for key, _, read in fields)
    return {key: value for key, value in values if value is not OMITTED}


def provision_record(provision):
    return record_of(provision, PROVISION_FIELDS)


def provisions_of(page):
    # In the plan's order; the primary key settles provisions of one position.
    ordered = sorted(page.provisions.all(), key=lambda p: (p.sort_order or 0, p.pk))
    return [provision_record(provision) for provision in ordered]


FRAMEWORK_FIELDS = (
    ("external_id", Text(required=True, max_length=100, one_line=True), value("external_id")),
    ("kind", Choice(FrameworkKind, required=True), value("kind")),
    ("title", Text(required=True, max_length=255, one_line=True), value("title")),
    ("symbol", Text(max_length=100, one_line=True), text("symbol")),
    ("agendas", Choices(Agenda), codes("agendas")),
    ("country", Country(), text("country")),
    ("organisation", Text(max_length=255, one_line=True), text("organisation")),
    ("region", Text(max_length=255, one_line=True), text("organisation_region")),
    ("document_type", Text(max_length=50, one_line=True), text("document_type")),
    ("generation", Integer(minimum=1, maximum=99), value("generation")),
    ("adopted_year", Integer(validators=YEAR_VALIDATORS), value("adopted_year")),
    ("start_year", Integer(validators=YEAR_VALIDATORS), value("start_year")),
    ("end_year", Integer(validators=YEAR_VALIDATORS), value("end_year")),
    ("next_plan_expected", Text(max_length=255, one_line=True), text("next_plan_expected")),
    ("lead_institution", Text(max_length=255, one_line=True), text("lead_institution")),
    # The plan's own labels; the product pillars are derived from them on import.
    ("pillars", Strings(), text_lines("pillar_labels")),
    # Plan facts: null (or the code "unknown") leaves the fact unknown.
    (
        "budget",
        Choice(Budget, default=Budget.UNKNOWN),
        known("budget", Budget.UNKNOWN),
    ),
    (
        "me_framework",
        Choice(YesNoUnknown, default=YesNoUnknown.UNKNOWN),
        known("me_framework", YesNoUnknown.UNKNOWN),
    ),
    # [] says the sources found no role for civil society; null that nothing is known.
    (
        "civil_society_roles",
        Choices(CivilSocietyRole, null=True),
        lambda page: page.known_civil_society_roles,
    ),
    ("document_url", Url(), text("document_url")),
    ("summary", Text(), text("summary")),
    ("sources", Urls(), text_lines("sources")),
    ("provisions", Objects(PROVISION, unique=("code",)), provisions_of),
    (
        "translations",
        Objects(FRAMEWORK_TRANSLATION, unique=("language",), keep_when_absent=True),
        framework_translations,
    ),
)

FRAMEWORK = Schema(
    {key: check for key, check, _ in FRAMEWORK_FIELDS},
    checks=[check_period, check_country],
)


def framework_record(page):
    """One framework and its provisions as a record of the exchange format."""
    return record_of(page, FRAMEWORK_FIELDS)
