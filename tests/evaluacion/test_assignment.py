import itertools
import random
from collections import Counter

import networkx as nx
import numpy as np
import pytest

from evaluacion import assignment as assignment_module
from evaluacion.assignment import (
    AFFINITY_SCALE,
    AssignmentError,
    assign,
    assignment_cost,
    balance_cap,
    balance_step,
    loads,
    scaled_affinity,
)


def random_instance(seed, n_submissions=40, n_evaluators=12, conflict_rate=0.1, with_affinity=True):
    rng = random.Random(seed)
    entries = [f"p{i:03d}" for i in range(n_submissions)]
    evaluators = [f"e{j:02d}" for j in range(n_evaluators)]
    conflicts = {(e, v) for e in entries for v in evaluators if rng.random() < conflict_rate}
    affinity = (
        {(e, v): round(rng.random(), 3) for e in entries for v in evaluators if rng.random() < 0.5}
        if with_affinity
        else None
    )
    return entries, evaluators, conflicts, affinity


def check_hard_constraints(result, entries, evaluators, per_submission, max_load, conflicts, existing=()):
    existing = set(existing)
    assert len(result) == len(set(result)), "duplicate pair returned"
    assert not set(result) & existing, "existing pair returned again"
    assert not set(result) & set(conflicts), "conflicted pair assigned"
    total = Counter(e for e, _v in set(result) | existing)
    for entry in entries:
        assert total[entry] == max(per_submission, Counter(e for e, _v in existing)[entry])
    load = Counter(v for _e, v in set(result) | existing)
    for ev in evaluators:
        limit = max_load[ev] if isinstance(max_load, dict) else max_load
        new = Counter(v for _e, v in result)[ev]
        assert new == 0 or load[ev] <= limit


@pytest.mark.parametrize("seed", range(8))
def test_random_instances_respect_hard_constraints(seed):
    entries, evaluators, conflicts, affinity = random_instance(seed)
    result = assign(
        entries, evaluators, per_submission=3, max_load=12, conflicts=conflicts, affinity=affinity
    )
    check_hard_constraints(result, entries, evaluators, 3, 12, conflicts)
    assert result == sorted(result)


def test_same_input_in_any_order_gives_same_output():
    entries, evaluators, conflicts, affinity = random_instance(3, with_affinity=False)
    first = assign(entries, evaluators, per_submission=3, max_load=12, conflicts=conflicts)
    shuffled_entries, shuffled_evaluators = entries[:], evaluators[:]
    random.Random(99).shuffle(shuffled_entries)
    random.Random(98).shuffle(shuffled_evaluators)
    second = assign(
        shuffled_entries, shuffled_evaluators, per_submission=3, max_load=12, conflicts=set(conflicts)
    )
    assert first == second
    assert first == assign(entries, evaluators, per_submission=3, max_load=12, conflicts=conflicts)


def test_equal_affinities_balance_loads_within_one():
    entries, evaluators, conflicts, _ = random_instance(
        5, n_submissions=50, n_evaluators=13, conflict_rate=0.05
    )
    result = assign(entries, evaluators, per_submission=3, max_load=50, conflicts=conflicts)
    counts = loads(result, evaluators).values()
    assert max(counts) - min(counts) <= 1
    assert sum(counts) == 150


def test_existing_pairs_count_toward_demand_and_load():
    entries = ["a", "b", "c", "d"]
    evaluators = ["x", "y", "z"]
    existing = {("a", "x"), ("a", "y"), ("b", "x"), ("b", "x")}
    result = assign(entries, evaluators, per_submission=2, max_load=3, conflicts=set(), existing=existing)
    check_hard_constraints(result, entries, evaluators, 2, 3, set(), existing)
    assert [p for p in result if p[0] == "a"] == []
    assert len([p for p in result if p[0] == "b"]) == 1
    assert ("b", "x") not in result
    # x already has 2 reviews: with max_load 3 it can take at most one more.
    assert loads(result, evaluators)["x"] <= 1


def test_existing_pairs_above_demand_need_nothing():
    result = assign(
        ["a"],
        ["x", "y", "z"],
        per_submission=1,
        max_load=5,
        conflicts=set(),
        existing={("a", "x"), ("a", "y")},
    )
    assert result == []


