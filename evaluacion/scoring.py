"""Scores of blind reviews: weighted totals, per-entry statistics, evaluator normalisation, ranking.

Pure module (numpy, no ORM, no Django); the selectors feed it plain values and store or show the
results. Conventions, chosen once for the whole app:

* **Weighted total (0-100).** A rubric has criteria with weights summing to 100 and a scale
  (default 1..7). ``total = sum(weight * (score - min) / (max - min))``. When an *optional*
  criterion is left unanswered the weights are renormalised over the answered ones,
  ``total = 100 * sum(w * s) / sum(w answered)``, so a missing optional answer neither helps nor
  hurts. A missing required criterion is an error.
* **Spread.** Standard deviations are *sample* standard deviations (``n - 1``), the usual
  estimate from a handful of reviews; with a single review the standard deviation is 0.
  ``spread`` is ``max - min``.
* **Evaluator normalisation.** Some evaluators grade hard, others soft. For an evaluator with at
  least ``min_reviews`` (3) reviews in the call, each total becomes a z-score over that
  evaluator's own totals, then is mapped back onto the call's scale:
  ``call_mean + z * call_std`` (mean and sample std of every total in the call), clipped to
  [0, 100]. Evaluators with fewer reviews keep their raw totals (too little data to correct).
  An evaluator who gave every entry the same total has zero spread: their z is 0, so all their
  reviews get the call mean.
* **Disagreement.** An entry is flagged when its standard deviation is above ``max_std`` (15
  points) or two of its totals are more than ``max_gap`` (30 points) apart.
* **Ranking** per category: final score desc, then tie-break criterion desc, then lower spread,
  then earlier submission. Scores are compared after rounding to ``precision`` decimals so that
  floating-point noise does not break a real tie. Entries equal on all keys share a rank
  (competition ranking 1, 1, 3) and are marked ``tied``; among them the listing order is by id.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

_WEIGHT_TOLERANCE = 1e-6
_ZERO_STD = 1e-9


@dataclass(frozen=True, slots=True)
class Criterion:
    key: str
    weight: float
    scale_min: float = 1.0
    scale_max: float = 7.0
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Review:
    submission_id: Hashable
    evaluator_id: Hashable
    scores: Mapping[str, float | None]


@dataclass(frozen=True, slots=True)
class DisagreementThresholds:
    max_std: float = 15.0
    max_gap: float = 30.0


@dataclass(frozen=True, slots=True)
class SubmissionScore:
    submission_id: Hashable
    count: int
    mean: float
    median: float
    std: float
    min: float
    max: float
    spread: float
    normalised_mean: float
    disagreement: bool
    criterion_means: dict[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RankingRecord:
    submission_id: Hashable
    category: Hashable
    final_score: float
    tie_break_score: float | None = None
    spread: float = 0.0
    submitted_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RankedSubmission:
    submission_id: Hashable
    category: Hashable
    rank: int
    position: int
    tied: bool
    final_score: float


def validate_criteria(criteria: Sequence[Criterion]) -> None:
    if not criteria:
        raise ValueError("a rubric needs at least one criterion")
    keys = [c.key for c in criteria]
    if len(set(keys)) != len(keys):
        raise ValueError("criterion keys must be unique")
    for criterion in criteria:
        if criterion.weight < 0:
            raise ValueError(f"criterion {criterion.key!r} has a negative weight")
        if not criterion.scale_max > criterion.scale_min:
            raise ValueError(f"criterion {criterion.key!r} needs scale_max > scale_min")
    total = sum(c.weight for c in criteria)
    if abs(total - 100) > _WEIGHT_TOLERANCE:
        raise ValueError(f"criterion weights must add up to 100, they add up to {total}")


def score_matrix(reviews: Iterable[Review], criteria: Sequence[Criterion]) -> np.ndarray:
    """Raw scores as a (reviews x criteria) float array, NaN where an optional one is unanswered."""
    keys = [c.key for c in criteria]
    known = set(keys)
    rows = []
    for review in reviews:
        unknown = set(review.scores) - known
        if unknown:
            raise ValueError(f"unknown criteria {sorted(unknown)!r}")
        rows.append([review.scores.get(key) for key in keys])
    matrix = np.array(rows, dtype=float).reshape(len(rows), len(keys))  # None becomes NaN
    _check_matrix(matrix, criteria)
    return matrix


def _check_matrix(matrix: np.ndarray, criteria: Sequence[Criterion]) -> None:
    missing = np.isnan(matrix)
    required = np.array([not c.optional for c in criteria])
    if (missing & required).any():
        row, col = np.argwhere(missing & required)[0]
        raise ValueError(f"review {row} has no score for required criterion {criteria[col].key!r}")
    if missing.all(axis=1).any():
        raise ValueError("a review must answer at least one criterion")
    lows = np.array([c.scale_min for c in criteria])
    highs = np.array([c.scale_max for c in criteria])
    with np.errstate(invalid="ignore"):
        out = ~missing & ((matrix < lows) | (matrix > highs))
    if out.any():
        row, col = np.argwhere(out)[0]
        raise ValueError(
            f"review {row}: score {matrix[row, col]} for {criteria[col].key!r} is outside the scale"
        )


def review_totals(matrix: np.ndarray, criteria: Sequence[Criterion]) -> np.ndarray:
    """Weighted totals on 0-100 of a score matrix (see the module docstring)."""
    validate_criteria(criteria)
    _check_matrix(matrix, criteria)
    lows = np.array([c.scale_min for c in criteria])
    widths = np.array([c.scale_max - c.scale_min for c in criteria])
    weights = np.array([c.weight for c in criteria], dtype=float)
    answered = ~np.isnan(matrix)
    normalised = np.where(answered, (matrix - lows) / widths, 0.0)
    answered_weight = answered @ weights
    with np.errstate(invalid="ignore", divide="ignore"):
        totals = 100.0 * (normalised @ weights) / answered_weight
    # Every answered criterion has zero weight: nothing to weigh, so the total is 0.
    return np.where(answered_weight > 0, totals, 0.0)


def review_total(scores: Mapping[str, float | None], criteria: Sequence[Criterion]) -> float:
    """Weighted total on 0-100 of one review."""
    return float(review_totals(score_matrix([Review(None, None, scores)], criteria), criteria)[0])


def _codes(ids: Sequence[Hashable]) -> tuple[list, np.ndarray]:
    """Integer codes in order of first appearance (works for any hashable ids)."""
    index: dict[Hashable, int] = {}
    codes = np.fromiter((index.setdefault(i, len(index)) for i in ids), dtype=np.int64, count=len(ids))
    return list(index), codes


def _group_mean_std(codes: np.ndarray, values: np.ndarray, n_groups: int):
    counts = np.bincount(codes, minlength=n_groups)
    means = np.bincount(codes, weights=values, minlength=n_groups) / np.maximum(counts, 1)
    squares = np.bincount(codes, weights=(values - means[codes]) ** 2, minlength=n_groups)
    stds = np.sqrt(squares / np.maximum(counts - 1, 1))
    return counts, means, np.where(counts > 1, stds, 0.0)


def sample_std(values: Sequence[float]) -> float:
    values = np.asarray(values, dtype=float)
    return float(values.std(ddof=1)) if len(values) > 1 else 0.0


def normalise_by_evaluator(
    totals: Sequence[float], evaluator_ids: Sequence[Hashable], *, min_reviews: int = 3
) -> np.ndarray:
    """Evaluator-normalised totals, aligned with ``totals`` (see the module docstring)."""
    totals = np.asarray(totals, dtype=float)
    if len(totals) != len(evaluator_ids):
        raise ValueError("totals and evaluator_ids must have the same length")
    if len(totals) == 0:
        return totals.copy()
    call_mean = float(totals.mean())
    call_std = sample_std(totals)
    evaluators, codes = _codes(evaluator_ids)
    counts, means, stds = _group_mean_std(codes, totals, len(evaluators))
    safe_std = np.where(stds > _ZERO_STD, stds, 1.0)
    z = np.where(stds[codes] > _ZERO_STD, (totals - means[codes]) / safe_std[codes], 0.0)
    rescaled = np.clip(call_mean + z * call_std, 0.0, 100.0)
    return np.where(counts[codes] >= min_reviews, rescaled, totals)


def is_disagreement(std: float, spread: float, thresholds: DisagreementThresholds | None = None) -> bool:
    thresholds = thresholds or DisagreementThresholds()
    return std > thresholds.max_std or spread > thresholds.max_gap


def aggregate_arrays(
    submission_ids: Sequence[Hashable],
    evaluator_ids: Sequence[Hashable],
    matrix: np.ndarray,
    criteria: Sequence[Criterion],
    *,
    thresholds: DisagreementThresholds | None = None,
    min_reviews: int = 3,
) -> list[SubmissionScore]:
    """Per-entry statistics from a score matrix (one row per review), entries in first-seen order."""
    thresholds = thresholds or DisagreementThresholds()
    if not len(submission_ids) == len(evaluator_ids) == len(matrix):
        raise ValueError("submission_ids, evaluator_ids and matrix must have the same length")
    totals = review_totals(matrix, criteria)
    normalised = normalise_by_evaluator(totals, evaluator_ids, min_reviews=min_reviews)
    entries, codes = _codes(submission_ids)
    n = len(entries)
    counts, means, stds = _group_mean_std(codes, totals, n)
    normalised_means = np.bincount(codes, weights=normalised, minlength=n) / np.maximum(counts, 1)

    order = np.lexsort((totals, codes))
    sorted_totals = totals[order]
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    lows = sorted_totals[starts]
    highs = sorted_totals[starts + counts - 1]
    upper_mid = sorted_totals[starts + counts // 2]
    lower_mid = sorted_totals[starts + (counts - 1) // 2]
    medians = (upper_mid + lower_mid) / 2.0
    spreads = highs - lows

    answered = ~np.isnan(matrix)
    filled = np.where(answered, matrix, 0.0)
    criterion_means = []
    for col in range(matrix.shape[1]):
        answers = np.bincount(codes, weights=answered[:, col], minlength=n)
        sums = np.bincount(codes, weights=filled[:, col], minlength=n)
        with np.errstate(invalid="ignore", divide="ignore"):
            criterion_means.append(np.where(answers > 0, sums / answers, np.nan))
    keys = [c.key for c in criteria]
    per_submission_means = np.column_stack(criterion_means).tolist() if n else []
    flags = (stds > thresholds.max_std) | (spreads > thresholds.max_gap)

    return [
        SubmissionScore(
            submission_id=entry,
            count=int(count),
            mean=float(mean),
            median=float(median),
            std=float(std),
            min=float(low),
            max=float(high),
            spread=float(spread),
            normalised_mean=float(normalised_mean),
            disagreement=bool(flag),
            criterion_means={k: (None if math.isnan(v) else v) for k, v in zip(keys, row, strict=True)},
        )
        for entry, count, mean, median, std, low, high, spread, normalised_mean, flag, row in zip(
            entries,
            counts.tolist(),
            means.tolist(),
            medians.tolist(),
            stds.tolist(),
            lows.tolist(),
            highs.tolist(),
            spreads.tolist(),
            normalised_means.tolist(),
            flags.tolist(),
            per_submission_means,
            strict=True,
        )
    ]


def aggregate(
    reviews: Sequence[Review],
    criteria: Sequence[Criterion],
    *,
    thresholds: DisagreementThresholds | None = None,
    min_reviews: int = 3,
) -> list[SubmissionScore]:
    """Per-entry statistics of a call's reviews (see :func:`aggregate_arrays`)."""
    validate_criteria(criteria)
    matrix = score_matrix(reviews, criteria)
    return aggregate_arrays(
        [r.submission_id for r in reviews],
        [r.evaluator_id for r in reviews],
        matrix,
        criteria,
        thresholds=thresholds,
        min_reviews=min_reviews,
    )


