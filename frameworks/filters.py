"""The one set of framework filters: kind, country, region, agenda, status and text.

The framework listing (``FrameworkIndexPage``), the JSON API (``/api/v1/frameworks/``) and the
NAP comparison all filter with these, in the database: the status is derived from the period
by date comparisons in SQL (``with_status``), the same rule as ``derive_status``, so a listing
costs the same few queries however many frameworks there are.

Values outside the vocabulary match nothing, as the API promises for unknown filter values.
"""

import operator
from functools import reduce

from django.db.models import Case, CharField, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from wagtail.search.backends import get_search_backend

from core.countries import all_countries
from core.textsearch import query_terms
from core.vocabulary import Agenda, FrameworkStatus


def with_status(frameworks, year=None):
    """``frameworks`` annotated with ``derived_status``, their status in ``year`` (default:
    this year) as ``derive_status`` gives it: a plan with no end year runs until the next
    generation of the same kind and country among live, public frameworks starts; ``None``
    when nothing is known of the period."""
    year = year or timezone.now().year
    successor_start = (
        frameworks.model.objects.live()
        .public()
        .filter(
            kind=OuterRef("kind"),
            country=OuterRef("country"),
            generation__gt=OuterRef("generation"),
        )
        .order_by("generation")
        .annotate(begins=Coalesce("start_year", "adopted_year"))
        .values("begins")[:1]
    )
    runs_until_successor = Q(end_year__isnull=True) & ~Q(country="") & Q(generation__gt=0)
    return frameworks.annotate(
        status_start=Coalesce("start_year", "adopted_year"),
        status_end=Case(
            When(runs_until_successor, then=Subquery(successor_start) - 1),
            default=F("end_year"),
            output_field=IntegerField(),
        ),
        derived_status=Case(
            When(status_start__isnull=True, status_end__isnull=True, then=Value(None)),
            When(status_start__gt=year, then=Value(FrameworkStatus.IN_DEVELOPMENT.value)),
            When(status_end__lt=year, then=Value(FrameworkStatus.EXPIRED.value)),
            default=Value(FrameworkStatus.ACTIVE.value),
            output_field=CharField(),
        ),
    )


def countries_of_region(region):
    return [code for code, info in all_countries().items() if info.region == region]


def filter_frameworks(
    frameworks, *, kinds=(), countries=(), regions=(), agendas=(), statuses=(), year=None
):
    """``frameworks`` with their ``derived_status``, narrowed to those of any of the given kinds,
    countries (alpha-2), regions, agendas and statuses; an empty filter leaves them all."""
    frameworks = with_status(frameworks, year)
    if kinds:
        frameworks = frameworks.filter(kind__in=kinds)
    if countries:
        frameworks = frameworks.filter(country__in=countries)
    if regions:
        frameworks = frameworks.filter(
            country__in=[code for region in regions for code in countries_of_region(region)]
        )
    if agendas:
        # Agendas are a JSON list of codes: a code is matched with its quotes, so "WPS" never
        # matches inside another code. The lookup ignores case, hence only exact codes are used.
        codes = [code for code in agendas if code in Agenda.values]
        if not codes:
            return frameworks.none()
        frameworks = frameworks.filter(
            reduce(operator.or_, (Q(agendas__icontains=f'"{code}"') for code in codes))
        )
    if statuses:
        frameworks = frameworks.filter(derived_status__in=statuses)
    return frameworks


def search_frameworks(frameworks, q, **filters):
    """The frameworks matching ``q`` and ``filters`` (see ``filter_frameworks``), as a list:
    those whose UN symbol contains ``q`` as typed first, by title, then the text index's matches
    of every word, best first. Without ``q``, all of them by title."""
    found = filter_frameworks(frameworks, **filters)
    if not q:
        return list(found.order_by("title", "pk"))
    # A UN symbol ("S/RES/2250") is matched as typed: PostgreSQL's parser indexes it as one
    # path-like token, SQLite's as three words, so the text index cannot find it alike.
    results = list(found.filter(symbol__icontains=q).order_by("title", "pk"))
    # Other text is indexed normalised (core.textsearch): search the same stems. The text index
    # filters only on its indexed fields (kind, country), so the other filters apply after it.
    terms = query_terms(q)
    if terms:
        searched = frameworks
        if filters.get("kinds"):
            searched = searched.filter(kind__in=filters["kinds"])
        if filters.get("countries"):
            searched = searched.filter(country__in=filters["countries"])
        seen = {f.pk for f in results}
        ranked = [
            f.pk
            for f in get_search_backend().search(" ".join(terms), searched, operator="and")
            if f.pk not in seen
        ]
        matching = found.in_bulk(ranked)
        results += [matching[pk] for pk in ranked if pk in matching]
    return results