def test_existing_load_shifts_new_reviews_to_less_loaded_evaluators():
    existing = {(f"old{i}", "x") for i in range(4)}
    result = assign(
        ["a", "b", "c", "d"], ["x", "y"], per_submission=1, max_load=10, conflicts=set(), existing=existing
    )
    assert loads(result, ["x", "y"]) == {"x": 0, "y": 4}


def test_dict_max_load_is_respected():
    entries = [f"p{i}" for i in range(10)]
    max_load = {"x": 1, "y": 9, "z": 10}
    result = assign(entries, list(max_load), per_submission=2, max_load=max_load, conflicts=set())
    check_hard_constraints(result, entries, list(max_load), 2, max_load, set())
    assert loads(result, max_load)["x"] <= 1


def test_dict_max_load_missing_evaluator_is_an_error():
    with pytest.raises(ValueError, match="max_load"):
        assign(["a"], ["x", "y"], per_submission=1, max_load={"x": 1}, conflicts=set())


def test_infeasible_entry_is_named_with_needed_and_available():
    entries = ["a", "b", "c"]
    evaluators = ["x", "y", "z"]
    conflicts = {("b", "x"), ("b", "y")}
    with pytest.raises(AssignmentError) as info:
        assign(entries, evaluators, per_submission=2, max_load=5, conflicts=conflicts)
    error = info.value
    assert isinstance(error, ValueError)
    assert error.entries_short == {"b": (2, 1)}
    assert error.capacity_short is None
    assert "b (necesita 2, hay 1)" in str(error)
    assert "conflicto de interés" in str(error)


def test_total_capacity_shortage_is_reported():
    with pytest.raises(AssignmentError) as info:
        assign(["a", "b", "c"], ["x", "y"], per_submission=2, max_load=2, conflicts=set())
    assert info.value.capacity_short == (6, 4)
    assert "se necesitan 6" in str(info.value)


def test_shortage_found_only_by_the_flow_is_reported():
    # Each entry alone has 2 conflict-free evaluators, but a, b, c all compete for x and y,
    # which can take one review each: the pre-check passes, the flow does not.
    entries = ["a", "b", "c", "d"]
    evaluators = ["w", "x", "y", "z"]
    conflicts = {(e, v) for e in ("a", "b", "c") for v in ("w", "z")}
    max_load = {"w": 5, "x": 2, "y": 2, "z": 5}
    with pytest.raises(AssignmentError) as info:
        assign(entries, evaluators, per_submission=2, max_load=max_load, conflicts=conflicts)
    short = info.value.entries_short
    assert len(short) >= 1
    assert set(short) <= {"a", "b", "c"}
    assert all(needed == 2 and available == 2 for needed, available in short.values())


def test_nothing_to_do():
    assert assign([], ["x"], per_submission=3, max_load=1, conflicts=set()) == []
    assert assign(["a"], ["x"], per_submission=0, max_load=1, conflicts=set()) == []


@pytest.mark.parametrize("bad", [-1, 1.5, True])
def test_invalid_per_entry(bad):
    with pytest.raises(ValueError):
        assign(["a"], ["x"], per_submission=bad, max_load=1, conflicts=set())


def test_affinity_is_followed_when_balance_is_off():
    affinity = {("a", "x"): 1.0, ("b", "y"): 1.0, ("a", "y"): 0.2, ("b", "x"): 0.3}
    result = assign(
        ["a", "b"],
        ["x", "y"],
        per_submission=1,
        max_load=2,
        conflicts=set(),
        affinity=affinity,
        balance_weight=0,
    )
    assert result == [("a", "x"), ("b", "y")]


def test_balance_weight_trades_off_against_affinity():
    # Both entries prefer x by 0.05: worth it with a light balance weight, not with a heavy one.
    affinity = {("a", "x"): 0.55, ("b", "x"): 0.55, ("a", "y"): 0.5, ("b", "y"): 0.5}
    light = assign(
        ["a", "b"],
        ["x", "y"],
        per_submission=1,
        max_load=2,
        conflicts=set(),
        affinity=affinity,
        balance_weight=0.01,
    )
    heavy = assign(
        ["a", "b"],
        ["x", "y"],
        per_submission=1,
        max_load=2,
        conflicts=set(),
        affinity=affinity,
        balance_weight=0.1,
    )
    assert loads(light, ["x", "y"]) == {"x": 2, "y": 0}
    assert loads(heavy, ["x", "y"]) == {"x": 1, "y": 1}


