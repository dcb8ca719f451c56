"""The facets of the practice search and how a practice's facet rows are kept up to date."""

from django.db import transaction

from practices.models import PracticePage

from .models import PracticeFacet

FACETS = ("agenda", "level", "region", "country", "pillar", "theme")


def facet_values(practice):
    """{facet: [values]} of a practice as the public sees it."""
    return {
        "agenda": list(practice.agendas or []),
        "level": [practice.level] if practice.level else [],
        "region": practice.regions,
        "country": practice.country_codes,
        "pillar": list(practice.pillars or []),
        "theme": practice.theme_names,
    }


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
