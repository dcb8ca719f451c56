import sqlite3

from django.core.cache import cache
from django.db import connection

from wagtail.models import Site

import pytest

MIGRATED_SQLITE = pytest.StashKey()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads to its own temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def email_through_tasks(settings):
    """Django's test set-up sends e-mail straight to the locmem outbox; the site sends it through
    a task after the commit (kb/mail.py). Tests take the site's path: a test's transaction never
    commits, so a test that expects e-mail runs the commit's callbacks (tests/members/conftest.py
    ``after_commit``)."""
    settings.EMAIL_BACKEND = "kb.mail.TaskEmailBackend"


@pytest.fixture
def fresh_rate_limits():
    """Rate-limit counts (and the hourly follow confirmation) live in the cache, which outlives
    a test's database: modules whose tests post forms start each test with an empty one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home_page(site):
    return site.root_page.specific


@pytest.fixture
def practice_index(home_page):
    from practices.models import PracticeIndexPage

    return PracticeIndexPage.objects.get()


@pytest.fixture
def framework_index(home_page):
    from frameworks.models import FrameworkIndexPage

    return FrameworkIndexPage.objects.get()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory, request):
    """pytest-django's test database, and on SQLite a copy of it taken as soon as it is migrated,
    before any test writes to it: see ``migrated_sqlite``."""
    # Only when the suite set up a test database (some collected test uses one): never a copy of
    # the database the settings name for the site.
    settings = connection.settings_dict
    if connection.vendor == "sqlite" and settings["NAME"] == settings["TEST"].get("NAME"):
        path = tmp_path_factory.mktemp("migrated") / "migrated.sqlite3"
        with django_db_blocker.unblock():
            connection.ensure_connection()
            target = sqlite3.connect(path)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        request.config.stash[MIGRATED_SQLITE] = path
    return django_db_setup


@pytest.fixture(scope="session")
def migrated_sqlite(django_db_setup, request):
    """A SQLite file holding the test database as every migration left it (the site's page tree,
    groups and workflow included, no test's data), for a subprocess that needs a migrated database
    of its own: it copies the file instead of running the migrations again."""
    if connection.vendor != "sqlite":
        pytest.skip("a copy of the SQLite test database")
    # A test using this fixture is marked django_db, so that the suite sets its database up.
    return request.config.stash[MIGRATED_SQLITE]