def brute_force_optimum(entries, evaluators, per_submission, max_load, conflicts, affinity, balance_weight):
    options = [
        [
            combo
            for combo in itertools.combinations(evaluators, per_submission)
            if not any((entry, ev) in conflicts for ev in combo)
        ]
        for entry in entries
    ]
    best = None
    for choice in itertools.product(*options):
        pairs = [(entry, ev) for entry, combo in zip(entries, choice, strict=True) for ev in combo]
        if max(Counter(ev for _e, ev in pairs).values()) > max_load:
            continue
        cost = assignment_cost(pairs, evaluators=evaluators, affinity=affinity, balance_weight=balance_weight)
        best = cost if best is None else min(best, cost)
    return best


@pytest.mark.parametrize("seed,balance_weight", [(1, 0.1), (2, 0.0), (3, 0.3), (4, 0.05)])
def test_objective_matches_brute_force(seed, balance_weight):
    entries, evaluators, conflicts, affinity = random_instance(
        seed, n_submissions=5, n_evaluators=4, conflict_rate=0.15
    )
    result = assign(
        entries,
        evaluators,
        per_submission=2,
        max_load=3,
        conflicts=conflicts,
        affinity=affinity,
        balance_weight=balance_weight,
    )
    check_hard_constraints(result, entries, evaluators, 2, 3, conflicts)
    expected = brute_force_optimum(entries, evaluators, 2, 3, conflicts, affinity, balance_weight)
    got = assignment_cost(result, evaluators=evaluators, affinity=affinity, balance_weight=balance_weight)
    assert got == expected


def networkx_optimum(entries, evaluators, per_submission, max_load, conflicts, affinity, balance_weight):
    """Same flow network built independently; unit arcs to the sink through helper nodes."""
    step = round(balance_weight * AFFINITY_SCALE)
    demand = per_submission * len(entries)
    cap = balance_cap(demand, len(evaluators))
    graph = nx.DiGraph()
    graph.add_node("source", demand=-demand)
    graph.add_node("sink", demand=demand)
    for entry in entries:
        graph.add_edge("source", ("entry", entry), capacity=per_submission, weight=0)
        for ev in evaluators:
            if (entry, ev) not in conflicts:
                weight = -round((affinity or {}).get((entry, ev), 0.0) * AFFINITY_SCALE)
                graph.add_edge(("entry", entry), ("ev", ev), capacity=1, weight=weight)
    for ev in evaluators:
        for k in range(1, max_load + 1):
            graph.add_edge(("ev", ev), ("slot", ev, k), capacity=1, weight=step * (min(k, cap) - 1))
            graph.add_edge(("slot", ev, k), "sink", capacity=1, weight=0)
    flow = nx.min_cost_flow(graph)
    return nx.cost_of_flow(graph, flow)


@pytest.mark.parametrize("seed", [11, 12])
def test_objective_matches_networkx(seed):
    entries, evaluators, conflicts, affinity = random_instance(seed, n_submissions=30, n_evaluators=9)
    result = assign(
        entries, evaluators, per_submission=3, max_load=14, conflicts=conflicts, affinity=affinity
    )
    got = assignment_cost(result, evaluators=evaluators, affinity=affinity)
    assert got == networkx_optimum(entries, evaluators, 3, 14, conflicts, affinity, 0.1)


def test_mixed_id_types_are_handled_deterministically():
    result = assign([1, "b"], ["x", 2], per_submission=1, max_load=1, conflicts=set())
    assert len(result) == 2
    assert result == assign(["b", 1], [2, "x"], per_submission=1, max_load=1, conflicts=set())


def test_invalid_affinity_is_rejected():
    with pytest.raises(ValueError):
        assign(
            ["a"], ["x"], per_submission=1, max_load=1, conflicts=set(), affinity={("a", "x"): float("nan")}
        )


def test_balance_step_rejects_negative_weight():
    with pytest.raises(ValueError):
        balance_step(-0.1)


# ---------------------------------------------------------------------------------------------
# Candidate arcs and pricing: instances with more evaluators than candidates per entry
# ---------------------------------------------------------------------------------------------
# With 3 evaluators per entry the solver starts from 3 * 3 + 6 = 15 candidate arcs per entry, so
# the instances below (30 to 60 evaluators) leave most arcs out and need the pricing step to be
# optimal. The reference is an independent networkx model of the whole graph.


