"""The search state's row and the triggers that give it a new token with every change to what
the database engine keeps in memory (``search.engines.postings``): facet rows; pages' live
state, title, first publication and place in the tree; practices' years; view restrictions;
which full-text index entry is which object's.

Row triggers, so that a statement changing no row leaves the token alone, and updates only
when a column that matters changes (saving a draft changes none of them); on PostgreSQL also
TRUNCATE, which a test database's flush uses. ``INSERT OR REPLACE`` / ``ON CONFLICT`` writes
the row again if a flush removed it.
"""

from django.db import migrations, models

STATE = "search_searchstate"

# (model, columns whose update matters: None for any update)
WATCHED = (
    ("search", "PracticeFacet", None),
    ("wagtailcore", "Page", ("live", "title", "first_published_at", "path")),
    ("practices", "PracticePage", ("start_year", "end_year")),
    ("wagtailcore", "PageViewRestriction", None),
)
# SQLite only: which index entry is which practice's (PostgreSQL's match reads the practice's
# id from the entry's row; and its search backend writes entries with upserts on every save,
# which would change the token with every draft saved).
WATCHED_ON_SQLITE = (("wagtailsearch", "IndexEntry", ("content_type_id", "object_id")),)


def watched_tables(apps, vendor):
    for app_label, model_name, columns in WATCHED + (
        WATCHED_ON_SQLITE if vendor == "sqlite" else ()
    ):
        yield apps.get_model(app_label, model_name)._meta.db_table, columns


def sqlite_statements(apps):
    touch = f"INSERT OR REPLACE INTO {STATE} (id, token) VALUES (1, lower(hex(randomblob(16))))"
    for table, columns in watched_tables(apps, "sqlite"):
        for event in ("INSERT", "DELETE", "UPDATE"):
            when = ""
            if event == "UPDATE" and columns:
                changed = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in columns)
                event, when = f"UPDATE OF {', '.join(columns)}", f" WHEN {changed}"
            name = f"search_state_{table}_{event.split()[0].lower()}"
            yield (
                f'CREATE TRIGGER IF NOT EXISTS "{name}" AFTER {event} ON "{table}"{when} '
                f"BEGIN {touch}; END"
            )


def postgresql_statements(apps):
    yield (
        "CREATE OR REPLACE FUNCTION search_state_touch() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN INSERT INTO {STATE} (id, token) "
        "VALUES (1, md5(random()::text || clock_timestamp()::text)) "
        "ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token; RETURN NULL; END $$"
    )
    for table, columns in watched_tables(apps, "postgresql"):
        name = f"search_state_{table}"
        # Row triggers: a statement that changes no row (deleting the facet rows of a draft
        # that has none) leaves the token alone.
        update, when = "UPDATE", ""
        if columns:
            changed = " OR ".join(f'OLD."{c}" IS DISTINCT FROM NEW."{c}"' for c in columns)
            when = f" WHEN ({changed})"
        for event, condition in (("INSERT OR DELETE", ""), (update, when)):
            suffix = "_update" if event == update else ""
            yield (
                f'CREATE TRIGGER "{name}{suffix}" AFTER {event} ON "{table}" FOR EACH ROW'
                f"{condition} EXECUTE FUNCTION search_state_touch()"
            )
        yield (
            f'CREATE TRIGGER "{name}_truncate" AFTER TRUNCATE ON "{table}" FOR EACH STATEMENT '
            f"EXECUTE FUNCTION search_state_touch()"
        )


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = sqlite_statements(apps)
    elif vendor == "postgresql":
        statements = postgresql_statements(apps)
    else:
        raise NotImplementedError(f"No search state triggers for {vendor}")
    for statement in statements:
        schema_editor.execute(statement)
    schema_editor.execute(f"INSERT INTO {STATE} (id, token) VALUES (1, 'initial')")


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, _columns in watched_tables(apps, vendor):
        if vendor == "sqlite":
            for event in ("insert", "delete", "update"):
                schema_editor.execute(f'DROP TRIGGER IF EXISTS "search_state_{table}_{event}"')
        else:
            for suffix in ("", "_update", "_truncate"):
                schema_editor.execute(
                    f'DROP TRIGGER IF EXISTS "search_state_{table}{suffix}" ON "{table}"'
                )
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS search_state_touch()")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("practices", "0008_organisation_publicly_known"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchState",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False),
                ),
                ("token", models.CharField(max_length=32)),
            ],
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
