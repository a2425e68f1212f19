"""The contract every search backend fulfils, and the value objects they exchange."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from search import registry, spelling
from search.analysis import marked_to_html
from search.entries import DocType, Entry

FACETS = ["type", "category", "region", "comuna", "year", "level"]
FACET_LABELS = {
    "type": _("Tipo de contenido"),
    "category": _("Categoría"),
    "region": _("Región"),
    "comuna": _("Comuna"),
    "year": _("Año"),
    "level": _("Nivel de distinción"),
}


class SearchUnavailable(Exception):
    """The backend cannot answer now (server down, timeout). Callers fall back or explain."""


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    # False when the person asked for exactly what they typed ("Buscar solo …"): no retry.
    correct: bool = True

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def active_filters(self) -> dict[str, tuple[str, ...]]:
        return {name: tuple(values) for name, values in self.filters.items() if name in FACETS and values}


@dataclass
class Hit:
    page_id: int
    doc_type: str
    title: str
    url: str
    title_html: SafeString
    snippet_html: SafeString
    category: str = ""
    region: str = ""
    comuna: str = ""
    year: int | None = None
    level: str = ""
    date: dt.date | None = None

    @property
    def meta(self) -> str:
        place = ", ".join(part for part in (self.comuna, self.region) if part)
        return " · ".join(str(part) for part in (place, self.category, self.year) if part)

    @property
    def type_label(self):
        return DocType.labels.get(self.doc_type, self.doc_type)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]]
    page: int
    per_page: int
    backend: str = ""
    # The query that produced these results when it is not the one typed: the automatic retry
    # with corrected spelling after the typed query found nothing.
    corrected_query: str = ""
    # A probably better spelling, offered as "¿Quiso decir …?" (not applied).
    suggested_query: str = ""

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


@dataclass
class Suggestion:
    text: str
    url: str
    doc_type: str


def level_labels() -> dict[str, str]:
    """The distinction levels, in their order (registered by the app that owns them)."""
    return registry.facet_labels("level")


def facet_label(name: str, value: str) -> str:
    if name == "type":
        return str(DocType.labels.get(value, value))
    if name == "level":
        return str(level_labels().get(value, value))
    return str(value)


def build_facets(request: SearchRequest, raw: dict[str, dict[str, int]]) -> dict[str, list[FacetValue]]:
    """Order facet values, label them, and keep selected values visible even at zero count."""
    facets = {}
    selected_by_facet = request.active_filters()
    for name in FACETS:
        counts = {str(value): count for value, count in raw.get(name, {}).items() if value not in (None, "")}
        selected = set(selected_by_facet.get(name, ()))
        for value in selected:
            counts.setdefault(value, 0)
        if name == "year":
            ordered = sorted(counts, key=lambda value: (-int(value) if value.isdigit() else 0, value))
        elif name == "type":
            ordered = sorted(
                counts, key=lambda value: DocType.order.index(value) if value in DocType.order else 99
            )
        elif name == "level":
            order = list(level_labels())
            ordered = sorted(counts, key=lambda value: order.index(value) if value in order else 99)
        else:
            ordered = sorted(counts, key=lambda value: (-counts[value], value))
        facets[name] = [
            FacetValue(
                value=value, label=facet_label(name, value), count=counts[value], selected=value in selected
            )
            for value in ordered
        ]
    return facets


def safe_html(marked: str) -> SafeString:
    return mark_safe(marked_to_html(marked))  # noqa: S308 - marked_to_html escapes everything first


class SearchBackend:
    """Interface of a search backend. Every method raises SearchUnavailable when it cannot answer.

    `search()` is shared: it runs the backend's `run_search()` and, when the text found nothing,
    asks the backend's `correction()` for a better spelling and searches again (the automatic
    retry); with only a few results it may offer a correction without applying it.
    """

    name = "base"

    def search(self, request: SearchRequest) -> SearchResults:
        results = self.run_search(request)
        if not request.correct or not request.query.strip() or results.total > spelling.FEW_RESULTS:
            return results
        corrected = self.correction(request.query, total=results.total)
        if not corrected or corrected.strip().lower() == request.query.strip().lower():
            return results
        if results.total:
            results.suggested_query = corrected
            return results
        retried = self.run_search(replace(request, query=corrected))
        if retried.total:
            retried.corrected_query = corrected
            return retried
        return results

    def run_search(self, request: SearchRequest) -> SearchResults:
        raise NotImplementedError

    def correction(self, query: str, *, total: int) -> str | None:
        """A better spelling of `query` (see search.spelling.correct), or None."""
        raise NotImplementedError

    def ping(self) -> None:
        raise NotImplementedError

    def index_entries(self, entries: Iterable[Entry]) -> int:
        raise NotImplementedError

    def delete(self, page_ids: Iterable[int]) -> None:
        raise NotImplementedError

    def suggest(self, text: str, *, limit: int = 8) -> list[Suggestion]:
        raise NotImplementedError

    def related(self, page_id: int, *, limit: int = 4) -> list[int]:
        raise NotImplementedError

    def rebuild(
        self,
        entries: Iterable[Entry],
        *,
        chunk_size: int = 500,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Replace the whole index with `entries` without a moment where searches find nothing."""
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def indexed_ids(self) -> set[int]:
        raise NotImplementedError
