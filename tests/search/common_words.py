"""What the common-word tests of both databases share (test_common_words: SQLite's FTS5,
test_pg_common_words: PostgreSQL's tsvectors): seven practices in which "women", "peace" and
"mediat" are common words and "radio" a rare one, ranked by the database engine, every needed
term computed however many of a word's rows it is."""

import pytest

from search.engines import phrases
from search.engines.database import DatabaseEngine
from search.service import get_engine
from tests.factories import PracticePageFactory

TEXTS = [
    ("Women mediators in Garissa", "Local women mediate land disputes between clans, women-led."),
    ("Peace huts", "Women meet in peace huts; mediators of the village keep records."),
    ("Youth and peace", "Young men and women talk about peace, far from any mediator."),
    ("Early warning by women", "Women report early warning signs of violence to mediators."),
    ("Radio for peace", "A radio programme where women speak of peace and local mediation."),
    ("Women at the well", "Village women share water and talk of peace and of the market."),
    ("Market peace", "Traders, women among them, keep the peace of the market of the village."),
]


@pytest.fixture(autouse=True)
def database_engine(settings):
    settings.PRACTICE_SEARCH_ENGINE = "search.engines.database.DatabaseEngine"
    assert isinstance(get_engine(), DatabaseEngine)


@pytest.fixture(autouse=True)
def computed_however_many(monkeypatch):
    """Seven practices: every needed term computed, however many of a word's rows it is."""
    monkeypatch.setattr(phrases, "ROWS_READ_PER_ROW_COMPUTED", 0)


def make_practices():
    return [
        PracticePageFactory(title=title, summary=summary, countries=["KE"], themes=["mediation"])
        for title, summary in TEXTS
    ]
