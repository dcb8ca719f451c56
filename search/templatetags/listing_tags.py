"""The listing's filter panel, written in Python: its facets hold some eighty values on a
registry of a few thousand practices, which a template loop resolves, escapes and localises one
variable at a time (a fifth of rendering a listing), while here each is a few string
operations. The HTML is the one the template wrote."""

from html import escape

from django import template
from django.conf import settings
from django.utils.formats import number_format
from django.utils.safestring import mark_safe

register = template.Library()


def _text(value):
    """``value`` escaped as a template escapes it (a safe string as it is)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def _count(number):
    # What a template's {{ number }} shows: localised, grouped only where the site groups.
    return number_format(number) if settings.USE_THOUSAND_SEPARATOR else str(number)


def _fieldset(facet):
    name = _text(facet["name"])
    options = []
    for position, option in enumerate(facet["options"], start=1):
        checked = " checked" if option["selected"] else ""
        options.append(
            f'<li><input type="checkbox" form="practice-search" name="{name}" '
            f'value="{_text(option["value"])}" id="f-{name}-{position}"{checked}>'
            f'<label for="f-{name}-{position}">{_text(option["label"])} '
            f'<span class="facet-count">({_count(option["count"])})</span></label></li>'
        )
    legend, items = _text(facet["label"]), "".join(options)
    return f'<fieldset class="facet"><legend>{legend}</legend><ul>{items}</ul></fieldset>'


@register.simple_tag
def facet_fieldsets(facets):
    """One ``fieldset`` a facet of ``search.views.practice_listing``'s ``facets``: a checkbox
    a value, with its count; the checkboxes belong to the form ``practice-search``."""
    return mark_safe("".join(_fieldset(facet) for facet in facets))  # noqa: S308  (escaped above)
