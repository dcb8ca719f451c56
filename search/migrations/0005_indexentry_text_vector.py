"""PostgreSQL: each search index entry's title and body as one stored tsvector.

The practice search matches and ranks ``title || body`` (``search.engines.fulltext``). Computed
in the query, that concatenation is made again for every entry a query reads, once per use (the
match, the proximity rank, each term's count in a partial match): with common words that is
every practice, and it was most of a listing query's time (EXPLAIN ANALYZE on 10,000
practices: 731 ms with it, 337 ms from a stored column, for a five-word partial match). A
generated column holds the very same tsvector, made once when Wagtail writes the entry (its
writes name their columns, so it never sees this one). SQLite has its own FTS table: nothing.
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"
COLUMN = "kb_title_body"


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
            "GENERATED ALWAYS AS (title || body) STORED"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_search_state_hits"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(add, drop, elidable=False)]
