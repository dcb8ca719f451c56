"""What frameworks' pages show of the monitoring, without frameworks importing this app: the
provision's timeline and the plan's summary by latest observed status."""

from django import template

from monitoring import stats

register = template.Library()


@register.simple_tag
def monitoring_timeline(provision):
    """The provision's published notes, the most recent period observed first."""
    return list(stats.published_notes([provision.pk]))


@register.simple_tag
def monitoring_summary(framework):
    return stats.status_summary(framework.provisions.values_list("pk", flat=True))


@register.simple_tag
def latest_statuses(framework):
    return stats.latest_statuses(framework.provisions.values_list("pk", flat=True))
