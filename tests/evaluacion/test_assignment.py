import itertools
import random
from collections import Counter

import networkx as nx
import pytest

from evaluacion.assignment import (
    AFFINITY_SCALE,
    AssignmentError,
    assign,
    assignment_cost,
    balance_cap,
    balance_step,
    loads,
)


def random_instance(seed, n_entries=40, n_evaluators=12, conflict_rate=0.1, with_affinity=True):
    rng = random.Random(seed)
    entries = [f"p{i:03d}" for i in range(n_entries)]
    evaluators = [f"e{j:02d}" for j in range(n_evaluators)]
    conflicts = {(e, v) for e in entries for v in evaluators if rng.random() < conflict_rate}
    affinity = (
        {(e, v): round(rng.random(), 3) for e in entries for v in evaluators if rng.random() < 0.5}
        if with_affinity
        else None
    )
    return entries, evaluators, conflicts, affinity


def check_hard_constraints(result, entries, evaluators, per_entry, max_load, conflicts, existing=()):
    existing = set(existing)
    assert len(result) == len(set(result)), "duplicate pair returned"
    assert not set(result) & existing, "existing pair returned again"
    assert not set(result) & set(conflicts), "conflicted pair assigned"
    total = Counter(e for e, _v in set(result) | existing)
    for entry in entries:
        assert total[entry] == max(per_entry, Counter(e for e, _v in existing)[entry])
    load = Counter(v for _e, v in set(result) | existing)
    for ev in evaluators:
        limit = max_load[ev] if isinstance(max_load, dict) else max_load
        new = Counter(v for _e, v in result)[ev]
        assert new == 0 or load[ev] <= limit


@pytest.mark.parametrize("seed", range(8))
def test_random_instances_respect_hard_constraints(seed):
    entries, evaluators, conflicts, affinity = random_instance(seed)
    result = assign(entries, evaluators, per_entry=3, max_load=12, conflicts=conflicts, affinity=affinity)
    check_hard_constraints(result, entries, evaluators, 3, 12, conflicts)
    assert result == sorted(result)


def test_same_input_in_any_order_gives_same_output():
    entries, evaluators, conflicts, affinity = random_instance(3, with_affinity=False)
    first = assign(entries, evaluators, per_entry=3, max_load=12, conflicts=conflicts)
    shuffled_entries, shuffled_evaluators = entries[:], evaluators[:]
    random.Random(99).shuffle(shuffled_entries)
    random.Random(98).shuffle(shuffled_evaluators)
    second = assign(shuffled_entries, shuffled_evaluators, per_entry=3, max_load=12, conflicts=set(conflicts))
    assert first == second
    assert first == assign(entries, evaluators, per_entry=3, max_load=12, conflicts=conflicts)


def test_equal_affinities_balance_loads_within_one():
    entries, evaluators, conflicts, _ = random_instance(5, n_entries=50, n_evaluators=13, conflict_rate=0.05)
    result = assign(entries, evaluators, per_entry=3, max_load=50, conflicts=conflicts)
    counts = loads(result, evaluators).values()
    assert max(counts) - min(counts) <= 1
    assert sum(counts) == 150


def test_existing_pairs_count_toward_demand_and_load():
    entries = ["a", "b", "c", "d"]
    evaluators = ["x", "y", "z"]
    existing = {("a", "x"), ("a", "y"), ("b", "x"), ("b", "x")}
    result = assign(entries, evaluators, per_entry=2, max_load=3, conflicts=set(), existing=existing)
    check_hard_constraints(result, entries, evaluators, 2, 3, set(), existing)
    assert [p for p in result if p[0] == "a"] == []
    assert len([p for p in result if p[0] == "b"]) == 1
    assert ("b", "x") not in result
    # x already has 2 reviews: with max_load 3 it can take at most one more.
    assert loads(result, evaluators)["x"] <= 1


def test_existing_pairs_above_demand_need_nothing():
    result = assign(
        ["a"], ["x", "y", "z"], per_entry=1, max_load=5, conflicts=set(), existing={("a", "x"), ("a", "y")}
    )
    assert result == []


def test_existing_load_shifts_new_reviews_to_less_loaded_evaluators():
    existing = {(f"old{i}", "x") for i in range(4)}
    result = assign(
        ["a", "b", "c", "d"], ["x", "y"], per_entry=1, max_load=10, conflicts=set(), existing=existing
    )
    assert loads(result, ["x", "y"]) == {"x": 0, "y": 4}


def test_dict_max_load_is_respected():
    entries = [f"p{i}" for i in range(10)]
    max_load = {"x": 1, "y": 9, "z": 10}
    result = assign(entries, list(max_load), per_entry=2, max_load=max_load, conflicts=set())
    check_hard_constraints(result, entries, list(max_load), 2, max_load, set())
    assert loads(result, max_load)["x"] <= 1


def test_dict_max_load_missing_evaluator_is_an_error():
    with pytest.raises(ValueError, match="max_load"):
        assign(["a"], ["x", "y"], per_entry=1, max_load={"x": 1}, conflicts=set())


