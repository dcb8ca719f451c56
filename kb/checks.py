"""System checks for running the site in production (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from wagtail.models import Site

from core.sites import is_local, site_address


@register(Tags.caches, deploy=True)
def rate_limits_need_a_shared_cache(app_configs, **kwargs):
    """Rate limits count in the default cache; a per-process cache multiplies each limit by the
    number of web processes, and the dummy cache counts nothing."""
    if settings.DEBUG:
        return []
    cache = caches["default"]
    if not isinstance(cache, LocMemCache | DummyCache):
        return []
    return [
        Warning(
            f"The default cache is {type(cache).__name__}: rate limits count per process "
            "(or not at all), so with several web processes they are that many times looser.",
            hint="Set CACHE_BACKEND=db (the production default) or CACHE_BACKEND=file with "
            "CACHE_DIR, so that every process counts in one place.",
            id="kb.W001",
        )
    ]


@register(Tags.urls, deploy=True)
def site_address_is_public(app_configs, databases=None, **kwargs):
    """Links in the sitemap, the contact relay and e-mails are made from SITE_URL (through the
    default Site) and WAGTAILADMIN_BASE_URL: a local address sends every reader to their own
    machine. With ``--database``, the default Site itself is checked too."""
    if settings.DEBUG:
        return []
    local = [
        f"{name} is {url!r}"
        for name, url in (
            ("SITE_URL", settings.SITE_URL),
            ("WAGTAILADMIN_BASE_URL", settings.WAGTAILADMIN_BASE_URL),
        )
        if is_local(site_address(url)[0])
    ]
    for database in databases or ():
        try:
            site = Site.objects.using(database).filter(is_default_site=True).first()
        except DatabaseError:  # not migrated yet: `migrate` will set it
            continue
        if site is not None and is_local(site.hostname):
            local.append(f"the default Site is {site.hostname}:{site.port}")
    if not local:
        return []
    return [
        Warning(
            f"The site's public address is local ({'; '.join(local)}), so links in the sitemap, "
            "the contact relay and e-mails lead to the reader's own machine.",
            hint="Set SITE_URL to the public address, e.g. https://registry.example.org, and "
            "run `manage.py migrate`, which writes it into the default Site.",
            id="kb.W002",
        )
    ]
