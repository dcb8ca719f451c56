"""Marking content by the language it is written in, which may not be the page's: a French
practice read with the English interface, a framework's original title beside Arabic labels."""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()

# Languages written right to left, among those a practice can be written in.
RIGHT_TO_LEFT = frozenset({"ar", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"})


def direction(code):
    return "rtl" if (code or "").split("-")[0] in RIGHT_TO_LEFT else "ltr"


@register.simple_tag
def lang_attrs(code):
    """``lang`` and ``dir`` attributes, a space before them, for an element holding text in
    language ``code``; nothing when it is the page's own language (``<html lang>`` says it)."""
    if not code or code == get_language():
        return ""
    return format_html(' lang="{}" dir="{}"', code, direction(code))


@register.filter
def language_autonym(code):
    """A content language's name in itself (settings.LANGUAGES), the code for any other."""
    return dict(settings.LANGUAGES).get(code, code)
