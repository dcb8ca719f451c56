"""System checks for running the site in production (``manage.py check --deploy``).

kb.W001 a per-process cache with several web processes; kb.W002 a local site address;
kb.W003 a local sender address; kb.W004 no ADMINS; kb.W005 tasks run inside the web process.
Always (``manage.py check``, and before every command): kb.E001 a SEARCH_ENGINE that is not
known, or a cluster engine without its address or its client package.
"""

import os
from email.utils import parseaddr
from importlib.util import find_spec

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import Error, Tags, Warning, register
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
    if isinstance(cache, LocMemCache) and web_processes() == 1:
        return []  # one process: its own memory is the only place to count
    return [
        Warning(
            f"The default cache is {type(cache).__name__}: rate limits count per process "
            "(or not at all), so with several web processes they are that many times looser.",
            hint="Set CACHE_BACKEND=db (the production default) or CACHE_BACKEND=file with "
            "CACHE_DIR, so that every process counts in one place (or WEB_CONCURRENCY=1 to run "
            "a single web process).",
            id="kb.W001",
        )
    ]


def web_processes():
    """gunicorn's worker count as gunicorn.conf.py reads it: WEB_CONCURRENCY, else several
    (one per core); None when it is unset or unreadable, which means "more than one"."""
    try:
        return int(os.environ.get("WEB_CONCURRENCY", ""))
    except ValueError:
        return None


LOCAL_MAIL_SUFFIXES = (".local", ".localdomain", ".internal", ".lan", ".home.arpa", ".test")


def is_local_mail_domain(domain):
    domain = domain.strip().strip(".").lower()
    return (
        is_local(domain)
        or "." not in domain
        or domain.endswith(LOCAL_MAIL_SUFFIXES)
        or domain.replace(".", "").isdigit()
    )


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


@register(deploy=True)
def sender_address_is_public(app_configs, **kwargs):
    """Mail from a local domain (registry@localhost, the default) is refused or filed as spam
    by most receiving servers: account confirmations and password resets would never arrive."""
    if settings.DEBUG:
        return []
    local = []
    for name in ("DEFAULT_FROM_EMAIL", "SERVER_EMAIL"):
        address = parseaddr(str(getattr(settings, name, "")))[1]
        if is_local_mail_domain(address.rpartition("@")[2]):
            local.append(f"{name} is {address or getattr(settings, name, '')!r}")
    if not local:
        return []
    return [
        Warning(
            f"E-mail is sent from a local address ({'; '.join(local)}): receiving servers "
            "refuse it or file it as spam, so sign-up confirmations and password resets are lost.",
            hint="Set DEFAULT_FROM_EMAIL (and SERVER_EMAIL, which follows it) to an address at "
            "the site's public domain, e.g. registry@example.org.",
            id="kb.W003",
        )
    ]


@register(deploy=True)
def errors_reach_someone(app_configs, **kwargs):
    """Server errors are e-mailed to ADMINS: with nobody there, they are only in the log."""
    if settings.DEBUG or settings.ADMINS:
        return []
    return [
        Warning(
            "ADMINS is empty: nobody is told of server errors.",
            hint='Set ADMINS="Name <admin@example.org>, other@example.org" in the environment '
            "(and SENTRY_DSN if you use Sentry).",
            id="kb.W004",
        )
    ]


@register(deploy=True)
def tasks_run_in_a_worker(app_configs, **kwargs):
    """With the immediate backend every e-mail and index update runs inside the request that
    caused it: a slow mail server holds the web process and the member's page."""
    if settings.DEBUG:
        return []
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if not backend.endswith(".ImmediateBackend"):
        return []
    return [
        Warning(
            f"Background tasks run inside web requests ({backend}): every e-mail and search "
            "index update waits in the request that caused it.",
            hint="Set TASK_BACKEND=database and run the worker, `python manage.py db_worker` "
            "(`make serve` runs both).",
            id="kb.W005",
        )
    ]


SEARCH_ENGINES = {
    # SEARCH_ENGINE: (the setting of its address, its client's module, the extra installing it)
    "database": (None, None, None),
    "elasticsearch": ("ELASTICSEARCH_URL", "elasticsearch", "elasticsearch"),
    "opensearch": ("OPENSEARCH_URL", "opensearchpy", "opensearch"),
}


@register()
def search_engine_is_complete(app_configs, **kwargs):
    """A cluster engine needs its address and its client: without either, the site would
    quietly search with the database, or fail on its first search."""
    engine = getattr(settings, "SEARCH_ENGINE", "database")
    if engine not in SEARCH_ENGINES:
        return [
            Error(
                f"SEARCH_ENGINE is {engine!r}, which is no search engine of the site.",
                hint="Set SEARCH_ENGINE to database, elasticsearch or opensearch "
                "(README, Running at scale).",
                id="kb.E001",
            )
        ]
    url_setting, module, extra = SEARCH_ENGINES[engine]
    problems = []
    if url_setting and not getattr(settings, url_setting, ""):
        problems.append(
            Error(
                f"SEARCH_ENGINE is {engine} but {url_setting} is not set: the site would search "
                "with the database and never update the cluster.",
                hint=f"Set {url_setting} to the cluster's address, e.g. http://127.0.0.1:9200, "
                "or SEARCH_ENGINE=database.",
                id="kb.E001",
            )
        )
    for name in dict.fromkeys((module, "elasticsearch")) if module else ():
        if find_spec(name) is None:
            problems.append(
                Error(
                    f"SEARCH_ENGINE is {engine} but the {name} package is not installed"
                    + (" (queries are built with elasticsearch.dsl)." if name != module else "."),
                    hint=f"pip install -e '.[{extra}]' (make install installs it).",
                    id="kb.E001",
                )
            )
    return problems
