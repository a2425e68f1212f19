"""An entry's published result, as the competition's pages show it (applicant dashboard, entry page).

The committee's decisions and the feedback report live in a higher layer (evaluacion); this module
is the registry through which that layer answers, so concurso never imports it (layers point down).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class SubmissionResult:
    outcome: str  # "ganadora", "mencion", "finalista", "no_seleccionada"
    outcome_label: str
    category: str
    rank: int | None
    tied: bool
    entries_in_category: int
    report_url: str
    pdf_url: str


_providers: list[Callable[[list], dict[int, SubmissionResult]]] = []


def register(provider: Callable[[list], dict[int, SubmissionResult]]) -> None:
    """A provider takes submissions and returns {submission id: SubmissionResult} for published ones."""
    if provider not in _providers:
        _providers.append(provider)


def results_for(submissions: Iterable) -> dict[int, SubmissionResult]:
    submissions = list(submissions)
    found: dict[int, SubmissionResult] = {}
    for provider in _providers:
        found.update(provider(submissions))
    return found


# The public page of a call: results by category, decided by the evaluation (registered from
# ``EvaluacionConfig.ready`` as ``evaluacion.selectors.scores.public_results``). A provider returns, for a
# call whose results are published, a list of groups ``{"category": Category, "entries": [row, ...]}``
# where each row is ``{"code", "title", "municipality", "decision_label", "rank", "page_url"}``, in
# display order (``page_url`` is the live library page of a winner, or "").
CallResultsProvider = Callable[[object], list[dict]]

_call_providers: list[CallResultsProvider] = []


def register_call_results(provider: CallResultsProvider) -> None:
    """Set the provider of a call's published results (one per project; registering again replaces it)."""
    _call_providers[:] = [provider]


def published_results(call) -> list[dict] | None:
    """Results by category; None before publication or when no app provides them."""
    if not call.results_published_at or not _call_providers:
        return None
    return _call_providers[0](call)
