"""Practices shown on framework and provision pages.

Frameworks know nothing of practices (the dependency runs the other way), so framework templates
reach linked practices through these tags.
"""

from django import template
from django.template.loader import get_template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.pagecache import remember, site_key
from practices.models import PracticeFrameworkLink, PracticePage, PracticeProvisionLink

register = template.Library()

# Where the card's text goes in its frame: markup no text of a practice can render to (any "<"
# of theirs is escaped).
CARD_BODY = mark_safe("<kb-card-body/>")  # noqa: S308  # a constant


@register.simple_tag(takes_context=True)
def practice_card(context, practice, highlight=None):
    """A practice's card: its frame (``includes/practice_card_frame.html``: title, language,
    countries, level, years, organisations) around its summary, or the highlight of the words
    searched for. The frame is the same on every page of one content version for visitors who
    are not signed in and is kept per version (core.pagecache.remember); the text is the
    page's own."""
    request = context.get("request")

    def frame():
        html = get_template("includes/practice_card_frame.html").render(
            {"practice": practice, "request": request, "body": CARD_BODY}
        )
        head, _, tail = html.partition(CARD_BODY)
        return head, tail

    key = ("practice-card", practice.pk, translation.get_language(), site_key(request))
    head, tail = remember(request, key, frame)
    language = practice.language or "en"
    attributes = (
        format_html(' lang="{}" dir="auto"', language)
        if language != translation.get_language()
        else ""
    )
    if highlight:
        body = format_html('<p class="highlight"{}>{}</p>', attributes, mark_safe(highlight))  # noqa: S308  # search.highlight escapes the text and adds only <mark>
    else:
        body = format_html("<p{}>{}</p>", attributes, practice.summary)
    return mark_safe(head + body + tail)  # noqa: S308  # rendered and escaped above


def _public_links(queryset):
    return (
        queryset.filter(practice__in=PracticePage.objects.live().public().originals())
        .select_related("practice")
        .order_by("practice__title")
    )


@register.simple_tag
def practices_by_provision(framework):
    """{provision id: [link, ...]} of published practices linked to the framework's provisions."""
    grouped = {}
    links = _public_links(PracticeProvisionLink.objects.filter(provision__framework=framework))
    for link in links:
        grouped.setdefault(link.provision_id, []).append(link)
    return grouped


@register.simple_tag
def practices_for_provision(provision):
    return list(_public_links(PracticeProvisionLink.objects.filter(provision=provision)))


@register.simple_tag
def practices_for_framework(framework):
    """Published practices linked to the framework as a whole."""
    return [
        link.practice
        for link in _public_links(PracticeFrameworkLink.objects.filter(framework=framework))
    ]


@register.filter
def get_item(mapping, key):
    return mapping.get(key, [])
