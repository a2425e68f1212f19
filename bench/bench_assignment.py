"""Benchmark of evaluacion.assignment (run by hand: ``.venv/bin/python bench/bench_assignment.py``).

1. Large call: 2,000 entries x 300 evaluators x 3 reviews per entry, 5% random conflicts (seeded),
   with and without affinities. Target: <= 2 s per call. Prints time and min/max/mean load.
2. Optimality: 200 entries x 40 evaluators x 3, the same flow network built independently in
   networkx (unit-capacity helper nodes instead of parallel arcs) and solved with
   ``nx.min_cost_flow``; its optimal cost must equal ``assignment_cost`` of our result.
"""

import random
import statistics
import sys
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evaluacion.assignment import (  # noqa: E402
    AFFINITY_SCALE,
    DEFAULT_BALANCE_WEIGHT,
    assign,
    assignment_cost,
    loads,
)


def make_instance(n_entries, n_evaluators, conflict_rate, affinity_rate, seed):
    rng = random.Random(seed)
    entries = [f"p{i:05d}" for i in range(n_entries)]
    evaluators = [f"e{j:04d}" for j in range(n_evaluators)]
    conflicts = {(e, v) for e in entries for v in evaluators if rng.random() < conflict_rate}
    affinity = {
        (e, v): round(rng.random(), 3)
        for e in entries
        for v in evaluators
        if (e, v) not in conflicts and rng.random() < affinity_rate
    }
    return entries, evaluators, conflicts, affinity


def time_large(runs=5):
    entries, evaluators, conflicts, affinity = make_instance(2000, 300, 0.05, 0.3, seed=20261124)
    print("Large call: 2000 entries x 300 evaluators x 3 per entry, 5% conflicts, max_load 25")
    print(f"  conflicts: {len(conflicts)}; affinity pairs: {len(affinity)}")
    for label, aff in (("equal affinities", None), ("random affinities on 30% of pairs", affinity)):
        times, result = [], None
        for _ in range(runs):
            start = time.perf_counter()
            result = assign(entries, evaluators, per_entry=3, max_load=25, conflicts=conflicts, affinity=aff)
            times.append(time.perf_counter() - start)
        counts = list(loads(result, evaluators).values())
        print(
            f"  {label}: median {statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f}); "
            f"{len(result)} pairs; load min {min(counts)} / max {max(counts)} / mean {statistics.mean(counts):.2f}; "
            f"affinity sum {sum((aff or {}).get(p, 0.0) for p in result):.1f}"
        )


def networkx_cost(entries, evaluators, per_entry, max_load, conflicts, affinity, balance_weight):
    """Optimal cost of the documented objective, built without evaluacion.assignment's graph code."""
    step = round(balance_weight * AFFINITY_SCALE)
    demand = per_entry * len(entries)
    cap = 2 * -(-demand // len(evaluators)) + 2  # marginal cost stops rising at this load
    graph = nx.DiGraph()
    graph.add_node("source", demand=-demand)
    graph.add_node("sink", demand=demand)
    for entry in entries:
        graph.add_edge("source", ("entry", entry), capacity=per_entry, weight=0)
        for ev in evaluators:
            if (entry, ev) not in conflicts:
                cost = -round(affinity.get((entry, ev), 0.0) * AFFINITY_SCALE)
                graph.add_edge(("entry", entry), ("ev", ev), capacity=1, weight=cost)
    for ev in evaluators:
        for k in range(1, max_load + 1):
            graph.add_edge(("ev", ev), ("slot", ev, k), capacity=1, weight=step * (min(k, cap) - 1))
            graph.add_edge(("slot", ev, k), "sink", capacity=1, weight=0)
    flow = nx.min_cost_flow(graph)
    return nx.cost_of_flow(graph, flow)


def check_optimality():
    entries, evaluators, conflicts, affinity = make_instance(200, 40, 0.05, 0.5, seed=7)
    print("Optimality: 200 entries x 40 evaluators x 3, 5% conflicts, max_load 20")
    for balance_weight in (0.0, DEFAULT_BALANCE_WEIGHT, 0.5):
        start = time.perf_counter()
        result = assign(
            entries,
            evaluators,
            per_entry=3,
            max_load=20,
            conflicts=conflicts,
            affinity=affinity,
            balance_weight=balance_weight,
        )
        ours_time = time.perf_counter() - start
        ours = assignment_cost(
            result, evaluators=evaluators, affinity=affinity, balance_weight=balance_weight
        )
        start = time.perf_counter()
        reference = networkx_cost(entries, evaluators, 3, 20, conflicts, affinity, balance_weight)
        nx_time = time.perf_counter() - start
        counts = list(loads(result, evaluators).values())
        verdict = "EQUAL" if ours == reference else "DIFFERENT"
        print(
            f"  balance_weight {balance_weight}: OR-Tools cost {ours} ({ours_time:.3f} s), "
            f"networkx cost {reference} ({nx_time:.2f} s) -> {verdict}; load {min(counts)}-{max(counts)}"
        )
        if ours != reference:
            raise SystemExit("objective differs from networkx")


if __name__ == "__main__":
    time_large()
    check_optimality()
