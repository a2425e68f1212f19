import math
import statistics
from datetime import UTC, datetime

import numpy as np
import pytest
from django.utils import timezone

from evaluacion import scoring
from evaluacion.scoring import (
    Criterion,
    DisagreementThresholds,
    RankingRecord,
    Review,
    aggregate,
    is_disagreement,
    normalise_by_evaluator,
    rank,
    review_total,
    review_totals,
    validate_criteria,
)

RUBRIC = [Criterion("impacto", 40), Criterion("innovacion", 60)]
DIRECT = [Criterion("total", 100, 0, 100)]  # the total equals the score: handy for statistics


def test_weighted_total_hand_computed():
    # 40 * (7-1)/6 + 60 * (4-1)/6 = 40 + 30
    assert review_total({"impacto": 7, "innovacion": 4}, RUBRIC) == pytest.approx(70.0)
    assert review_total({"impacto": 1, "innovacion": 1}, RUBRIC) == pytest.approx(0.0)
    assert review_total({"impacto": 7, "innovacion": 7}, RUBRIC) == pytest.approx(100.0)


def test_weighted_total_with_own_scale():
    criteria = [Criterion("a", 50), Criterion("b", 50, scale_min=0, scale_max=10)]
    # 50 * 3/6 + 50 * 8/10 = 25 + 40
    assert review_total({"a": 4, "b": 8}, criteria) == pytest.approx(65.0)


def test_missing_optional_criterion_renormalises_weights():
    criteria = [Criterion("a", 40), Criterion("b", 30), Criterion("c", 30, optional=True)]
    # (40 * 1 + 30 * 0) / 70 * 100
    assert review_total({"a": 7, "b": 1, "c": None}, criteria) == pytest.approx(400 / 7)
    assert review_total({"a": 7, "b": 1}, criteria) == pytest.approx(400 / 7)
    assert review_total({"a": 7, "b": 1, "c": 7}, criteria) == pytest.approx(70.0)


def test_missing_required_criterion_is_an_error():
    with pytest.raises(ValueError, match="required"):
        review_total({"impacto": 5}, RUBRIC)


@pytest.mark.parametrize("scores", [{"impacto": 8, "innovacion": 4}, {"impacto": 0, "innovacion": 4}])
def test_score_outside_scale_is_an_error(scores):
    with pytest.raises(ValueError, match="outside"):
        review_total(scores, RUBRIC)


def test_unknown_criterion_is_an_error():
    with pytest.raises(ValueError, match="unknown"):
        review_total({"impacto": 5, "innovacion": 4, "otro": 3}, RUBRIC)


@pytest.mark.parametrize(
    "criteria",
    [
        [Criterion("a", 50), Criterion("b", 40)],
        [Criterion("a", 50), Criterion("a", 50)],
        [Criterion("a", 100, scale_min=5, scale_max=5)],
        [],
    ],
)
def test_invalid_rubrics(criteria):
    with pytest.raises(ValueError):
        validate_criteria(criteria)


def test_review_totals_vectorised_matches_single():
    matrix = np.array([[7, 4], [1, 7], [4, 4]], dtype=float)
    assert review_totals(matrix, RUBRIC).tolist() == pytest.approx([70.0, 60.0, 50.0])


def test_normalisation_hand_computed():
    totals = [60, 70, 80, 50, 50, 50, 90]
    evaluators = ["x", "x", "x", "y", "y", "y", "z"]
    call_mean = statistics.mean(totals)
    call_std = statistics.stdev(totals)
    result = normalise_by_evaluator(totals, evaluators)
    # x: mean 70, sample std 10 -> z = -1, 0, 1
    assert result[:3].tolist() == pytest.approx([call_mean - call_std, call_mean, call_mean + call_std])
    # y gave the same total every time: z = 0, the call mean
    assert result[3:6].tolist() == pytest.approx([call_mean] * 3)
    # z has a single review: raw total kept
    assert result[6] == 90


