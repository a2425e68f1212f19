"""Benchmark: aggregation, evaluator normalisation and ranking of a large call.

20,000 entries x 3 reviews x 6 criteria (seeded), 300 evaluators, 8 categories.
Run by hand: ``.venv/bin/python bench/bench_scoring.py``. Target: <= 1 s for the whole pipeline.
"""

import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evaluacion.scoring import Criterion, RankingRecord, Review, aggregate, rank  # noqa: E402

N_ENTRIES, PER_ENTRY, N_EVALUATORS, N_CATEGORIES = 20_000, 3, 300, 8
CRITERIA = [
    Criterion("pertinencia", 15),
    Criterion("innovacion", 20),
    Criterion("impacto", 25),
    Criterion("participacion", 15),
    Criterion("sostenibilidad", 15),
    Criterion("replicabilidad", 10, optional=True),
]


def make_call(seed=2026):
    rng = random.Random(seed)
    start = datetime(2026, 5, 1, tzinfo=UTC)
    reviews, meta = [], {}
    for entry in range(N_ENTRIES):
        meta[entry] = (f"cat{entry % N_CATEGORIES}", start + timedelta(minutes=rng.randrange(60 * 24 * 30)))
        for ev in rng.sample(range(N_EVALUATORS), PER_ENTRY):
            scores = {c.key: rng.randint(1, 7) for c in CRITERIA}
            if rng.random() < 0.1:
                scores["replicabilidad"] = None
            reviews.append(Review(entry, ev, scores))
    return reviews, meta


def run(reviews, meta):
    timings = {}
    t0 = time.perf_counter()
    scores = aggregate(reviews, CRITERIA)
    t1 = time.perf_counter()
    records = [
        RankingRecord(
            submission_id=s.submission_id,
            category=meta[s.submission_id][0],
            final_score=s.normalised_mean,
            tie_break_score=s.criterion_means["impacto"],
            spread=s.spread,
            submitted_at=meta[s.submission_id][1],
        )
        for s in scores
    ]
    ranking = rank(records)
    t2 = time.perf_counter()
    timings["aggregate + normalise"] = t1 - t0
    timings["ranking"] = t2 - t1
    timings["total"] = t2 - t0
    return scores, ranking, timings


def main():
    reviews, meta = make_call()
    runs = [run(reviews, meta) for _ in range(5)]
    scores, ranking, _ = runs[-1]
    flagged = sum(s.disagreement for s in scores)
    ties = sum(r.tied for rows in ranking.values() for r in rows)
    print(f"{N_ENTRIES} entries x {PER_ENTRY} reviews x {len(CRITERIA)} criteria = {len(reviews)} reviews")
    for key in runs[0][2]:
        values = [r[2][key] for r in runs]
        print(
            f"  {key:<22} median {statistics.median(values):.3f} s  (min {min(values):.3f}, max {max(values):.3f})"
        )
    print(f"  entries flagged for disagreement: {flagged}; entries in ties: {ties}")


if __name__ == "__main__":
    main()
