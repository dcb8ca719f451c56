from django import template

from ..engines.database_suggestions import related_practices, related_provisions

register = template.Library()


@register.simple_tag
def suggested_provisions(practice, limit=5):
    return related_provisions(practice, limit=limit)


@register.simple_tag
def suggested_practices(provision, limit=5):
    return related_practices(provision, limit=limit)
