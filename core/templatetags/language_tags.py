"""The language switcher and the ``hreflang`` alternates of the page being shown."""

from django import template
from django.conf import settings
from django.utils import translation

from core.languages import page_path_in, path_in, switch_url

register = template.Library()


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
    for code, name in settings.LANGUAGES:
        path = page_path_in(page, code, request, path_in(request.path, code))
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
