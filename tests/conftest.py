import sqlite3

from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from wagtail.models import Site

import pytest

MIGRATED_SQLITE = pytest.StashKey()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads to its own temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the default language: LocaleMiddleware leaves the language of a
    request (/fr/...) active in the thread after it, where the next test's addresses would
    take it."""
    with translation.override(django_settings.LANGUAGE_CODE):
        yield


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
def committing(django_capture_on_commit_callbacks):
    """Runs a change and what waits for its commit, as the site does once a change is
    committed (the page cache's new version, search index updates)."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home_page(site):
    return site.root_page.specific


@pytest.fixture
def practice_index(home_page):
    from practices.models import PracticeIndexPage

    return PracticeIndexPage.objects.get(locale__language_code="en")


@pytest.fixture
def framework_index(home_page):
    from frameworks.models import FrameworkIndexPage

    return FrameworkIndexPage.objects.get(locale__language_code="en")


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


@pytest.fixture(scope="session")
def real_data(django_db_setup, django_db_blocker):
    """The whole of data/ imported once per test process, as `make load-data` loads it:
    {"frameworks": (state, output), "sample": (state, output)}, ``state`` a DatabaseState
    (tests/utils.py) after import_frameworks of data/frameworks, then after
    import_organisations and import_practices of the sample too; ``output`` what the last
    import wrote. Imported in a transaction rolled back at once: tests take it with the
    ``real_frameworks`` and ``sample_practices`` fixtures."""
    import io

    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    from tests.utils import DatabaseState, rebuild_site_tree

    data = settings.KB_DATA_DIR
    found = {}
    with django_db_blocker.unblock():
        assert not connection.in_atomic_block, "set up outside any test's transaction"
        with transaction.atomic():
            # A test that committed and flushed the database may have left no page tree.
            rebuild_site_tree()
            for key, imports in (
                ("frameworks", [("import_frameworks", "frameworks")]),
                (
                    "sample",
                    [
                        ("import_organisations", "organisations.json"),
                        ("import_practices", "practices-sample.json"),
                    ],
                ),
                # The sample and the practices written in French, Spanish and Arabic.
                ("languages", [("import_practices", "practices-languages.json")]),
            ):
                for command, path in imports:
                    out = io.StringIO()
                    call_command(command, str(data / path), no_progress=True, stdout=out)
                found[key] = (DatabaseState.capture(), out.getvalue())
            transaction.set_rollback(True)
    return found


@pytest.fixture
def language_practices(db, real_data):
    """The sample practices and those of data/practices-languages.json (French, Spanish and
    Arabic), imported."""
    state, output = real_data["languages"]
    state.restore()
    return output


@pytest.fixture
def real_frameworks(db, real_data):
    """The test's database as import_frameworks of data/frameworks leaves the migrated one;
    answers the command's output."""
    state, output = real_data["frameworks"]
    state.restore()
    return output


@pytest.fixture
def sample_practices(db, real_data):
    """The test's database with data/'s frameworks, organisations and sample practices
    imported, as `make load-data` loads them."""
    state, output = real_data["sample"]
    state.restore()
    return output
