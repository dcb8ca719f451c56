"""The search state's second row: the "hits" token, changed by any change to a table a search
result is loaded from (``search.engines.hitcache``), so that the practices a process keeps for
results are never older than the data.

Triggers on every change, not on given columns: a result shows many of them, across ten
tables. On SQLite, row triggers (the only kind); on PostgreSQL, statement triggers, so that a
bulk update touches the row once (a statement changing no row forgets the kept practices for
nothing, which costs only their next loading).
"""

from django.db import migrations

STATE = "search_searchstate"
HITS = 2
# (app label, model): ``search.engines.hitcache.HIT_TABLES`` as it was when this was written.
TABLES = (
    ("wagtailcore", "Page"),
    ("practices", "PracticePage"),
    ("practices", "PracticeCountry"),
    ("practices", "PracticeTag"),
    ("taggit", "Tag"),
    ("practices", "PracticeOrganisation"),
    ("practices", "Organisation"),
    ("practices", "PracticeProvisionLink"),
    ("frameworks", "Provision"),
    ("frameworks", "FrameworkPage"),
)


def tables(apps):
    return [apps.get_model(app_label, model)._meta.db_table for app_label, model in TABLES]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        touch = (
            f"INSERT OR REPLACE INTO {STATE} (id, token) "
            f"VALUES ({HITS}, lower(hex(randomblob(16))))"
        )
        for table in tables(apps):
            for event in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(
                    f'CREATE TRIGGER IF NOT EXISTS "search_hits_{table}_{event.lower()}" '
                    f'AFTER {event} ON "{table}" BEGIN {touch}; END'
                )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION search_hits_touch() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN INSERT INTO {STATE} (id, token) "
            f"VALUES ({HITS}, md5(random()::text || clock_timestamp()::text)) "
            "ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token; RETURN NULL; END $$"
        )
        for table in tables(apps):
            schema_editor.execute(
                f'CREATE TRIGGER "search_hits_{table}" AFTER INSERT OR UPDATE OR DELETE OR '
                f'TRUNCATE ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION search_hits_touch()'
            )
    else:
        raise NotImplementedError(f"No search state triggers for {vendor}")
    schema_editor.execute(f"INSERT INTO {STATE} (id, token) VALUES ({HITS}, 'initial')")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in tables(apps):
        if vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f'DROP TRIGGER IF EXISTS "search_hits_{table}_{event}"')
        else:
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "search_hits_{table}" ON "{table}"')
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS search_hits_touch()")
    schema_editor.execute(f"DELETE FROM {STATE} WHERE id = {HITS}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_search_state_text"),
        ("frameworks", "0003_next_plan_expected"),
        ("practices", "0009_suggested_provisions"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create, drop)]