def test_infeasible_entry_is_named_with_needed_and_available():
    entries = ["a", "b", "c"]
    evaluators = ["x", "y", "z"]
    conflicts = {("b", "x"), ("b", "y")}
    with pytest.raises(AssignmentError) as info:
        assign(entries, evaluators, per_entry=2, max_load=5, conflicts=conflicts)
    error = info.value
    assert isinstance(error, ValueError)
    assert error.entries_short == {"b": (2, 1)}
    assert error.capacity_short is None
    assert "b (necesita 2, hay 1)" in str(error)
    assert "conflicto de interés" in str(error)


def test_total_capacity_shortage_is_reported():
    with pytest.raises(AssignmentError) as info:
        assign(["a", "b", "c"], ["x", "y"], per_entry=2, max_load=2, conflicts=set())
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
        assign(entries, evaluators, per_entry=2, max_load=max_load, conflicts=conflicts)
    short = info.value.entries_short
    assert len(short) >= 1
    assert set(short) <= {"a", "b", "c"}
    assert all(needed == 2 and available == 2 for needed, available in short.values())


def test_nothing_to_do():
    assert assign([], ["x"], per_entry=3, max_load=1, conflicts=set()) == []
    assert assign(["a"], ["x"], per_entry=0, max_load=1, conflicts=set()) == []


@pytest.mark.parametrize("bad", [-1, 1.5, True])
def test_invalid_per_entry(bad):
    with pytest.raises(ValueError):
        assign(["a"], ["x"], per_entry=bad, max_load=1, conflicts=set())


def test_affinity_is_followed_when_balance_is_off():
    affinity = {("a", "x"): 1.0, ("b", "y"): 1.0, ("a", "y"): 0.2, ("b", "x"): 0.3}
    result = assign(
        ["a", "b"], ["x", "y"], per_entry=1, max_load=2, conflicts=set(), affinity=affinity, balance_weight=0
    )
    assert result == [("a", "x"), ("b", "y")]


def test_balance_weight_trades_off_against_affinity():
    # Both entries prefer x by 0.05: worth it with a light balance weight, not with a heavy one.
    affinity = {("a", "x"): 0.55, ("b", "x"): 0.55, ("a", "y"): 0.5, ("b", "y"): 0.5}
    light = assign(
        ["a", "b"],
        ["x", "y"],
        per_entry=1,
        max_load=2,
        conflicts=set(),
        affinity=affinity,
        balance_weight=0.01,
    )
    heavy = assign(
        ["a", "b"],
        ["x", "y"],
        per_entry=1,
        max_load=2,
        conflicts=set(),
        affinity=affinity,
        balance_weight=0.1,
    )
    assert loads(light, ["x", "y"]) == {"x": 2, "y": 0}
    assert loads(heavy, ["x", "y"]) == {"x": 1, "y": 1}


def brute_force_optimum(entries, evaluators, per_entry, max_load, conflicts, affinity, balance_weight):
    options = [
        [
            combo
            for combo in itertools.combinations(evaluators, per_entry)
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
        seed, n_entries=5, n_evaluators=4, conflict_rate=0.15
    )
    result = assign(
        entries,
        evaluators,
        per_entry=2,
        max_load=3,
        conflicts=conflicts,
        affinity=affinity,
        balance_weight=balance_weight,
    )
    check_hard_constraints(result, entries, evaluators, 2, 3, conflicts)
    expected = brute_force_optimum(entries, evaluators, 2, 3, conflicts, affinity, balance_weight)
    got = assignment_cost(result, evaluators=evaluators, affinity=affinity, balance_weight=balance_weight)
    assert got == expected


def networkx_optimum(entries, evaluators, per_entry, max_load, conflicts, affinity, balance_weight):
    """Same flow network built independently; unit arcs to the sink through helper nodes."""
    step = round(balance_weight * AFFINITY_SCALE)
    demand = per_entry * len(entries)
    cap = balance_cap(demand, len(evaluators))
    graph = nx.DiGraph()
    graph.add_node("source", demand=-demand)
    graph.add_node("sink", demand=demand)
    for entry in entries:
        graph.add_edge("source", ("entry", entry), capacity=per_entry, weight=0)
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
    entries, evaluators, conflicts, affinity = random_instance(seed, n_entries=30, n_evaluators=9)
    result = assign(entries, evaluators, per_entry=3, max_load=14, conflicts=conflicts, affinity=affinity)
    got = assignment_cost(result, evaluators=evaluators, affinity=affinity)
    assert got == networkx_optimum(entries, evaluators, 3, 14, conflicts, affinity, 0.1)


def test_mixed_id_types_are_handled_deterministically():
    result = assign([1, "b"], ["x", 2], per_entry=1, max_load=1, conflicts=set())
    assert len(result) == 2
    assert result == assign(["b", 1], [2, "x"], per_entry=1, max_load=1, conflicts=set())


def test_invalid_affinity_is_rejected():
    with pytest.raises(ValueError):
        assign(["a"], ["x"], per_entry=1, max_load=1, conflicts=set(), affinity={("a", "x"): float("nan")})


def test_balance_step_rejects_negative_weight():
    with pytest.raises(ValueError):
        balance_step(-0.1)
