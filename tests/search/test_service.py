"""The practice search service on the database engine: the contract every engine passes
(tests/search/contract.py)."""

import pytest

from search.engines.database import DatabaseEngine
from search.service import get_engine

from .contract import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_engine(settings):
    settings.PRACTICE_SEARCH_ENGINE = "search.engines.database.DatabaseEngine"
    assert isinstance(get_engine(), DatabaseEngine)