def networkx_full_optimum(
    entries, evaluators, per_submission, max_load, conflicts, affinity, balance_weight, existing=()
):
    """Optimal cost of the documented objective over all pairs, existing reviews included: the k-th
    review of an evaluator goes through its own slot node with cost ``step * (min(k, cap) - 1)``."""
    existing = set(existing)
    affinity = affinity or {}
    step = round(balance_weight * AFFINITY_SCALE)
    base = Counter(ev for _entry, ev in existing)
    need = {entry: max(0, per_submission - sum(1 for e, _v in existing if e == entry)) for entry in entries}
    demand = sum(need.values())
    cap = balance_cap(demand + sum(base[ev] for ev in evaluators), len(evaluators))
    graph = nx.DiGraph()
    graph.add_node("source", demand=-demand)
    graph.add_node("sink", demand=demand)
    for entry in entries:
        if need[entry]:
            graph.add_edge("source", ("entry", entry), capacity=need[entry], weight=0)
        for ev in evaluators:
            if (entry, ev) not in conflicts and (entry, ev) not in existing:
                weight = -round(affinity.get((entry, ev), 0.0) * AFFINITY_SCALE)
                graph.add_edge(("entry", entry), ("ev", ev), capacity=1, weight=weight)
    for ev in evaluators:
        limit = max_load[ev] if isinstance(max_load, dict) else max_load
        for k in range(base[ev] + 1, limit + 1):
            graph.add_edge(("ev", ev), ("slot", ev, k), capacity=1, weight=step * (min(k, cap) - 1))
            graph.add_edge(("slot", ev, k), "sink", capacity=1, weight=0)
    flow = nx.min_cost_flow(graph)
    return nx.cost_of_flow(graph, flow)


@pytest.fixture
def solve_calls(monkeypatch):
    """Candidate-graph sizes handed to OR-Tools, one per solve."""
    sizes = []
    original = assignment_module._solve

    def counting(inst, keys, **kwargs):
        sizes.append(len(keys))
        return original(inst, keys, **kwargs)

    monkeypatch.setattr(assignment_module, "_solve", counting)
    return sizes


@pytest.mark.parametrize(
    "seed,n_submissions,n_evaluators,conflict_rate,affinity_rate,balance_weight,max_load",
    [
        (21, 60, 30, 0.05, 0.3, 0.1, 12),
        (22, 80, 40, 0.05, 0.3, 0.1, 10),
        (23, 50, 45, 0.2, 0.6, 0.0, 9),
        (24, 70, 35, 0.1, 0.3, 0.5, 14),
        (25, 40, 60, 0.05, 0.1, 0.05, 6),
        (26, 90, 30, 0.05, 0.9, 0.1, 12),
    ],
)
def test_optimal_against_networkx_when_most_arcs_are_left_out(
    seed, n_submissions, n_evaluators, conflict_rate, affinity_rate, balance_weight, max_load, solve_calls
):
    rng = random.Random(seed)
    entries = [f"p{i:03d}" for i in range(n_submissions)]
    evaluators = [f"e{j:02d}" for j in range(n_evaluators)]
    conflicts = {(e, v) for e in entries for v in evaluators if rng.random() < conflict_rate}
    affinity = {
        (e, v): round(rng.random(), 3)
        for e in entries
        for v in evaluators
        if (e, v) not in conflicts and rng.random() < affinity_rate
    }
    result = assign(
        entries,
        evaluators,
        per_submission=3,
        max_load=max_load,
        conflicts=conflicts,
        affinity=affinity,
        balance_weight=balance_weight,
    )
    check_hard_constraints(result, entries, evaluators, 3, max_load, conflicts)
    # The first solve saw only 15 of the n_evaluators arcs of each entry.
    assert solve_calls[0] <= 15 * n_submissions < len(entries) * n_evaluators - len(conflicts)
    got = assignment_cost(result, evaluators=evaluators, affinity=affinity, balance_weight=balance_weight)
    assert got == networkx_full_optimum(entries, evaluators, 3, max_load, conflicts, affinity, balance_weight)


