"""The site's public address (settings.SITE_URL) as Wagtail's default Site.

The migration that builds the page tree cannot know the address, so it creates the Site as
``localhost:80``; every ``migrate`` then writes SITE_URL into it (post_migrate, like the cache
table in kb.apps), so that the sitemap, the contact relay and the e-mails link to the public
address, and a changed SITE_URL takes effect with the next deployment's ``migrate``.
"""

from datetime import UTC
from urllib.parse import urlsplit

from django.conf import settings

LOCAL_HOSTNAMES = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}  # noqa: S104


def site_address(url):
    """The (host name, port) of ``url`` as a Wagtail Site holds them; Wagtail links with https
    when the port is 443."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return (parts.hostname or "").lower(), port


def is_local(hostname):
    return hostname in LOCAL_HOSTNAMES or hostname.endswith(".localhost")


def apply_site_url(sender, using, apps=None, verbosity=1, **kwargs):
    """Set the default Site's host name and port from SITE_URL; nothing else of it changes, and
    nothing at all when it is already right (or there is no Site yet)."""
    try:
        Site = (apps or sender.apps).get_model("wagtailcore", "Site")
    except LookupError:
        return
    hostname, port = site_address(settings.SITE_URL)
    sites = Site.objects.using(using)
    if sites.filter(hostname=hostname, port=port, is_default_site=False).exists():
        # Another site already answers at that address: an administrator's choice to keep.
        return
    updated = (
        sites.filter(is_default_site=True)
        .exclude(hostname=hostname, port=port)
        .update(hostname=hostname, port=port)
    )
    if updated:
        # A queryset update sends no signal: Wagtail's cached root paths keep the old address.
        from wagtail.models import Site as LiveSite

        LiveSite.clear_site_root_paths_cache()
        if verbosity >= 1:
            print(f"  The default site is now {hostname}:{port} (SITE_URL).")


def site_hostname():
    """The host name of SITE_URL alone, without scheme or port: what identifiers minted by the
    site (Atom entry ids, iCalendar UIDs) are made with, so that they do not change with the
    address a request came in by."""
    return site_address(settings.SITE_URL)[0] or "localhost"


def tag_uri(moment, specific):
    """A permanent ``tag:`` URI (RFC 4151): the site's host name, the date of ``moment`` (choose
    one that never changes, such as a first publication) and ``specific``, which must not hold
    a title or slug, only what never changes (a kind and a primary key)."""
    return f"tag:{site_hostname()},{moment.astimezone(UTC).date().isoformat()}:{specific}"
