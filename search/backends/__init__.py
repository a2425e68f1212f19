"""Search backends. `get_backend()` returns Elasticsearch when ELASTICSEARCH_URL is set, otherwise
the embedded backend (SQLite FTS5 or PostgreSQL full-text search, whichever database is in use)."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from search.backends.base import (
    FACET_LABELS,
    FACETS,
    FacetValue,
    Hit,
    SearchBackend,
    SearchRequest,
    SearchResults,
    SearchUnavailable,
    Suggestion,
)
from search.backends.elastic import ElasticsearchBackend
from search.backends.embedded import EmbeddedBackend

__all__ = [
    "FACETS",
    "FACET_LABELS",
    "EmbeddedBackend",
    "FacetValue",
    "Hit",
    "SearchBackend",
    "SearchRequest",
    "SearchResults",
    "SearchUnavailable",
    "Suggestion",
    "get_backend",
    "get_embedded_backend",
    "get_elasticsearch_backend",
]


@lru_cache(maxsize=8)
def _elasticsearch(url: str, prefix: str, timeout: float, read_timeout: float):
    return ElasticsearchBackend(url, prefix=prefix, timeout=timeout, read_timeout=read_timeout)


def get_elasticsearch_backend():
    if not settings.ELASTICSEARCH_URL:
        return None
    return _elasticsearch(
        settings.ELASTICSEARCH_URL,
        settings.ELASTICSEARCH_INDEX_PREFIX,
        float(getattr(settings, "SEARCH_WRITE_TIMEOUT", 5.0)),
        float(getattr(settings, "SEARCH_READ_TIMEOUT", 0.8)),
    )


def get_embedded_backend() -> EmbeddedBackend:
    return EmbeddedBackend()


def get_backend() -> SearchBackend:
    """The configured backend; callers handle SearchUnavailable (see search.services)."""
    return get_elasticsearch_backend() or get_embedded_backend()
