"""Practices shown on framework and provision pages.

Frameworks know nothing of practices (the dependency runs the other way), so framework templates
reach linked practices through these tags.
"""

from django import template

from practices.models import PracticeFrameworkLink, PracticePage, PracticeProvisionLink

register = template.Library()


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