@pytest.mark.parametrize("seed,balance_weight", [(101, 0.1), (102, 0.3), (103, 0.02), (104, 1.0)])
def test_optimal_against_networkx_when_everybody_wants_the_same_evaluators(seed, balance_weight, solve_calls):
    # Affinity mostly follows the evaluator (a few are popular with every entry), so the cheapest
    # candidates of all entries pile on the same evaluators and balance must move reviews to arcs
    # that were left out at first: the pricing step has to find them.
    rng = random.Random(seed)
    entries = [f"p{i:03d}" for i in range(80)]
    evaluators = [f"e{j:02d}" for j in range(40)]
    popularity = {ev: rng.random() for ev in evaluators}
    conflicts = {(e, v) for e in entries for v in evaluators if rng.random() < 0.05}
    affinity = {
        (e, v): round(0.8 * popularity[v] + 0.2 * rng.random(), 3)
        for e in entries
        for v in evaluators
        if (e, v) not in conflicts and rng.random() < 0.7
    }
    result = assign(
        entries,
        evaluators,
        per_submission=3,
        max_load=15,
        conflicts=conflicts,
        affinity=affinity,
        balance_weight=balance_weight,
    )
    check_hard_constraints(result, entries, evaluators, 3, 15, conflicts)
    got = assignment_cost(result, evaluators=evaluators, affinity=affinity, balance_weight=balance_weight)
    assert got == networkx_full_optimum(entries, evaluators, 3, 15, conflicts, affinity, balance_weight)
    assert len(solve_calls) >= 2  # the first candidate graph was not enough


@pytest.mark.parametrize("seed", [31, 32, 33])
def test_pricing_rounds_reach_the_optimum_from_one_candidate_per_entry(seed, monkeypatch, solve_calls):
    # One candidate arc per entry at first, one more per pricing round and entry: the loop has to
    # add arcs several times (and widen the candidates when they cannot cover the demand).
    monkeypatch.setattr(assignment_module, "_CANDIDATES_PER_NEED", 0)
    monkeypatch.setattr(assignment_module, "_CANDIDATES_EXTRA", 1)
    monkeypatch.setattr(assignment_module, "_PRICED_EXTRA", -1)
    entries, evaluators, conflicts, affinity = random_instance(seed, n_submissions=30, n_evaluators=25)
    existing = {(entries[0], evaluators[3]), (entries[1], evaluators[3]), ("old", evaluators[4])}
    result = assign(
        entries,
        evaluators,
        per_submission=2,
        max_load=6,
        conflicts=conflicts,
        affinity=affinity,
        existing=existing,
    )
    check_hard_constraints(result, entries, evaluators, 2, 6, conflicts, existing)
    got = assignment_cost(result, evaluators=evaluators, affinity=affinity, existing=existing)
    assert got == networkx_full_optimum(entries, evaluators, 2, 6, conflicts, affinity, 0.1, existing)
    assert len(solve_calls) >= 3
    assert solve_calls == sorted(solve_calls)


def test_optimal_with_existing_reviews_and_per_evaluator_loads():
    entries, evaluators, conflicts, affinity = random_instance(41, n_submissions=45, n_evaluators=30)
    rng = random.Random(41)
    max_load = {ev: rng.randint(2, 9) for ev in evaluators}
    existing = {(rng.choice(entries), rng.choice(evaluators)) for _ in range(25)} - conflicts
    result = assign(
        entries,
        evaluators,
        per_submission=3,
        max_load=max_load,
        conflicts=conflicts,
        affinity=affinity,
        existing=existing,
    )
    check_hard_constraints(result, entries, evaluators, 3, max_load, conflicts, existing)
    got = assignment_cost(result, evaluators=evaluators, affinity=affinity, existing=existing)
    assert got == networkx_full_optimum(entries, evaluators, 3, max_load, conflicts, affinity, 0.1, existing)


def test_candidates_that_cannot_cover_the_demand_are_widened(monkeypatch, solve_calls):
    # Everybody prefers x, which can take only one review: one candidate per entry covers one entry.
    monkeypatch.setattr(assignment_module, "_CANDIDATES_PER_NEED", 0)
    monkeypatch.setattr(assignment_module, "_CANDIDATES_EXTRA", 1)
    entries = [f"p{i}" for i in range(6)]
    evaluators = ["x"] + [f"y{j}" for j in range(8)]
    affinity = {(entry, "x"): 1.0 for entry in entries}
    max_load = {"x": 1, **dict.fromkeys(evaluators[1:], 2)}
    result = assign(
        entries, evaluators, per_submission=1, max_load=max_load, conflicts=set(), affinity=affinity
    )
    assert len(solve_calls) >= 2
    check_hard_constraints(result, entries, evaluators, 1, max_load, set())
    assert loads(result, ["x"]) == {"x": 1}
    got = assignment_cost(result, evaluators=evaluators, affinity=affinity)
    assert got == networkx_full_optimum(entries, evaluators, 1, max_load, set(), affinity, 0.1)


