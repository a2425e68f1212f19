"""Text index of the embedded backend, created only for the database in use.

SQLite: an FTS5 table whose columns hold the analyzed text (see search/analysis.py); accents are
also folded by the `unicode61 remove_diacritics 2` tokenizer, and prefix indexes make autocomplete
fast. PostgreSQL: `unaccent` + a copy of the `spanish` configuration that unaccents before
stemming (`es_unaccent`), a generated weighted tsvector column and its GIN index.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE IF NOT EXISTS portal_search_fts USING fts5(
        title, summary, body, keywords,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3 4'
    )
    """,
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS portal_search_fts"]

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'es_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION es_unaccent (COPY = spanish);
            ALTER TEXT SEARCH CONFIGURATION es_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
        END IF;
    END
    $$
    """,
    """
    ALTER TABLE portal_search_indexeddocument ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('es_unaccent'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('es_unaccent'::regconfig, coalesce(summary, '') || ' ' || coalesce(keywords, '')), 'B')
        || setweight(to_tsvector('es_unaccent'::regconfig, coalesce(body, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX portal_search_vector_gin ON portal_search_indexeddocument USING gin (search_vector)",
    # Autocomplete matches title prefixes: a separate small vector keeps it fast.
    """
    CREATE INDEX portal_search_title_gin ON portal_search_indexeddocument
    USING gin (to_tsvector('es_unaccent'::regconfig, title))
    """,
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS portal_search_title_gin",
    "DROP INDEX IF EXISTS portal_search_vector_gin",
    "ALTER TABLE portal_search_indexeddocument DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0001_documents")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
