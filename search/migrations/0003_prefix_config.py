"""PostgreSQL autocomplete: prefix queries need unstemmed words.

A stemmed vector cannot answer a typed prefix longer than the stem ("municipalis" against the
stem "municipal" of "municipalismo"). `es_prefix` folds accents but keeps whole words; the title
index of 0002 is replaced by one on this configuration. Nothing to do on SQLite.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    """
    DO $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'es_prefix') THEN
            CREATE TEXT SEARCH CONFIGURATION es_prefix (COPY = simple);
            ALTER TEXT SEARCH CONFIGURATION es_prefix
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
        END IF;
    END
    $$
    """,
    "DROP INDEX IF EXISTS portal_search_title_gin",
    """
    CREATE INDEX portal_search_title_prefix_gin ON portal_search_indexeddocument
    USING gin (to_tsvector('es_prefix'::regconfig, title))
    """,
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS portal_search_title_prefix_gin",
    """
    CREATE INDEX portal_search_title_gin ON portal_search_indexeddocument
    USING gin (to_tsvector('es_unaccent'::regconfig, title))
    """,
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0002_text_index")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
