"""Demo data step for search: index the demo content so /buscar/ works right after `make run`."""

from search import services
from search.backends import SearchUnavailable, get_elasticsearch_backend, get_embedded_backend

DEMO_SYNONYMS = [
    ("wifi, internet inalámbrico", "Vecinos buscan «wifi»; las fichas dicen «internet inalámbrico»."),
    ("basura, residuos", ""),
    ("adulto mayor, personas mayores", ""),
    ("bici, bicicleta", ""),
]


def load(*, stdout) -> None:
    """Editors' synonym examples, then rebuild every configured index from the live public pages.
    Idempotent: an existing group is kept, a rebuild replaces."""
    for terms, note in DEMO_SYNONYMS:
        services.ensure_synonym_group(terms=terms, note=note)
    stdout.write(f"Búsqueda: {len(DEMO_SYNONYMS)} grupos de sinónimos de ejemplo.")
    count = services.rebuild(get_embedded_backend())
    stdout.write(f"Búsqueda: {count} documentos en el índice embebido.")
    elastic = get_elasticsearch_backend()
    if elastic is not None:
        try:
            count = services.rebuild(elastic)
            stdout.write(f"Búsqueda: {count} documentos en Elasticsearch.")
        except SearchUnavailable as exc:
            stdout.write(f"Búsqueda: Elasticsearch no disponible ({exc}); se usará el índice embebido.")
