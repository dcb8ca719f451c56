"""Small helpers shared by tests."""

from django.test import TestCase


def after_commit():
    """Run what waits for the transaction's commit (e-mail, index tasks) when the block ends: a
    test's transaction never commits."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def rebuild_site_tree():
    """Tests that commit (browser tests, concurrent requests) have their database emptied after
    each of them, and Django's serialized rollback does not bring Wagtail's page tree back
    reliably. Rebuild it as the site set-up (core/setup.py) builds it when it is missing."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Collection, Locale, Page, Site

    from core.setup import ensure_locale_trees, ensure_locales, ensure_page_tree

    # The flush after the previous test removed content types this process still has cached
    # (a test that runs migration code, such as create_permissions, fills that cache).
    ContentType.objects.clear_cache()
    # Each part on its own: a test that flushed some tables may have left others.
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    if not Site.objects.exists():
        locale, _ = Locale.objects.get_or_create(language_code="en")
        if not Page.objects.filter(depth=1).exists():
            Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
        ensure_page_tree(apps, changes=[])
    # Each content language's locale and its copy of the tree, as migrations leave them.
    ensure_locales(apps, changes=[])
    ensure_locale_trees(apps, changes=[])


def post_new_practice_in_admin(client, practice_index, **fields):
    """Post the admin's "add a practice" form with the required fields and no inline rows,
    changed by ``fields``; answers the response."""
    from django.urls import reverse

    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    values = {
        "title": "A practice",
        "slug": "a-practice",
        "summary": "x",
        "description": "y",
        "level": "local",
        "language": "en",
        **fields,
    }
    for inline in (
        "countries",
        "practice_organisations",
        "provision_links",
        "framework_links",
        "attachments",
    ):
        values.setdefault(inline, inline_formset([]))
    # Multiple choices are posted as repeated keys, which nested_form_data would flatten.
    choices = {name: values.pop(name) for name in list(values) if isinstance(values[name], list)}
    data = {**nested_form_data(values), **choices}
    url = reverse("wagtailadmin_pages:add", args=["practices", "practicepage", practice_index.pk])
    return client.post(url, data)


def shared_rows(django_db_blocker, build):
    """Rows made once for a class (or module) of tests that only read them, then taken away.

    A generator for a class- or module-scoped fixture (``yield from shared_rows(blocker,
    build)``): what ``build()`` creates, in a transaction of its own, stays for every test of
    the class; each test runs in a savepoint inside that transaction, rolled back after it (a
    test that writes leaves the shared rows as they were); the whole transaction is rolled back
    when the class is done, so tests elsewhere never see these rows. Not for tests that commit
    (``transactional_db``, ``live_server``)."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            rows = build()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    try:
        yield rows
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def fresh(objects):
    """The shared rows read again, one new instance each, so that a test that changes an instance
    in memory does not change it for the tests after it."""
    return {key: type(obj).objects.get(pk=obj.pk) for key, obj in objects.items()}


class DatabaseState:
    """Every table's rows as one transaction sees them, written back inside another: a slow
    set-up (the whole of data/ imported) made once per test process and given to each test
    that needs it in a fraction of the time.

    ``capture()`` reads the rows; ``restore()``, inside a test's transaction (a ``db`` test),
    empties every table and writes them back, so the test sees the captured database whatever
    the one before it left, and its rollback takes it all away again. Left out: what the
    database writes itself, which follows from the rest — SQLite's full-text tables (its
    triggers fill them from the index entries written back) and tables that triggers write
    (the search state's token, search/migrations/0002_search_state.py, changes with the
    rows written back, as it must). Generated columns are made again by the database."""

    def __init__(self, tables):
        self.tables = tables  # {table: (columns, rows)}

    @classmethod
    def capture(cls):
        from django.db import connection

        tables = {}
        with connection.cursor() as cursor:
            for table, columns in _copied_tables(connection, cursor):
                # Each value as stored, none of the driver's conversions: SQLite's unary plus
                # drops the declared type (so no converter runs), PostgreSQL's text is read back
                # by the column's type on the way in.
                raw = '+"{}"' if connection.vendor == "sqlite" else '"{}"::text'
                selected = ", ".join(raw.format(column) for column in columns)
                cursor.execute(f'SELECT {selected} FROM "{table}"')  # noqa: S608
                tables[table] = (columns, cursor.fetchall())
        return cls(tables)

    def restore(self):
        from django.contrib.contenttypes.models import ContentType
        from django.db import connection

        assert connection.in_atomic_block, "restore() writes inside a test's transaction"
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            else:
                cursor.execute("PRAGMA defer_foreign_keys = ON")
            for table in self.tables:
                cursor.execute(f'DELETE FROM "{table}"')  # noqa: S608
            for table, (columns, rows) in self.tables.items():
                if rows:
                    names = ", ".join(f'"{column}"' for column in columns)
                    values = ", ".join(["%s"] * len(columns))
                    cursor.executemany(
                        f'INSERT INTO "{table}" ({names}) VALUES ({values})',  # noqa: S608
                        rows,
                    )
        # Content types' ids as the restored rows have them.
        ContentType.objects.clear_cache()


def _copied_tables(connection, cursor):
    """(table, [column, ...]) of every table DatabaseState writes back."""
    import re

    written_by_triggers = re.compile(r"\b(?:INTO|UPDATE)\s+\"?(\w+)", re.IGNORECASE)
    if connection.vendor == "sqlite":
        cursor.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'trigger')"
        )
        entries = cursor.fetchall()
        skipped = {"sqlite_stat1", "sqlite_stat4"}
        virtual = [n for kind, n, sql in entries if (sql or "").startswith("CREATE VIRTUAL")]
        for kind, _, sql in entries:
            if kind == "trigger":
                skipped.update(written_by_triggers.findall(sql.split("BEGIN", 1)[1]))
        for kind, name, _ in entries:
            if kind != "table" or name in skipped or name in virtual:
                continue
            if any(name.startswith(f"{v}_") for v in virtual):  # a full-text table's shadow
                continue
            if name.startswith("sqlite_") and name != "sqlite_sequence":
                continue
            # table_info leaves generated columns out.
            cursor.execute(f'PRAGMA table_info("{name}")')
            yield name, [row[1] for row in cursor.fetchall()]
        return
    cursor.execute(
        "SELECT p.prosrc FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
        "WHERE NOT t.tgisinternal"
    )
    skipped = {
        table for (source,) in cursor.fetchall() for table in written_by_triggers.findall(source)
    }
    cursor.execute(
        "SELECT table_name, column_name FROM information_schema.columns c "
        "JOIN information_schema.tables t USING (table_schema, table_name) "
        "WHERE table_schema = current_schema() AND t.table_type = 'BASE TABLE' "
        "AND c.is_generated = 'NEVER' ORDER BY table_name, ordinal_position"
    )
    tables = {}
    for table, column in cursor.fetchall():
        if table not in skipped:
            tables.setdefault(table, []).append(column)
    yield from tables.items()
