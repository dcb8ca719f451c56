"""What a link to a page says when it is shared: its description for search engines and the
preview a messaging app draws (Open Graph and Twitter card tags)."""

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator

register = template.Library()

DESCRIPTION_WORDS = 40


def short(text):
    return Truncator(" ".join(strip_tags(str(text or "")).split())).words(DESCRIPTION_WORDS)


@register.simple_tag(takes_context=True)
def share_description(context, given=""):
    """The first of: the page's search description (what its editors wrote for this), what the
    template gives, the page's summary or intro (public fields only), the site's own
    description."""
    page = context.get("page")
    candidates = [getattr(page, "search_description", ""), given]
    if page is not None:
        candidates += [getattr(page, "summary", ""), getattr(page, "intro", "")]
    for text in candidates:
        if text and short(text):
            return short(text)
    return short(context.get("site_description", ""))


@register.simple_tag(takes_context=True)
def share_title(context, given=""):
    page = context.get("page")
    title = given or (page and (getattr(page, "seo_title", "") or getattr(page, "title", "")))
    # A title is plain text (never markup to strip), only its spacing is tidied.
    return " ".join(str(title or context.get("site_name", "")).split())


@register.simple_tag(takes_context=True)
def absolute_url(context):
    request = context.get("request")
    return request.build_absolute_uri() if request is not None else ""
