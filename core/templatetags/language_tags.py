"""The language switcher and the ``hreflang`` alternates of the page being shown, and the marking
of content by the language it is written in, which may not be the page's: a French practice read
with the English interface, a framework's original title beside Arabic labels."""

from types import MappingProxyType

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html

from wagtail.models import Page

from core.languages import page_paths_in, path_in, switch_url
from core.pagecache import remember, site_key

register = template.Library()

# Languages written right to left, among those a practice can be written in.
RIGHT_TO_LEFT = frozenset({"ar", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"})


@register.simple_tag(takes_context=True)
def language_versions(context):
    """One entry per interface language: its code, autonym, the page's path and absolute
    address (query string kept) in it, the switcher's link to it and whether it is current."""
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    current = translation.get_language()
    query = request.META.get("QUERY_STRING", "")
    versions = []
    fallbacks = {code: path_in(request.path, code) for code, _ in settings.LANGUAGES}
    if isinstance(page, Page):
        # Kept for pages only: anything else (an error page at a made-up address) is the
        # fallbacks themselves, and would only fill the space.
        paths = remember(
            request,
            ("language-paths", page.pk, request.path, site_key(request)),
            lambda: MappingProxyType(page_paths_in(page, request, fallbacks)),
        )
    else:
        paths = fallbacks
    for code, name in settings.LANGUAGES:
        path = paths[code]
        target = f"{path}?{query}" if query else path
        versions.append(
            {
                "code": code,
                "name": name,
                "path": path,
                "url": request.build_absolute_uri(target),
                "switch": switch_url(code, target),
                "current": code == current,
                "default": code == settings.LANGUAGE_CODE,
            }
        )
    return versions


def direction(code):
    return "rtl" if (code or "").split("-")[0] in RIGHT_TO_LEFT else "ltr"


@register.simple_tag
def lang_attrs(code):
    """``lang`` and ``dir`` attributes, a space before them, for an element holding text in
    language ``code``; nothing when it is the page's own language (``<html lang>`` says it)."""
    if not code or code == translation.get_language():
        return ""
    return format_html(' lang="{}" dir="{}"', code, direction(code))


@register.filter
def language_autonym(code):
    """A content language's name in itself (settings.LANGUAGES), the code for any other."""
    return dict(settings.LANGUAGES).get(code, code)
