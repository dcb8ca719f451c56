import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits(fresh_rate_limits):
    """Every test here starts with no rate-limit count (tests/conftest.py)."""
