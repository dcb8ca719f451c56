"""A practice as data, for an audience: the one place that decides what of a practice is shown
to whom (issue 11; product.md, "Contracts other programs rely on").

Three audiences read a practice as data:

- ``Audience.PUBLIC``: anyone. The JSON API and its CSV, and a public export of the exchange
  format.
- ``Audience.MEMBER``: the member whose practice it is, in their data download: everything they
  entered, with where it stands in review.
- ``Audience.EXPORT``: the full export an operator makes (``export_practices
  --include-private``), private contact included.

``VISIBILITY`` says, for every field of a practice, which audiences may see it, and
``WITHHELD_BY`` which safety option withholds a field from the public on a practice that sets
it. Each surface is a list of ``Key`` (the record's key, its value, the fields it shows) in
the surface's order, and ``serialise`` builds every record: a key whose fields its audience may
not see is left out (or, where a surface says so, given empty when a safety option withholds
it, as the API does). A field missing from ``VISIBILITY`` cannot be shown at all, and a test
checks that every field of ``PracticePage`` is in it, so that a new private field is decided on
once and hidden from the public on every surface.

Of a relation the public sees, ``PUBLIC_ROWS`` says which rows it sees (organisations an editor
confirmed, links to live frameworks), and every surface reads a relation's rows through
``shown_rows``: the API and a public export name the same organisations and links.

What depends on the request (absolute addresses) is passed in by the surface (``practice_url``,
``provision_url``), so that practices imports nothing above it.
"""

import enum
from collections.abc import Callable
from dataclasses import dataclass

from core.text import lines


class Audience(enum.Enum):
    PUBLIC = "public"
    MEMBER = "member"
    EXPORT = "export"


EVERYONE = frozenset(Audience)
NOT_PUBLIC = frozenset({Audience.MEMBER, Audience.EXPORT})

# Which audiences may see each field: the practice's own fields and relations (named as on
# PracticePage), and what surfaces derive from the page (its id and address) or from its review.
VISIBILITY = {
    "id": EVERYONE,
    "url": EVERYONE,
    "external_id": EVERYONE,
    "title": EVERYONE,
    "summary": EVERYONE,
    "description": EVERYONE,
    "practice_organisations": EVERYONE,  # withheld from the public at the practice's wish
    "credit_line": EVERYONE,  # names organisations: withheld with them
    "countries": EVERYONE,
    "location": EVERYONE,  # withheld from the public at the practice's wish
    "level": EVERYONE,
    "agendas": EVERYONE,
    "pillars": EVERYONE,
    "themes": EVERYONE,
    "start_year": EVERYONE,
    "end_year": EVERYONE,
    "stakeholders": EVERYONE,
    "activities": EVERYONE,
    "outcomes": EVERYONE,
    "challenge_types": EVERYONE,
    "challenges": EVERYONE,
    "lessons_learned": EVERYONE,
    "funding": EVERYONE,
    "provision_links": EVERYONE,
    "framework_links": EVERYONE,
    "sources": EVERYONE,
    "language": EVERYONE,
    # The live translations editors made of it (pages of their own in other locales).
    "translations": EVERYONE,
    # The safety options themselves say only that something is withheld, never what.
    "withhold_organisation": EVERYONE,
    "country_level_only": EVERYONE,
    # The private contact: for the editors, and the member who gave it.
    "contact_name": NOT_PUBLIC,
    "contact_email": NOT_PUBLIC,
    # Documents are published on the practice's page, never in the open data.
    "attachments": NOT_PUBLIC,
    # The provisions the member described for the editors to enter (plans without provisions
    # entered): editorial triage, never public.
    "suggested_provisions": NOT_PUBLIC,
    # Where a practice stands in review, and what the editors said of it.
    "status": NOT_PUBLIC,
    "editors_comment": NOT_PUBLIC,
}

# A field the public does not see on a practice that sets this safety option.
WITHHELD_BY = {
    "practice_organisations": "withhold_organisation",
    "credit_line": "withhold_organisation",
    "location": "country_level_only",
}

# Of a relation the public sees, the rows it sees: an organisation once an editor has confirmed
# it (the rest of OrganisationQuerySet.publicly_named holds for a published practice that does not
# withhold its organisations), and links to live frameworks only (a draft plan is unpublished).
PUBLIC_ROWS = {
    "practice_organisations": lambda link: link.organisation.confirmed,
    "provision_links": lambda link: link.provision.framework.live,
    "framework_links": lambda link: link.framework.live,
}

OMITTED = object()


def may_see(audience, name):
    """Whether ``audience`` ever sees field ``name`` (a KeyError for an undecided field)."""
    return audience in VISIBILITY[name]


def publicly_shown(name, row):
    """Whether the public sees ``row`` of relation ``name`` (``PUBLIC_ROWS``), on a practice
    whose relation it sees."""
    rule = PUBLIC_ROWS.get(name)
    return rule is None or rule(row)


