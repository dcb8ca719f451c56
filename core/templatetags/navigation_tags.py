"""The breadcrumb trail of a page: its ancestors below the root, each by its address and title in
the language being read."""

from django import template
from django.utils import translation

from wagtail.models import Page

from core.pagecache import remember, site_key

register = template.Library()


@register.simple_tag(takes_context=True)
def breadcrumb_trail(context, page):
    """((address, title), ...) of ``page``'s ancestors, the site's home page first (titled
    "Home" in the language being read), each ancestor's translation's title when it has one in
    the active locale; kept per content version for visitors who are not signed in."""
    request = context.get("request")
    if not isinstance(page, Page):
        return ()

    def trail():
        crumbs = []
        for ancestor in page.get_ancestors().specific():
            if ancestor.is_root():
                continue
            home = ancestor.depth == 2
            title = translation.gettext("Home") if home else ancestor.localized.title
            crumbs.append((ancestor.get_url(request), title))
        return tuple(crumbs)

    key = ("breadcrumbs", page.pk, translation.get_language(), site_key(request))
    return remember(request, key, trail)
