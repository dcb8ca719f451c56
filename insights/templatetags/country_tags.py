"""The map, counts and latest joint actions for pages of lower apps (the home page)."""

from django import template

from actions.models import JointActionPage

from .. import stats
from ..svg import world_map

register = template.Library()


@register.inclusion_tag("insights/includes/map.html")
def nap_map(id_prefix="map"):
    rows = stats.country_table()
    return {"map": world_map(rows, id_prefix), "rows": rows, "legend": stats.MAP_STATUSES}


@register.simple_tag
def latest_joint_actions(limit=3):
    return list(
        JointActionPage.objects.live()
        .public()
        .select_related("lead_organisation")
        .prefetch_related("countries", "practice_links__practice__countries")
        .order_by("-first_published_at", "-pk")[:limit]
    )


@register.simple_tag
def action_count():
    return stats.public_actions().count()


@register.simple_tag
def covered_countries(framework):
    """[{code, name}] of the member states a regional framework covers, by name."""
    if framework.kind != "rap":
        return []
    from core.countries import all_countries, country_name

    return sorted(
        (
            {"code": code, "name": country_name(code)}
            for code in all_countries()
            if stats.covers(framework, code)
        ),
        key=lambda c: c["name"],
    )