def shown_rows(practice, name, audience):
    """The rows of ``practice``'s relation ``name`` (prefetched or not) that ``audience`` sees,
    in their order."""
    rows = getattr(practice, name).all()
    if audience is Audience.PUBLIC:
        return [row for row in rows if publicly_shown(name, row)]
    return list(rows)


def withheld(audience, name, practice):
    """Whether ``practice``'s safety options withhold field ``name`` from ``audience``."""
    option = WITHHELD_BY.get(name)
    return audience is Audience.PUBLIC and option is not None and getattr(practice, option)


@dataclass(frozen=True)
class Key:
    """One key of a surface's record: ``value(practice, context)`` gives its value, made of
    the ``fields`` (VISIBILITY's names; by default the key's own name). ``when_withheld`` is what
    the record holds when a safety option withholds one of them: left out, or an empty value."""

    name: str
    value: Callable
    fields: tuple = ()
    when_withheld: object = OMITTED

    def shown_fields(self):
        return self.fields or (self.name,)


def serialise(practice, keys, audience, **context):
    """``practice`` as ``audience`` may see it, with ``keys`` in their order. ``context`` holds
    what the surface passes in for the values (addresses, the review status), and the
    ``audience``."""
    context["audience"] = audience
    record = {}
    for key in keys:
        names = key.shown_fields()
        if not all(may_see(audience, name) for name in names):
            continue
        if any(withheld(audience, name, practice) for name in names):
            if key.when_withheld is not OMITTED:
                record[key.name] = key.when_withheld
            continue
        value = key.value(practice, context)
        if value is not OMITTED:
            record[key.name] = value
    return record


# --- values shared by the surfaces -------------------------------------------------------------


def attribute(name, empty_as_none=False):
    """The page's field as stored; with ``empty_as_none``, empty text as null (as the sample
    data writes unknown values)."""
    if empty_as_none:
        return lambda practice, context: getattr(practice, name) or None
    return lambda practice, context: getattr(practice, name)


def codes(name):
    """A vocabulary list in the vocabulary's order, however it was stored."""
    return lambda practice, context: practice._meta.get_field(name).normalise(
        getattr(practice, name)
    )


def tag_names(practice, context):
    return sorted({item.tag.name for item in practice.tagged_items.all()})


def source_list(practice, context):
    return lines(practice.sources)


def organisation_names(practice, context):
    links = shown_rows(practice, "practice_organisations", context["audience"])
    return [link.organisation.name for link in links]


def framework_ids(practice, context):
    links = shown_rows(practice, "framework_links", context["audience"])
    return [link.framework.external_id for link in links]


# --- the API (and the CSV built on its results) ------------------------------------------------


def linked_provisions(practice, context):
    """The provision links the public sees (of live frameworks), with each provision's
    address."""
    return [
        {
            "framework": link.provision.framework.external_id,
            "code": link.provision.code,
            "relation": link.relation,
            "url": context["provision_url"](link.provision),
        }
        for link in shown_rows(practice, "provision_links", context["audience"])
    ]


API_RESULT = (
    Key("id", lambda practice, context: practice.pk),
    Key("external_id", attribute("external_id", empty_as_none=True)),
    Key("title", attribute("title")),
    Key("url", lambda practice, context: context["practice_url"](practice)),
    Key("summary", attribute("summary")),
    Key(
        "organisations",
        organisation_names,
        fields=("practice_organisations",),
        when_withheld=[],
    ),
    Key("credit_line", attribute("credit_line", empty_as_none=True), when_withheld=None),
    Key("countries", attribute("country_codes"), fields=("countries",)),
    Key("region", attribute("region"), fields=("countries",)),
    Key("level", attribute("level")),
    Key("agendas", codes("agendas")),
    Key("pillars", codes("pillars")),
    Key("themes", tag_names),
    Key("start_year", attribute("start_year")),
    Key("end_year", attribute("end_year")),
    Key("provisions", linked_provisions, fields=("provision_links",)),
)

# Who took part, what was done and learnt, and the money: the long fields of a practice, in
# the order the API's detail and the exchange format both write them.
WHAT_WAS_DONE = (
    Key("stakeholders", codes("stakeholders")),
    Key("activities", attribute("activities", empty_as_none=True)),
    Key("outcomes", attribute("outcomes", empty_as_none=True)),
    Key("challenge_types", codes("challenge_types")),
    Key("challenges", attribute("challenges", empty_as_none=True)),
    Key("lessons_learned", attribute("lessons_learned", empty_as_none=True)),
    Key("funding", attribute("funding", empty_as_none=True)),
)

# The fields a translation of a practice holds in its own language; the rest (classification,
# countries, links, safety options) is the original's.
TRANSLATED_FIELDS = (
    "title",
    "summary",
    "description",
    "activities",
    "outcomes",
    "challenges",
    "lessons_learned",
    "funding",
)


def translation_records(practice, context):
    """The live translations of a practice, by language: each the language of its text and the
    translated fields (empty text as null)."""
    records = [
        {"language": translation.content_language}
        | {name: getattr(translation, name) or None for name in TRANSLATED_FIELDS}
        for translation in practice.live_translations()
    ]
    return sorted(records, key=lambda record: record["language"])


