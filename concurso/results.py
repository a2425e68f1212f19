"""An entry's published result, as the competition's pages show it (applicant dashboard, entry page).

The committee's decisions and the feedback report live in a higher layer (evaluacion); this module
is the registry through which that layer answers, so concurso never imports it (layers point down).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class EntryResult:
    outcome: str  # "ganadora", "mencion", "finalista", "no_seleccionada"
    outcome_label: str
    category: str
    rank: int | None
    tied: bool
    entries_in_category: int
    report_url: str
    pdf_url: str


_providers: list[Callable[[list], dict[int, EntryResult]]] = []


def register(provider: Callable[[list], dict[int, EntryResult]]) -> None:
    """A provider takes submissions and returns {submission id: EntryResult} for published ones."""
    if provider not in _providers:
        _providers.append(provider)


def results_for(submissions: Iterable) -> dict[int, EntryResult]:
    submissions = list(submissions)
    found: dict[int, EntryResult] = {}
    for provider in _providers:
        found.update(provider(submissions))
    return found
