"""The extension point through which the apps above `search` say what the index holds.

`search` sits below the public site and must not import it. Instead, an app that owns searchable
pages registers them here from its ``AppConfig.ready`` (the portal does it in
``portal/search_entries.py``):

- ``register(model, build_entry, ...)``: a page type, the function that turns one live page into an
  ``Entry``, the relations to load with it, and which other pages depend on it (re-indexed with it).
- ``register_facet_labels(facet, labels)``: the ordered labels of a facet's values (e.g. levels).
- ``register_browse_url(url)``: where the "browse instead" link of an empty result page leads.

Everything else in `search` (signals, services, rebuild) reads this registry, so a new page type
becomes searchable without any change in this app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from search.entries import Entry


@dataclass(frozen=True)
class Searchable:
    model: type
    build_entry: Callable[[Any], Entry | None]
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    # Ids of other pages whose entry shows something of this page (re-indexed when it changes).
    dependents: Callable[[Any], Iterable[int]] | None = None


_searchables: dict[type, Searchable] = {}
_facet_labels: dict[str, Callable[[], dict[str, str]]] = {}
_browse_url: list[Callable[[], str | None]] = []


def register(
    model: type,
    build_entry: Callable[[Any], Entry | None],
    *,
    select_related: Iterable[str] = (),
    prefetch_related: Iterable[str] = (),
    dependents: Callable[[Any], Iterable[int]] | None = None,
) -> None:
    """Make a page type searchable. Registering the same model again replaces its entry."""
    _searchables[model] = Searchable(
        model, build_entry, tuple(select_related), tuple(prefetch_related), dependents
    )


def register_facet_labels(facet: str, labels: Callable[[], dict[str, str]]) -> None:
    """`labels()` returns {value: label} in display order (read at request time: labels are lazy)."""
    _facet_labels[facet] = labels


def register_browse_url(url: Callable[[], str | None]) -> None:
    _browse_url[:] = [url]


def searchables() -> list[Searchable]:
    return list(_searchables.values())


def searchable_for(page) -> Searchable | None:
    for model in type(page).__mro__:
        if model in _searchables:
            return _searchables[model]
    return None


def facet_labels(facet: str) -> dict[str, str]:
    labels = _facet_labels.get(facet)
    return dict(labels()) if labels else {}


def browse_url(default: str = "/") -> str:
    return (_browse_url[0]() if _browse_url else None) or default


def entry_for(page) -> Entry | None:
    """The entry of a specific page object, or None if its type is not searchable."""
    searchable = searchable_for(page)
    return searchable.build_entry(page) if searchable else None


def dependent_page_ids(page) -> list[int]:
    searchable = searchable_for(page)
    if searchable is None or searchable.dependents is None:
        return []
    return list(searchable.dependents(page))


def live_public_queryset(searchable: Searchable):
    return (
        searchable.model.objects.live()
        .public()
        .select_related(*searchable.select_related)
        .prefetch_related(*searchable.prefetch_related)
        .order_by("pk")
    )


def count_live_entries() -> int:
    return sum(searchable.model.objects.live().public().count() for searchable in searchables())


def iter_live_entries(*, chunk_size: int = 500) -> Iterator[Entry]:
    """Every searchable live public page, streamed in chunks (never all pages in memory)."""
    for searchable in searchables():
        for page in live_public_queryset(searchable).iterator(chunk_size=chunk_size):
            entry = searchable.build_entry(page)
            if entry is not None:
                yield entry