def translations_if_any(practice, context):
    """The exchange format writes ``translations`` only for a practice that has some, so that
    files of practices without translations stay as they were."""
    return translation_records(practice, context) or OMITTED


API_DETAIL = API_RESULT + (
    Key("description", attribute("description")),
    Key("location", attribute("location", empty_as_none=True), when_withheld=None),
    *WHAT_WAS_DONE,
    Key("frameworks", framework_ids, fields=("framework_links",)),
    Key("sources", source_list),
    Key("language", attribute("language")),
    Key("translations", translation_records),
)


def api_result(practice, practice_url, provision_url):
    """One practice as the API lists it. ``practice_url`` and ``provision_url`` give the
    absolute address of a practice and of a provision (or None)."""
    return serialise(
        practice,
        API_RESULT,
        Audience.PUBLIC,
        practice_url=practice_url,
        provision_url=provision_url,
    )


def api_detail(practice, practice_url, provision_url):
    """The list result plus the practice's long fields (the exchange format's keys)."""
    return serialise(
        practice,
        API_DETAIL,
        Audience.PUBLIC,
        practice_url=practice_url,
        provision_url=provision_url,
    )


# --- the exchange format (practices.exchange) --------------------------------------------------


def provision_links(practice, context):
    return [
        {
            "framework": link.provision.framework.external_id,
            "code": link.provision.code,
            "relation": link.relation,
        }
        for link in shown_rows(practice, "provision_links", context["audience"])
    ]


# Organisations, provision and framework links keep the editors' order (the first organisation
# leads); countries and themes, which have no order, are sorted, so that exports can be diffed.
# A public export names what the API names of them; the full export names every one.
EXCHANGE = (
    Key("external_id", attribute("external_id")),
    Key("title", attribute("title")),
    Key("summary", attribute("summary")),
    Key("description", attribute("description")),
    Key("organisations", organisation_names, fields=("practice_organisations",)),
    Key("credit_line", attribute("credit_line", empty_as_none=True)),
    Key(
        "countries",
        lambda practice, context: sorted({country.country for country in practice.countries.all()}),
    ),
    Key("location", attribute("location", empty_as_none=True)),
    Key("level", attribute("level")),
    Key("agendas", codes("agendas")),
    Key("pillars", codes("pillars")),
    Key("themes", tag_names),
    Key("start_year", attribute("start_year")),
    Key("end_year", attribute("end_year")),
    *WHAT_WAS_DONE,
    Key("provisions", provision_links, fields=("provision_links",)),
    Key("frameworks", framework_ids, fields=("framework_links",)),
    Key("sources", source_list),
    Key("language", attribute("language")),
    Key("translations", translations_if_any),
    Key(
        "safety",
        lambda practice, context: {
            "withhold_organisation": practice.withhold_organisation,
            "country_level_only": practice.country_level_only,
        },
        fields=("withhold_organisation", "country_level_only"),
    ),
    Key(
        "contact",
        lambda practice, context: {
            "name": practice.contact_name or None,
            "email": practice.contact_email or None,
        },
        fields=("contact_name", "contact_email"),
    ),
)


# --- the member's data download ----------------------------------------------------------------

# What the member typed into the submission form, as they typed it.
MEMBER_ENTERED = (
    "title", "summary", "description", "location", "level", "start_year", "end_year",
    "agendas", "pillars", "stakeholders", "activities", "outcomes", "challenge_types",
    "challenges", "lessons_learned", "funding", "sources", "language", "contact_name",
    "contact_email", "withhold_organisation", "country_level_only",
)  # fmt: skip

MEMBER = tuple(Key(name, attribute(name)) for name in MEMBER_ENTERED) + (
    Key("id", lambda practice, context: practice.pk),
    Key("status", lambda practice, context: context["status"]),
    Key("countries", attribute("country_codes"), fields=("countries",)),
    Key("themes", attribute("theme_names")),
    Key(
        "organisations",
        lambda practice, context: [o.name for o in practice.organisations],
        fields=("practice_organisations",),
    ),
    Key("credit_line", attribute("credit_line")),
    Key(
        "provisions",
        lambda practice, context: [
            {
                "framework": link.provision.framework.title,
                "code": link.provision.code,
                "relation": link.relation,
            }
            for link in practice.provision_links.all()
        ],
        fields=("provision_links",),
    ),
    Key(
        "frameworks",
        lambda practice, context: [link.framework.title for link in practice.framework_links.all()],
        fields=("framework_links",),
    ),
    Key(
        "attachments",
        lambda practice, context: [a.document.title for a in practice.attachments.all()],
    ),
    Key("editors_comment", lambda practice, context: context["editors_comment"]),
)


def member_record(practice, status, editors_comment):
    """The member's own practice as they last saved it (pass its latest revision), with where it
    stands in review and the editors' last comment."""
    return serialise(
        practice, MEMBER, Audience.MEMBER, status=status, editors_comment=editors_comment
    )
