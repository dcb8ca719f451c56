"""System checks for running the site in production (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import Tags, Warning, register


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
