"""Coverage and gaps on framework pages (frameworks know nothing of practices; see
practices.coverage)."""

from django import template

from practices.coverage import coverage

register = template.Library()


@register.simple_tag
def framework_coverage(framework):
    """The framework's Coverage, with ``gap_list``: its provisions that no published practice is
    linked to, in the framework's order."""
    provisions = framework.provisions.all()
    found = coverage(provisions)
    gaps = set(found.gap_ids)
    found.gap_list = [p for p in provisions if p.pk in gaps]
    return found
