import pytest

from tests.factories import UserFactory, editor


@pytest.fixture(autouse=True)
def _fresh_rate_limits(fresh_rate_limits):
    """Every test here starts with no rate-limit count (tests/conftest.py)."""


@pytest.fixture
def member(db):
    return UserFactory(username="member-a", email="a@example.org")


@pytest.fixture
def other_member(db):
    return UserFactory(username="member-b", email="b@example.org")


@pytest.fixture
def an_editor(db):
    return editor("editor-1")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def practice_data(**overrides):
    data = {
        "title": "Women mediators of Wajir",
        "summary": "Women mediators settle land disputes before they turn violent.",
        "description": "Trained women mediators meet elders monthly in Wajir county.",
        "countries": ["KE"],
        "level": "local",
        "language": "en",
        "agendas": ["WPS"],
        "pillars": ["prevention"],
        "themes": ["mediation"],
        "other_themes": "land disputes",
        "contact_name": "Amina",
        "contact_email": "amina@example.org",
        "action": "save",
    }
    data.update(overrides)
    return data
