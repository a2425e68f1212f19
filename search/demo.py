"""Demo data step for search: index the demo content so /buscar/ works right after `make run`."""

from search import services
from search.backends import SearchUnavailable, get_elasticsearch_backend, get_embedded_backend


def load(*, stdout) -> None:
    """Rebuild every configured index from the live public pages. Idempotent: a rebuild replaces."""
    count = services.rebuild(get_embedded_backend())
    stdout.write(f"Búsqueda: {count} documentos en el índice embebido.")
    elastic = get_elasticsearch_backend()
    if elastic is not None:
        try:
            count = services.rebuild(elastic)
            stdout.write(f"Búsqueda: {count} documentos en Elasticsearch.")
        except SearchUnavailable as exc:
            stdout.write(f"Búsqueda: Elasticsearch no disponible ({exc}); se usará el índice embebido.")
