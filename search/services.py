"""Search services: keep the indexes in step with live public pages, and answer the public pages.

Every write goes to the embedded index (always available: it is the project's database) and, when
ELASTICSEARCH_URL is set, to Elasticsearch. The embedded copy is what /buscar/ falls back to when
the search server is down.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from search.backends import (
    EmbeddedBackend,
    SearchBackend,
    SearchRequest,
    SearchResults,
    SearchUnavailable,
    Suggestion,
    get_backend,
    get_elasticsearch_backend,
    get_embedded_backend,
)
from search.models import SynonymGroup
from search.registry import entry_for, iter_live_entries
from search.synonyms import split_terms

logger = logging.getLogger(__name__)

FALLBACK_NOTICE = _(
    "El servidor de búsqueda no responde en este momento: estos resultados vienen de la copia local "
    "del portal y podrían no incluir lo publicado en los últimos minutos."
)
UNAVAILABLE_NOTICE = _(
    "La búsqueda no está disponible en este momento. Por favor, intente de nuevo en unos minutos."
)


@transaction.atomic
def ensure_synonym_group(*, terms: str, note: str = ""):
    """The synonym group with these expressions, created (validated) if no group has exactly them."""
    wanted = sorted(split_terms(terms))
    for group in SynonymGroup.objects.all():
        if sorted(group.alternatives()) == wanted:
            return group
    group = SynonymGroup(terms=", ".join(split_terms(terms)), note=note)
    group.full_clean()
    group.save()
    return group


def write_backends() -> list[SearchBackend]:
    """The embedded index always, then Elasticsearch if configured."""
    backends: list[SearchBackend] = [get_embedded_backend()]
    elastic = get_elasticsearch_backend()
    if elastic is not None:
        backends.append(elastic)
    return backends


def live_entry(page_id: int):
    """The index entry of the LIVE, public version of a page, reloaded from the database, or None.

    Drafts live in revisions, never in the page row, so reloading the row by id can only ever
    see what is published.
    """
    from wagtail.models import Page

    page = Page.objects.filter(pk=page_id).first()
    if page is None or not page.live:
        return None
    model = page.specific_class
    if model is None:
        return None
    specific = model.objects.filter(pk=page_id).live().public().first()
    if specific is None:
        return None
    return entry_for(specific)


def sync_page(page_id: int, *, backends: list[SearchBackend] | None = None) -> bool:
    """Index the live version of a page, or remove it when it is not live and public.

    Returns True when the page is in the index afterwards. Raises SearchUnavailable if a backend
    failed (the others have been written).
    """
    entry = live_entry(page_id)
    failure = None
    for backend in backends or write_backends():
        try:
            if entry is None:
                backend.delete([page_id])
            else:
                backend.index_entries([entry])
        except SearchUnavailable as exc:
            logger.warning("search: %s no pudo actualizar la página %s: %s", backend.name, page_id, exc)
            failure = exc
    if failure is not None:
        raise failure
    return entry is not None


def sync_subtree(page_id: int) -> None:
    """Re-evaluate a page and all its descendants (after a move or a change of privacy)."""
    from wagtail.models import Page

    root = Page.objects.filter(pk=page_id).first()
    if root is None:
        return
    failure = None
    for descendant_id in (
        Page.objects.descendant_of(root, inclusive=True).values_list("pk", flat=True).iterator()
    ):
        try:
            sync_page(descendant_id)
        except SearchUnavailable as exc:
            failure = exc
    if failure is not None:
        raise failure


def rebuild(
    backend: SearchBackend, *, chunk_size: int = 500, progress: Callable[[int], None] | None = None
) -> int:
    return backend.rebuild(iter_live_entries(chunk_size=chunk_size), chunk_size=chunk_size, progress=progress)


def _with_fallback(operation: Callable[[SearchBackend], object]):
    """Run on the configured backend; if it is down, on the embedded one. Returns (value, notice)."""
    backend = get_backend()
    try:
        return operation(backend), None
    except SearchUnavailable as exc:
        logger.error("search: %s no disponible: %s", backend.name, exc)
        if isinstance(backend, EmbeddedBackend):
            raise
    return operation(get_embedded_backend()), FALLBACK_NOTICE


def search(request: SearchRequest) -> tuple[SearchResults | None, str | None]:
    """Results and an optional notice for the user; (None, notice) when no backend can answer."""
    try:
        return _with_fallback(lambda backend: backend.search(request))
    except SearchUnavailable:
        logger.exception("search: ningún motor de búsqueda disponible")
        return None, UNAVAILABLE_NOTICE


def suggest(text: str, *, limit: int = 8) -> list[Suggestion]:
    try:
        suggestions, _notice = _with_fallback(lambda backend: backend.suggest(text, limit=limit))
        return suggestions
    except SearchUnavailable:
        return []


def related_page_ids(page_id: int, *, limit: int = 4) -> list[int] | None:
    """Ids of indexed practices related to a page, best first; None when the index cannot tell.

    The index may lag behind a publication: callers load the pages and keep only the live ones.
    """
    try:
        ids, _notice = _with_fallback(lambda backend: backend.related(page_id, limit=limit))
    except SearchUnavailable:
        return None
    return list(ids) or None
