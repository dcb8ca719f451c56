from django.core.cache import cache

import pytest


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate limit counters (and the hourly confirmation) live in the cache, which outlives a
    test's database."""
    cache.clear()
    yield
    cache.clear()
