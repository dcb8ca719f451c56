from django import template

from ..service import get_engine
from ..suggestions import SuggestionSubject

register = template.Library()


@register.simple_tag
def suggested_provisions(practice, limit=5):
    return get_engine().related_provisions(SuggestionSubject.from_practice(practice), limit=limit)


@register.simple_tag
def suggested_practices(provision, limit=5):
    return get_engine().related_practices(provision, limit=limit)