def _stable_order(ids: Iterable[Hashable]) -> list:
    ids = list(ids)
    try:
        return sorted(ids)
    except TypeError:
        return sorted(ids, key=lambda value: (type(value).__name__, repr(value)))


def _ranking_key(record: RankingRecord, precision: int) -> tuple:
    tie_break = record.tie_break_score
    submitted = record.submitted_at
    return (
        -round(float(record.final_score), precision),
        tie_break is None,  # a missing tie-break value ranks after any present one
        -round(float(tie_break), precision) if tie_break is not None else 0.0,
        round(float(record.spread or 0.0), precision),
        submitted is None,
        submitted.timestamp() if submitted is not None else 0.0,
    )


def rank(records: Iterable[RankingRecord], *, precision: int = 6) -> dict[Hashable, list[RankedSubmission]]:
    """Ranking per category (categories in sorted order), see the module docstring."""
    by_category: dict[Hashable, list[RankingRecord]] = {}
    for record in records:
        by_category.setdefault(record.category, []).append(record)
    result: dict[Hashable, list[RankedSubmission]] = {}
    for category in _stable_order(by_category):
        group = by_category[category]
        id_order = {entry: i for i, entry in enumerate(_stable_order(r.submission_id for r in group))}
        keyed = sorted(
            ((_ranking_key(r, precision), id_order[r.submission_id], r) for r in group), key=lambda t: t[:2]
        )
        key_counts: dict[tuple, int] = {}
        for key, _pos, _record in keyed:
            key_counts[key] = key_counts.get(key, 0) + 1
        ranked, previous_key, current_rank = [], None, 0
        for position, (key, _pos, record) in enumerate(keyed, start=1):
            if key != previous_key:
                current_rank, previous_key = position, key
            ranked.append(
                RankedSubmission(
                    submission_id=record.submission_id,
                    category=category,
                    rank=current_rank,
                    position=position,
                    tied=key_counts[key] > 1,
                    final_score=float(record.final_score),
                )
            )
        result[category] = ranked
    return result