def test_results_do_not_depend_on_the_scan_block_size(monkeypatch):
    entries, evaluators, conflicts, affinity = random_instance(51, n_submissions=60, n_evaluators=40)
    expected = assign(
        entries, evaluators, per_submission=3, max_load=9, conflicts=conflicts, affinity=affinity
    )
    monkeypatch.setattr(assignment_module, "_BLOCK_CELLS", 7)  # one entry per block
    assert (
        assign(entries, evaluators, per_submission=3, max_load=9, conflicts=conflicts, affinity=affinity)
        == expected
    )


def test_same_input_gives_the_same_assignment_whatever_the_order_and_container():
    entries, evaluators, conflicts, affinity = random_instance(61, n_submissions=80, n_evaluators=50)
    first = assign(entries, evaluators, per_submission=3, max_load=10, conflicts=conflicts, affinity=affinity)
    assert first == sorted(first)
    for seed in range(3):
        rng = random.Random(seed)
        shuffled_entries, shuffled_evaluators = entries[:], evaluators[:]
        rng.shuffle(shuffled_entries)
        rng.shuffle(shuffled_evaluators)
        items = list(affinity.items())
        rng.shuffle(items)
        again = assign(
            tuple(shuffled_entries),
            shuffled_evaluators,
            per_submission=3,
            max_load=10,
            conflicts=(pair for pair in sorted(conflicts, reverse=True)),
            affinity=dict(items),
        )
        assert again == first


def test_ties_spread_over_the_pool_and_loads_stay_balanced():
    # No affinities at all: every arc ties, candidates must not pile on the first evaluators.
    entries, evaluators, conflicts, _ = random_instance(
        71, n_submissions=200, n_evaluators=60, conflict_rate=0.05
    )
    result = assign(entries, evaluators, per_submission=3, max_load=40, conflicts=conflicts)
    counts = loads(result, evaluators).values()
    assert max(counts) - min(counts) <= 1
    assert not set(result) & conflicts


def test_conflicts_are_never_assigned_even_when_they_have_the_highest_affinity():
    entries, evaluators, conflicts, _ = random_instance(
        81, n_submissions=100, n_evaluators=40, conflict_rate=0.2
    )
    # Affinity 1 on every conflicted pair (and nothing else): the solver must still skip them all.
    affinity = dict.fromkeys(conflicts, 1.0)
    result = assign(
        entries,
        evaluators,
        per_submission=3,
        max_load=12,
        conflicts=conflicts,
        affinity=affinity,
        balance_weight=0,
    )
    assert not set(result) & conflicts
    check_hard_constraints(result, entries, evaluators, 3, 12, conflicts)


def test_unknown_ids_in_conflicts_and_affinity_are_ignored():
    result = assign(
        ["a", "b"],
        ["x", "y"],
        per_submission=1,
        max_load=1,
        conflicts={("zz", "x"), ("a", "ghost")},
        affinity={("a", "y"): 1.0, ("nobody", "x"): 5.0},
        balance_weight=0,
    )
    assert result == [("a", "y"), ("b", "x")]


def test_infeasible_large_pool_gives_the_same_spanish_message():
    entries = [f"p{i:02d}" for i in range(30)]
    evaluators = [f"e{j:02d}" for j in range(50)]
    conflicts = {("p07", ev) for ev in evaluators[2:]}
    with pytest.raises(AssignmentError) as info:
        assign(entries, evaluators, per_submission=3, max_load=10, conflicts=conflicts)
    assert info.value.entries_short == {"p07": (3, 2)}
    assert str(info.value) == (
        "No es posible asignar evaluadores. No hay suficientes evaluadores sin conflicto de interés y con "
        "capacidad para 1 postulaciones: p07 (necesita 3, hay 2)."
    )


