"""The facets of the practice search, declared once each, and how a practice's facet rows are kept
up to date.

``FACETS`` is the registry: {name: ``Facet``}, in the order the listing, the API's facet counts
and URLs show them. Everything that knows of facets reads it: the query parser
(``search.query``), the listing's filters (``search.views.practice_listing``), the database
engine's facet rows, filters and counts, the Elasticsearch document, mapping and aggregations,
the API's parameters and facet counts, the OpenAPI document, the CSV columns and the feed's
title. A new facet is one ``register(Facet(...))`` here, plus the model field it is read from.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.countries import country_name, lookup
from core.vocabulary import Agenda, Level, Pillar, Region, label
from practices.models import PracticePage

from .models import PracticeFacet


@dataclass(frozen=True)
class Vocabulary:
    """The values a facet takes: how one reads for people, how a request's value is read, and
    the closed list of codes (the API's enum), if there is one."""

    label: Callable[[str], str]
    read: Callable[[str], str] = str
    codes: tuple[str, ...] | None = None  # None: any value (countries, free themes)


def choices(vocabulary):
    """The vocabulary of a ``TextChoices`` of ``core.vocabulary``: its codes and labels."""
    return Vocabulary(label=partial(label, vocabulary), codes=tuple(vocabulary.values))


def country_code(value):
    """ISO alpha-2 for an alpha-2 or alpha-3 code in any case; anything else upper-cased."""
    country = lookup(value)
    return country.code if country else value.upper()


COUNTRIES = Vocabulary(label=country_name, read=country_code)
FREE_VALUES = Vocabulary(label=str)


@dataclass(frozen=True)
class Facet:
    # The URL parameter, the API's facet key, the Elasticsearch field and PracticeFacet.facet.
    name: str
    label: str  # (lazily translated) for people: the listing's filter, the feed's title
    vocabulary: Vocabulary
    values: Callable[[PracticePage], list]  # a live practice's values, as the public sees them
    description: str  # of the API parameter (which adds that an unknown value matches nothing)
    example: str  # of the API parameter
    # The field of the API's practice result that holds the facet's values, and its CSV column;
    # None when the result does not show them. The CSV's facet columns go by ``column_rank``:
    # countries, region, level, agendas, pillars, themes, as the result has them.
    column: str | None = None
    column_rank: int = 0
    listed: int | None = None  # the listing offers at most this many values (None: all)
    search_type: str = "keyword"  # the Elasticsearch field type: exact values

    def value_label(self, value):
        return self.vocabulary.label(value)


FACETS: dict[str, Facet] = {}


def register(facet):
    longest = PracticeFacet._meta.get_field("facet").max_length
    if len(facet.name) > longest:
        raise ValueError(f"A facet's name is at most {longest} characters: {facet.name}")
    FACETS[facet.name] = facet
    return facet


register(
    Facet(
        "agenda",
        _("Agenda"),
        choices(Agenda),
        lambda practice: list(practice.agendas or []),
        "Agenda code; repeat to match any of several.",
        "WPS",
        column="agendas",
        column_rank=4,
    )
)
register(
    Facet(
        "level",
        _("Level"),
        choices(Level),
        lambda practice: [practice.level] if practice.level else [],
        "Level; repeat to match any of several.",
        "local",
        column="level",
        column_rank=3,
    )
)
register(
    Facet(
        "region",
        _("Region"),
        choices(Region),
        lambda practice: practice.regions,
        "UN Women region of one of the practice's countries; repeatable.",
        "africa",
        # The result's region is the countries' one region (null when they span several).
        column="region",
        column_rank=2,
    )
)
register(
    Facet(
        "country",
        _("Country"),
        COUNTRIES,
        lambda practice: practice.country_codes,
        "ISO 3166-1 country code, alpha-2 (alpha-3 and any case accepted); repeatable.",
        "KE",
        column="countries",
        column_rank=1,
    )
)
register(
    Facet(
        "pillar",
        _("Pillar"),
        choices(Pillar),
        lambda practice: list(practice.pillars or []),
        "Pillar; repeat to match any of several.",
        "participation",
        column="pillars",
        column_rank=5,
    )
)
register(
    Facet(
        "theme",
        _("Theme"),
        FREE_VALUES,
        lambda practice: practice.theme_names,
        "Theme, exactly as listed in the `theme` facet; repeatable.",
        "mediation",
        column="themes",
        column_rank=6,
        listed=20,  # free tags: the 20 most frequent, and any selected
    )
)


def facet_values(practice):
    """{facet: [values]} of a practice as the public sees it."""
    return {name: facet.values(practice) for name, facet in FACETS.items()}


def rows_for(practice):
    return [
        PracticeFacet(practice_id=practice.pk, facet=facet, value=value)
        for facet, values in facet_values(practice).items()
        for value in dict.fromkeys(values)
    ]


@transaction.atomic
def index_practice(practice):
    """Rebuild the facet rows of one practice from its live (published) row."""
    PracticeFacet.objects.filter(practice_id=practice.pk).delete()
    live = (
        PracticePage.objects.live()
        .filter(pk=practice.pk)
        .prefetch_related("countries", "themes")
        .first()
    )
    if live is not None:
        PracticeFacet.objects.bulk_create(rows_for(live))


def unindex_practice(practice):
    PracticeFacet.objects.filter(practice_id=practice.pk).delete()


@transaction.atomic
def rebuild_all(batch_size=500):
    """Rebuild every facet row; returns how many practices were indexed."""
    PracticeFacet.objects.all().delete()
    practices = PracticePage.objects.live().prefetch_related("countries", "themes")
    rows, count = [], 0
    for practice in practices.iterator(chunk_size=batch_size):
        rows.extend(rows_for(practice))
        count += 1
        if len(rows) >= 5000:
            PracticeFacet.objects.bulk_create(rows)
            rows = []
    PracticeFacet.objects.bulk_create(rows)
    return count
