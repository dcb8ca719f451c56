"""SQLite: the search state's token also changes with the text of the full-text index.

The database engine keeps each word's matches and BM25 terms read from FTS5 with its postings
(``search.engines.phrases``), so the token must change whenever the text of an index entry
does (any entry's: BM25 weighs a word by how many entries hold it and a row by its length
against the average), not only when an entry changes hands, as migration 0002's trigger
watched. An update that rewrites the same text (Wagtail indexes a page again on every save)
leaves the token alone. PostgreSQL scores in the database and keeps no text: nothing to do.
"""

from django.db import migrations

STATE = "search_searchstate"
TOUCH = f"INSERT OR REPLACE INTO {STATE} (id, token) VALUES (1, lower(hex(randomblob(16))))"
COLUMNS_BEFORE = ("content_type_id", "object_id")
COLUMNS_NOW = ("content_type_id", "object_id", "title", "body", "autocomplete")


def update_trigger(table, columns):
    changed = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in columns)
    return (
        f'CREATE TRIGGER "search_state_{table}_update" AFTER UPDATE OF {", ".join(columns)} '
        f'ON "{table}" WHEN {changed} BEGIN {TOUCH}; END'
    )


def watch(columns):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "search_state_{table}_update"')
        schema_editor.execute(update_trigger(table, columns))

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_state")]

    operations = [migrations.RunPython(watch(COLUMNS_NOW), watch(COLUMNS_BEFORE))]
