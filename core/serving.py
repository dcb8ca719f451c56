"""Wagtail's page view, with where an address leads remembered for visitors who are not signed in.

Finding the page of an address costs Wagtail five queries (the site, the root's locale, the
root's specific page, the child by its slug, the child's specific page) before the page does
anything. The answer is the same for every visitor who is not signed in until the content
changes, so it is kept per content version (core.pagecache.remember) as the page's class and id,
and such a request reads the page itself in one query, then goes on through Wagtail's own view
(its ``before_serve_page`` hooks, view restrictions included, and the page's ``serve``). The
site of the request's host and the sites' root paths, which every page address asks for (the
latter from the cache, a query with the database cache), are kept the same way, each request
given its own copy.

Only routes to a page with no arguments are kept (a plain page, not a sub-route of a routable
page), and no address that leads nowhere, so made-up addresses add nothing; the page is read
only if it is live, so a page unpublished is never served from a route found before.
"""

from django.utils import translation

from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from .pagecache import remember, request_site


def _route(request, path):
    result = Page.route_for_request(request, path)
    if result is None:
        return None
    page, args, kwargs = result
    if args or kwargs:
        return None
    return type(page), page.pk


def _site_root_paths():
    return tuple(Site.get_site_root_paths())


def serve(request, path):
    """``wagtail.views.serve``, whose route lookup is remembered (see the module's docstring)."""
    if getattr(request, "content_version", None) is not None:
        site = request_site(request)
        if not hasattr(request, "_wagtail_cached_site_root_paths"):
            paths = remember(request, ("site-root-paths",), _site_root_paths)
            request._wagtail_cached_site_root_paths = list(paths)
        key = ("route", getattr(site, "pk", None), translation.get_language(), path)
        found = remember(request, key, lambda: _route(request, path))
        if found is not None and not hasattr(request, "_wagtail_route_for_request"):
            model, pk = found
            # Live now, whatever the version says: a page unpublished is never served from
            # a route found before (Wagtail's routing, which runs otherwise, says the same).
            page = model.objects.live().filter(pk=pk).first()
            if page is not None:
                request._wagtail_route_for_request = RouteResult(page)
    return wagtail_views.serve(request, path)