def test_normalisation_is_clipped_to_scale():
    totals = [10, 10, 10, 100, 95, 95]
    evaluators = ["w", "w", "w", "w", "v", "v"]
    result = normalise_by_evaluator(totals, evaluators)
    call_mean, call_std = statistics.mean(totals), statistics.stdev(totals)
    assert call_mean + 1.5 * call_std > 100
    assert result[3] == 100.0
    assert result[4:].tolist() == [95, 95]
    assert result.min() >= 0


def test_normalisation_min_reviews_is_configurable():
    totals = [40, 60, 80, 80]
    evaluators = ["x", "x", "y", "y"]
    assert normalise_by_evaluator(totals, evaluators).tolist() == totals
    normalised = normalise_by_evaluator(totals, evaluators, min_reviews=2)
    call_std = statistics.stdev(totals)
    z = 1 / math.sqrt(2)  # 10 / stdev([40, 60])
    assert normalised.tolist() == pytest.approx([65 - z * call_std, 65 + z * call_std, 65, 65])


def reviews_for(entry, totals, evaluators=None):
    evaluators = evaluators or [f"ev{i}" for i in range(len(totals))]
    return [Review(entry, ev, {"total": t}) for t, ev in zip(totals, evaluators, strict=True)]


def test_entry_statistics_hand_computed():
    reviews = (
        reviews_for("a", [70, 40, 85]) + reviews_for("b", [60, 65, 70]) + reviews_for("c", [40, 60, 70, 100])
    )
    a, b, c = aggregate(reviews, DIRECT)
    assert (a.submission_id, a.count, a.mean, a.median, a.min, a.max, a.spread) == (
        "a",
        3,
        65,
        70,
        40,
        85,
        45,
    )
    assert a.std == pytest.approx(math.sqrt(525))
    assert a.disagreement
    assert (b.mean, b.median, b.std, b.spread, b.disagreement) == (65, 65, 5, 10, False)
    assert c.median == 65
    assert c.criterion_means == {"total": 67.5}


def test_single_review_has_zero_std():
    (only,) = aggregate(reviews_for("a", [55]), DIRECT)
    assert (only.count, only.std, only.spread) == (1, 0.0, 0.0)
    assert (only.mean, only.median) == pytest.approx((55, 55))


def test_disagreement_by_gap_only_and_by_std_only():
    gap_only = reviews_for("gap", [50, 50, 50, 50, 81])
    std_only = reviews_for("std", [50, 75])
    gap, std = aggregate(gap_only + std_only, DIRECT)
    assert gap.std <= 15 and gap.spread > 30 and gap.disagreement
    assert std.std > 15 and std.spread <= 30 and std.disagreement
    calm = DisagreementThresholds(max_std=20, max_gap=40)
    gap, std = aggregate(gap_only + std_only, DIRECT, thresholds=calm)
    assert not gap.disagreement and not std.disagreement


def test_is_disagreement_thresholds_are_strict():
    assert not is_disagreement(15.0, 30.0)
    assert is_disagreement(15.01, 0)
    assert is_disagreement(0, 30.01)


def test_aggregate_normalised_mean_uses_evaluator_normalisation():
    # x scores everything 20 points lower than y; after normalisation both agree.
    reviews = [
        Review("a", "x", {"total": 40}),
        Review("b", "x", {"total": 50}),
        Review("c", "x", {"total": 60}),
        Review("a", "y", {"total": 60}),
        Review("b", "y", {"total": 70}),
        Review("c", "y", {"total": 80}),
    ]
    a, b, c = aggregate(reviews, DIRECT)
    assert (a.mean, b.mean, c.mean) == (50, 60, 70)
    call_mean = 60
    call_std = statistics.stdev([40, 50, 60, 60, 70, 80])
    assert a.normalised_mean == pytest.approx(call_mean - call_std)
    assert b.normalised_mean == pytest.approx(call_mean)
    assert c.normalised_mean == pytest.approx(call_mean + call_std)


