"""Snowball analysis, the vocabulary for spelling corrections, and editors' synonyms.

The text index of SQLite holds analyzed text: it is re-analyzed here from the stored documents
with the new chain (Snowball Spanish instead of the light stemmer), and the vocabulary is built
from the same rows, so an existing index keeps working without `search_rebuild`. Going back to
0004 leaves the new table in place: run `search_rebuild` after such a rollback.
"""

from django.db import migrations, models


FTS_COLUMNS = "title, summary, body, keywords, exact"


def recreate_fts(apps, schema_editor):
    """The FTS5 table gets a fifth column, `exact`: the folded, unstemmed words of title, summary
    and facet names, so that the exact form of a query word ranks above other words of its root."""
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TABLE IF EXISTS portal_search_fts")
    schema_editor.execute(
        f"""
        CREATE VIRTUAL TABLE portal_search_fts USING fts5(
            {FTS_COLUMNS},
            tokenize = 'unicode61 remove_diacritics 2',
            prefix = '2 3 4'
        )
        """
    )


POSTGRES_VECTOR = [
    "DROP INDEX IF EXISTS portal_search_vector_gin",
    "ALTER TABLE portal_search_indexeddocument DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE portal_search_indexeddocument ADD COLUMN search_vector tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX portal_search_vector_gin ON portal_search_indexeddocument USING gin (search_vector)",
]
POSTGRES_VECTOR_UPDATE = (
    "UPDATE portal_search_indexeddocument SET search_vector = setweight(to_tsvector('simple', %s), 'A') || "
    "setweight(to_tsvector('simple', %s), 'B') || setweight(to_tsvector('simple', %s), 'C') || "
    "setweight(to_tsvector('simple', %s), 'D') WHERE page_id = %s"
)


def python_vector(apps, schema_editor):
    """PostgreSQL: the generated tsvector (PostgreSQL's own unaccent + Spanish stemmer, which
    misses "capacitacion" once unaccented) becomes a plain column holding the terms of
    search.analysis, the chain SQLite and Elasticsearch use; filled below."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in POSTGRES_VECTOR:
        schema_editor.execute(statement)


def reanalyze(apps, schema_editor):
    from search import analysis, spelling

    connection = schema_editor.connection
    Document = apps.get_model("portal_search", "IndexedDocument")
    Term = apps.get_model("portal_search", "SearchTerm")
    rows = Document.objects.using(connection.alias).values_list("page_id", "title", "summary", "body", "keywords")
    documents = []
    with connection.cursor() as cursor:
        for page_id, title, summary, body, keywords in rows.iterator(chunk_size=1000):
            documents.append(spelling.document_words((title, summary, body, keywords)))
            if connection.vendor == "postgresql":
                cursor.execute(
                    POSTGRES_VECTOR_UPDATE,
                    [
                        analysis.analyzed(title),
                        f"{analysis.analyzed(summary)} {analysis.analyzed(keywords)}",
                        analysis.analyzed(body),
                        analysis.exact_words(title, summary, keywords),
                        page_id,
                    ],
                )
            if connection.vendor == "sqlite":
                cursor.execute(
                    f"INSERT INTO portal_search_fts (rowid, {FTS_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s)",
                    [
                        page_id,
                        *(analysis.analyzed(text) for text in (title, summary, body, keywords)),
                        analysis.exact_words(title, summary, keywords),
                    ],
                )
    counts, display = spelling.vocabulary_counts(documents)
    Term.objects.using(connection.alias).bulk_create(
        [
            Term(word=word, display=display.get(word, word)[:100], stem=analysis.stem(word)[:100], documents=count)
            for word, count in counts.items()
            if len(word) <= 100
        ],
        batch_size=1000,
    )
    IndexState = apps.get_model("portal_search", "IndexState")
    IndexState.objects.using(connection.alias).filter(pk=1).update(token="reanalyzed-0005")


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0004_index_state")]

    operations = [
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                ("word", models.CharField(max_length=100, primary_key=True, serialize=False, verbose_name="palabra")),
                ("display", models.CharField(max_length=100, verbose_name="forma escrita")),
                ("stem", models.CharField(db_index=True, max_length=100, verbose_name="raíz")),
                ("documents", models.IntegerField(default=0, verbose_name="documentos")),
            ],
            options={"verbose_name": "término del vocabulario", "verbose_name_plural": "vocabulario de búsqueda"},
        ),
        migrations.CreateModel(
            name="SynonymGroup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "terms",
                    models.CharField(
                        help_text="Palabras o expresiones separadas por comas que deben encontrarse entre sí, por ejemplo: «wifi, internet inalámbrico, conexión gratuita».",
                        max_length=500,
                        verbose_name="términos equivalentes",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="nota interna")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="actualizado")),
            ],
            options={"verbose_name": "grupo de sinónimos", "verbose_name_plural": "sinónimos de búsqueda", "ordering": ["terms"]},
        ),
        migrations.RunPython(recreate_fts, migrations.RunPython.noop),
        migrations.RunPython(python_vector, migrations.RunPython.noop),
        migrations.RunPython(reanalyze, migrations.RunPython.noop),
    ]
