"""PostgreSQL: what the database engine reads of the full-text index to score in memory.

The engine keeps each word's matches and BM25 terms, read from the tsvectors, with its postings
(``search.engines.pgphrases``), as it does on SQLite (migration 0003). So:

- the search state's token changes with the text of any index entry (any entry's: BM25 weighs
  a word by how many entries hold it and a row by its length against the mean), and with
  which entry is which object's. An update writing the same text (Wagtail indexes a page again
  on every save, with upserts) leaves the token alone: the trigger's condition compares the
  vectors;
- each entry's length in tokens (every token of its title, body and autocomplete vectors has a
  position) is a generated column, made once when the entry is written: counting them for
  every entry in a query took 2 s at 10,000 practices, each time the index changed.

SQLite has both already: nothing to do.
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"
COLUMN = "kb_tokens"
WATCHED = ("content_type_id", "object_id", "title", "body", "autocomplete")
TOKENS = (
    "CREATE OR REPLACE FUNCTION kb_tsvector_tokens(tsvector) RETURNS integer "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
    "$$ SELECT coalesce(sum(array_length(positions, 1)), 0)::integer FROM unnest($1) $$"
)


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(TOKENS)
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS {COLUMN} integer GENERATED ALWAYS AS "
        "(kb_tsvector_tokens(title) + kb_tsvector_tokens(body) "
        "+ kb_tsvector_tokens(autocomplete)) STORED"
    )
    name = f"search_state_{TABLE}"
    changed = " OR ".join(f'OLD."{c}" IS DISTINCT FROM NEW."{c}"' for c in WATCHED)
    schema_editor.execute(
        f'CREATE TRIGGER "{name}" AFTER INSERT OR DELETE ON "{TABLE}" FOR EACH ROW '
        "EXECUTE FUNCTION search_state_touch()"
    )
    schema_editor.execute(
        f'CREATE TRIGGER "{name}_update" AFTER UPDATE ON "{TABLE}" FOR EACH ROW '
        f"WHEN ({changed}) EXECUTE FUNCTION search_state_touch()"
    )
    schema_editor.execute(
        f'CREATE TRIGGER "{name}_truncate" AFTER TRUNCATE ON "{TABLE}" FOR EACH STATEMENT '
        "EXECUTE FUNCTION search_state_touch()"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for suffix in ("", "_update", "_truncate"):
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "search_state_{TABLE}{suffix}" ON "{TABLE}"')
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {COLUMN}")
    schema_editor.execute("DROP FUNCTION IF EXISTS kb_tsvector_tokens(tsvector)")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_indexentry_text_vector")]

    operations = [migrations.RunPython(add, drop, elidable=False)]