def test_criterion_means_skip_unanswered_optional():
    criteria = [Criterion("a", 50), Criterion("b", 50, optional=True)]
    reviews = [Review(1, "x", {"a": 7, "b": 5}), Review(1, "y", {"a": 5, "b": None})]
    (entry,) = aggregate(reviews, criteria)
    assert entry.criterion_means == {"a": 6, "b": 5}


def at(hour):
    return datetime(2026, 3, 1, hour, tzinfo=UTC)


def test_ranking_with_all_tie_breaks_and_shared_rank():
    records = [
        RankingRecord("g", "A", 70, 5, 0, at(8)),
        RankingRecord("d", "A", 80, 6, 5, at(10)),
        RankingRecord("f", "A", 80, 6, 5, at(9)),
        RankingRecord("c", "A", 80, 6, 3, at(11)),
        RankingRecord("e", "A", 80, 6, 5, at(9)),
        RankingRecord("b", "A", 80, 7, 9, at(12)),
        RankingRecord("a", "A", 90, 1, 20, at(13)),
        RankingRecord("z", "B", 10, None, 0, None),
    ]
    result = rank(records)
    assert list(result) == ["A", "B"]
    got = [(r.submission_id, r.rank, r.position, r.tied) for r in result["A"]]
    assert got == [
        ("a", 1, 1, False),
        ("b", 2, 2, False),
        ("c", 3, 3, False),
        ("e", 4, 4, True),
        ("f", 4, 5, True),
        ("d", 6, 6, False),
        ("g", 7, 7, False),
    ]
    assert [(r.submission_id, r.rank, r.tied) for r in result["B"]] == [("z", 1, False)]


def test_ranking_ignores_floating_point_noise():
    records = [RankingRecord("b", "A", 200 / 3), RankingRecord("a", "A", 66.66666666666667 + 1e-12)]
    ranked = rank(records)["A"]
    assert [(r.submission_id, r.rank, r.tied) for r in ranked] == [("a", 1, True), ("b", 1, True)]


def test_missing_tie_break_and_submission_rank_last():
    records = [
        RankingRecord("none", "A", 80, None, 0, at(8)),
        RankingRecord("low", "A", 80, 1, 0, at(9)),
        RankingRecord("late", "A", 70, 5, 0, None),
        RankingRecord("early", "A", 70, 5, 0, at(23)),
    ]
    assert [r.submission_id for r in rank(records)["A"]] == ["low", "none", "early", "late"]


def test_ranking_is_independent_of_input_order():
    records = [RankingRecord(i, "A", score, None, 0, None) for i, score in enumerate([5, 9, 5, 7, 9, 1])]
    expected = [(r.submission_id, r.rank) for r in rank(records)["A"]]
    assert expected == [(1, 1), (4, 1), (3, 3), (0, 4), (2, 4), (5, 6)]
    assert [(r.submission_id, r.rank) for r in rank(list(reversed(records)))["A"]] == expected


def test_scoring_shares_a_place_only_when_the_whole_chain_is_equal():
    when = timezone.now()
    records = [
        scoring.RankingRecord(
            submission_id=1, category=1, final_score=70.0, tie_break_score=5.0, spread=1.0, submitted_at=when
        ),
        scoring.RankingRecord(
            submission_id=2, category=1, final_score=70.0, tie_break_score=5.0, spread=1.0, submitted_at=when
        ),
        scoring.RankingRecord(
            submission_id=3, category=1, final_score=70.0, tie_break_score=6.0, spread=1.0, submitted_at=when
        ),
    ]
    ranked = scoring.rank(records)[1]
    assert [(r.submission_id, r.rank, r.tied) for r in ranked] == [(3, 1, False), (1, 2, True), (2, 2, True)]