def test_shortage_found_only_by_the_full_flow_is_reported_with_many_evaluators(solve_calls):
    # a, b, c may only use x and y (one review each) out of 30 evaluators: each passes the
    # pre-check, the flow on the full graph cannot cover them. The candidate graph grows until it
    # is the full graph before the shortage is reported.
    evaluators = [f"e{j:02d}" for j in range(28)] + ["x", "y"]
    entries = ["a", "b", "c"] + [f"p{i}" for i in range(20)]
    conflicts = {(entry, ev) for entry in ("a", "b", "c") for ev in evaluators if ev not in ("x", "y")}
    max_load = dict.fromkeys(evaluators, 5) | {"x": 1, "y": 1}
    with pytest.raises(AssignmentError) as info:
        assign(entries, evaluators, per_submission=2, max_load=max_load, conflicts=conflicts)
    assert set(info.value.entries_short) <= {"a", "b", "c"}
    assert info.value.entries_short
    assert all(value == (2, 2) for value in info.value.entries_short.values())
    assert "conflicto de interés" in str(info.value)
    possible = 23 * 30 - len(conflicts)
    assert solve_calls[-1] == possible


def test_vectorised_affinity_scaling_matches_scaled_affinity():
    rng = random.Random(91)
    values = [rng.uniform(-3, 3) for _ in range(2000)] + [
        0.0005,
        0.0015,
        0.0025,
        -0.0005,
        1e9,
        -1e9,
        0.1234565,
    ]
    values += [round(rng.random(), 4) for _ in range(2000)]
    vectorised = assignment_module._scaled_affinities(np.asarray(values, dtype=np.float64))
    assert vectorised.tolist() == [scaled_affinity(value) for value in values]


@pytest.mark.parametrize("bad", [float("inf"), -float("inf"), 1e10])
def test_out_of_range_affinity_is_rejected(bad):
    with pytest.raises(ValueError, match="affinity"):
        assign(["a"], ["x", "y"], per_submission=1, max_load=1, conflicts=set(), affinity={("a", "y"): bad})


@pytest.mark.parametrize("seed,balance_weight", [(111, 0.1), (112, 0.0), (113, 0.4)])
def test_potentials_are_the_shortest_distances_of_the_residual_graph(seed, balance_weight):
    # The pricing step trusts these potentials; compare them with networkx's Bellman-Ford on the
    # residual graph written out arc by arc (one helper node per load slot, as in the model).
    entries, evaluators, conflicts, affinity = random_instance(seed, n_submissions=40, n_evaluators=20)
    existing = {(entries[0], evaluators[1]), ("old", evaluators[2])}
    step = balance_step(balance_weight)
    inst = assignment_module._build_instance(entries, evaluators, 3, 9, conflicts, affinity, existing)
    cap = balance_cap(int(inst.need.sum()) + int(inst.base_load.sum()), len(evaluators))
    flow = assignment_module._solve(inst, assignment_module._candidates(inst, 6), step=step, cap=cap)
    assert flow.total == inst.need.sum()
    d_entry, d_eval = assignment_module._potentials(inst, flow, step=step, cap=cap)

    n = len(evaluators)
    graph = nx.DiGraph()
    for key, cost, used in zip(flow.keys.tolist(), flow.costs.tolist(), flow.used.tolist(), strict=True):
        i, j = divmod(key, n)
        if used:
            graph.add_edge(("ev", j), ("entry", i), weight=-cost)
        else:
            graph.add_edge(("entry", i), ("ev", j), weight=cost)
    new_load = Counter(key % n for key in flow.keys[flow.used].tolist())
    for j in range(n):
        base, limit = int(inst.base_load[j]), 9
        load = base + new_load[j]
        for k in range(base + 1, limit + 1):
            cost = step * (min(k, cap) - 1)
            if k <= load:  # slot in use: it can be given back
                graph.add_edge(("slot", j, k), ("ev", j), weight=-cost)
                graph.add_edge("sink", ("slot", j, k), weight=0)
            else:
                graph.add_edge(("ev", j), ("slot", j, k), weight=cost)
                graph.add_edge(("slot", j, k), "sink", weight=0)
    graph.add_nodes_from([("entry", i) for i in range(len(entries))] + [("ev", j) for j in range(n)])
    for node in list(graph.nodes):  # a virtual root joined to every node at no cost
        graph.add_edge("root", node, weight=0)
    distance = nx.single_source_bellman_ford_path_length(graph, "root")
    assert d_entry.tolist() == [distance[("entry", i)] for i in range(len(entries))]
    assert d_eval.tolist() == [distance[("ev", j)] for j in range(n)]
