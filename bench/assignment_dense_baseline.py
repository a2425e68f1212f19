"""Baseline for bench/bench_assignment.py: the dense solver that evaluacion/assignment.py replaced.

This is evaluacion/assignment.py as of commit d83e469, unchanged except for this paragraph: it builds
entry x evaluator numpy matrices and hands every conflict-free pair to OR-Tools. It is not used by the
portal; the benchmark runs it side by side with the current solver.

The problem is solved as a minimum-cost flow with OR-Tools' ``SimpleMinCostFlow``::

    source --(per_submission - already assigned)--> entry --(1, -affinity)--> evaluator
    evaluator ==(parallel unit arcs of rising cost)==> sink

* One unit of flow through ``entry -> evaluator`` is one review. Arcs are left out for conflicts of
  interest and for pairs that already exist, so hard constraints hold by construction: no conflicted
  pair, no duplicate pair, no evaluator above ``max_load``, and every entry ends with exactly
  ``per_submission`` evaluators counting the existing ones (or more, when it already had more).

Objective and the affinity/balance trade-off
--------------------------------------------
Affinities are expected roughly on ``[0, 1]`` (e.g. topic match or a bid); any finite float works.
They are scaled to integer cost units with ``AFFINITY_SCALE = 1000`` (so 0.001 of affinity is the
resolution) and enter the objective with a negative sign: more affinity means less cost.

Load balance is a convex penalty, in the spirit of HotCRP's autoassigner: the k-th review of an
evaluator (counting the reviews they already have in ``existing``) costs ``step * (k - 1)`` units,
with ``step = round(balance_weight * AFFINITY_SCALE)``. The total penalty of an evaluator with load L
is therefore ``step * L * (L - 1) / 2``, a discrete quadratic. Moving one review from an evaluator
with load ``a`` to one with load ``b < a`` lowers the penalty by ``step * (a - 1 - b)``, so

    an evaluator receives ``d`` reviews more than another only if the extra review gains more
    than ``balance_weight * (d - 1)`` of affinity.

The default ``balance_weight = 0.1`` means: with equal affinities loads differ by at most one (where
conflicts allow it); a gap of two reviews is accepted for an affinity gain above 0.1, a gap of
five for a gain above 0.4. ``balance_weight = 0`` ignores balance (pure affinity), a large value
(e.g. 10) makes balance dominate and affinity only break ties.

To keep the graph small when ``max_load`` is very large, an evaluator gets unit arcs only up to
``balance_cap`` reviews (twice the mean load plus two, see :func:`balance_cap`); beyond that the
marginal cost stays flat (still convex, since marginals never decrease) in one arc that carries
the rest of the capacity. :func:`assignment_cost` evaluates exactly this objective.

Determinism and ties
--------------------
Entries and evaluators are sorted before nodes are numbered and arcs are added in that order.
OR-Tools breaks cost ties by arc order, so the same input (in any order) gives the same output.

Size and speed
--------------
The full bipartite graph is built with numpy and handed to OR-Tools in one vectorised call; with
2,000 entries x 300 evaluators (about 570,000 arcs after 5% conflicts) the whole call runs well under
the 2 s target on a 2-core machine (see ``bench/RESULTS.md``), so no candidate pruning is done:
the solution is always the exact optimum of the objective above.

Errors
------
Infeasible instances raise :class:`AssignmentError` (a ``ValueError``) whose ``entries_short``
maps each entry that cannot be covered to ``(needed, available)`` and whose ``capacity_short`` is
``(demand, capacity)`` when total remaining capacity is below total demand. A cheap pre-check
runs first; if it passes but the flow still cannot cover every entry (evaluators shared by too
many entries), the entries left short by the maximum flow are reported.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

AFFINITY_SCALE = 1000
DEFAULT_BALANCE_WEIGHT = 0.1
_MAX_ABS_AFFINITY = 1e9


def _(message: str) -> str:
    """Mark a message for translation without importing Django.

    ``makemessages`` collects ``_("...")`` calls from every module; the service layer translates
    ``AssignmentError.message_template`` with Django's gettext and fills ``params`` in.
    """
    return message


class AssignmentError(ValueError):
    """No assignment satisfies the hard constraints.

    ``entries_short``: entry -> (evaluators still needed, conflict-free evaluators with capacity).
    ``capacity_short``: (total demand, total remaining capacity) when capacity is the problem.
    """

    def __init__(
        self,
        message_template: str,
        params: Mapping[str, object],
        *,
        entries_short: Mapping[Hashable, tuple[int, int]] | None = None,
        capacity_short: tuple[int, int] | None = None,
    ):
        self.message_template = message_template
        self.params = dict(params)
        self.entries_short = dict(entries_short or {})
        self.capacity_short = capacity_short
        super().__init__(message_template % self.params)


@dataclass(frozen=True)
class _Instance:
    entries: list
    evaluators: list
    need: np.ndarray  # per entry, new evaluators needed
    base_load: np.ndarray  # per evaluator, existing reviews
    remaining: np.ndarray  # per evaluator, capacity left
    allowed: np.ndarray  # bool matrix entries x evaluators
    cost: np.ndarray  # int64 matrix entries x evaluators (scaled, negated affinity)


def _stable_order(ids: Iterable[Hashable]) -> list:
    ids = list(ids)
    try:
        return sorted(ids)
    except TypeError:
        # Mixed id types: order by type name, then by representation (still deterministic).
        return sorted(ids, key=lambda value: (type(value).__name__, repr(value)))


def balance_cap(total_load: int, n_evaluators: int) -> int:
    """Load from which the marginal balance cost stops rising (see the module docstring)."""
    if n_evaluators <= 0:
        return 0
    return 2 * math.ceil(total_load / n_evaluators) + 2


def balance_step(balance_weight: float) -> int:
    if balance_weight < 0 or not math.isfinite(balance_weight):
        raise ValueError("balance_weight must be a finite number >= 0")
    return round(balance_weight * AFFINITY_SCALE)


def marginal_load_cost(k: int, *, step: int, cap: int) -> int:
    """Cost, in integer units, of an evaluator's k-th review (k >= 1)."""
    return step * (min(k, cap) - 1) if cap >= 1 else 0


def scaled_affinity(value: float) -> int:
    value = float(value)
    if not math.isfinite(value) or abs(value) > _MAX_ABS_AFFINITY:
        raise ValueError(f"affinity must be a finite number, got {value!r}")
    return round(value * AFFINITY_SCALE)


def _capacities(evaluators: Sequence, max_load: int | Mapping[Hashable, int]) -> np.ndarray:
    if isinstance(max_load, Mapping):
        missing = [ev for ev in evaluators if ev not in max_load]
        if missing:
            raise ValueError(f"max_load has no value for evaluators {missing[:10]!r}")
        loads = [max_load[ev] for ev in evaluators]
    else:
        loads = [max_load] * len(evaluators)
    for load in loads:
        if isinstance(load, bool) or not isinstance(load, (int, np.integer)) or load < 0:
            raise ValueError(f"max_load values must be integers >= 0, got {load!r}")
    return np.asarray(loads, dtype=np.int64)


def _build_instance(
    entries, evaluators, per_submission, max_load, conflicts, affinity, existing
) -> _Instance:
    if (
        isinstance(per_submission, bool)
        or not isinstance(per_submission, (int, np.integer))
        or per_submission < 0
    ):
        raise ValueError(f"per_submission must be an integer >= 0, got {per_submission!r}")
    entries = _stable_order(entries)
    evaluators = _stable_order(evaluators)
    if len(set(entries)) != len(entries):
        raise ValueError("entries contain duplicates")
    if len(set(evaluators)) != len(evaluators):
        raise ValueError("evaluators contain duplicates")
    entry_index = {entry: i for i, entry in enumerate(entries)}
    evaluator_index = {ev: j for j, ev in enumerate(evaluators)}
    n_submissions, n_evaluators = len(entries), len(evaluators)

    existing_pairs = set(existing)
    existing_per_entry = Counter(entry for entry, _ev in existing_pairs)
    existing_per_evaluator = Counter(ev for _entry, ev in existing_pairs)

    need = np.array(
        [max(0, int(per_submission) - existing_per_entry.get(entry, 0)) for entry in entries], dtype=np.int64
    )
    base_load = np.array([existing_per_evaluator.get(ev, 0) for ev in evaluators], dtype=np.int64)
    remaining = np.maximum(0, _capacities(evaluators, max_load) - base_load)

    allowed = np.ones((n_submissions, n_evaluators), dtype=bool)
    for pairs in (conflicts, existing_pairs):
        rows, cols = [], []
        for entry, ev in pairs:
            i, j = entry_index.get(entry), evaluator_index.get(ev)
            if i is not None and j is not None:
                rows.append(i)
                cols.append(j)
        allowed[rows, cols] = False

    cost = np.zeros((n_submissions, n_evaluators), dtype=np.int64)
    if affinity:
        rows, cols, values = [], [], []
        for (entry, ev), value in affinity.items():
            i, j = entry_index.get(entry), evaluator_index.get(ev)
            if i is not None and j is not None:
                rows.append(i)
                cols.append(j)
                values.append(-scaled_affinity(value))
        cost[rows, cols] = values
    return _Instance(entries, evaluators, need, base_load, remaining, allowed, cost)


def _precheck(inst: _Instance) -> None:
    usable = inst.allowed & (inst.remaining > 0)[np.newaxis, :]
    available = usable.sum(axis=1)
    short_idx = np.nonzero(available < inst.need)[0]
    entries_short = {inst.entries[i]: (int(inst.need[i]), int(available[i])) for i in short_idx}
    demand, capacity = int(inst.need.sum()), int(inst.remaining.sum())
    capacity_short = (demand, capacity) if capacity < demand else None
    if entries_short or capacity_short:
        raise _infeasible(entries_short, capacity_short)


def _infeasible(entries_short, capacity_short) -> AssignmentError:
    parts, params = [], {}
    if capacity_short:
        parts.append(
            _(
                "Los evaluadores disponibles suman %(capacity)d evaluaciones de capacidad, pero se "
                "necesitan %(demand)d."
            )
        )
        params.update(demand=capacity_short[0], capacity=capacity_short[1])
    if entries_short:
        listed = list(entries_short.items())[:20]
        details = "; ".join(
            f"{entry} (necesita {needed}, hay {available})" for entry, (needed, available) in listed
        )
        if len(entries_short) > len(listed):
            details += f"; y {len(entries_short) - len(listed)} más"
        parts.append(
            _(
                "No hay suficientes evaluadores sin conflicto de interés y con capacidad para "
                "%(count)d postulaciones: %(details)s."
            )
        )
        params.update(count=len(entries_short), details=details)
    template = _("No es posible asignar evaluadores.") + " " + " ".join(parts)
    return AssignmentError(template, params, entries_short=entries_short, capacity_short=capacity_short)


def assign(
    entries: Sequence[Hashable],
    evaluators: Sequence[Hashable],
    *,
    per_submission: int,
    max_load: int | Mapping[Hashable, int],
    conflicts: Iterable[tuple[Hashable, Hashable]],
    affinity: Mapping[tuple[Hashable, Hashable], float] | None = None,
    existing: Iterable[tuple[Hashable, Hashable]] = (),
    balance_weight: float = DEFAULT_BALANCE_WEIGHT,
) -> list[tuple[Hashable, Hashable]]:
    """Return the new (entry, evaluator) pairs of an optimal, balanced assignment.

    See the module docstring for the objective. Raises :class:`AssignmentError` when infeasible.
    """
    step = balance_step(balance_weight)
    inst = _build_instance(entries, evaluators, per_submission, max_load, conflicts, affinity, existing)
    demand = int(inst.need.sum())
    if demand == 0:
        return []
    _precheck(inst)

    n_submissions, n_evaluators = len(inst.entries), len(inst.evaluators)
    source, sink = n_submissions + n_evaluators, n_submissions + n_evaluators + 1
    cap = balance_cap(demand + int(inst.base_load.sum()), n_evaluators)

    # Arc order is fixed: source arcs, entry->evaluator arcs row by row, then evaluator->sink.
    needy = np.nonzero(inst.need > 0)[0]
    source_tails = np.full(len(needy), source, dtype=np.int32)
    source_heads = needy.astype(np.int32)
    source_caps = inst.need[needy]
    source_costs = np.zeros(len(needy), dtype=np.int64)

    usable = inst.allowed & (inst.remaining > 0)[np.newaxis, :]
    usable[inst.need == 0, :] = False
    pair_rows, pair_cols = np.nonzero(usable)  # row-major, hence sorted by (entry, evaluator)
    pair_tails = pair_rows.astype(np.int32)
    pair_heads = (pair_cols + n_submissions).astype(np.int32)
    pair_caps = np.ones(len(pair_rows), dtype=np.int64)
    pair_costs = inst.cost[pair_rows, pair_cols]

    sink_tails, sink_caps, sink_costs = [], [], []
    for j in range(n_evaluators):
        remaining = int(inst.remaining[j])
        if remaining == 0:
            continue
        base = int(inst.base_load[j])
        unit_arcs = min(remaining, max(0, cap - base))
        for k in range(base + 1, base + unit_arcs + 1):
            sink_tails.append(n_submissions + j)
            sink_caps.append(1)
            sink_costs.append(marginal_load_cost(k, step=step, cap=cap))
        if remaining > unit_arcs:
            sink_tails.append(n_submissions + j)
            sink_caps.append(remaining - unit_arcs)
            sink_costs.append(marginal_load_cost(base + unit_arcs + 1, step=step, cap=cap))
    sink_tails_arr = np.asarray(sink_tails, dtype=np.int32)

    tails = np.concatenate([source_tails, pair_tails, sink_tails_arr])
    heads = np.concatenate([source_heads, pair_heads, np.full(len(sink_tails), sink, dtype=np.int32)])
    capacities = np.concatenate([source_caps, pair_caps, np.asarray(sink_caps, dtype=np.int64)])
    costs = np.concatenate([source_costs, pair_costs, np.asarray(sink_costs, dtype=np.int64)])

    solver = min_cost_flow.SimpleMinCostFlow()
    arcs = solver.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    solver.set_node_supply(source, demand)
    solver.set_node_supply(sink, -demand)
    status = solver.solve_max_flow_with_min_cost()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"min-cost flow solver returned status {status}")

    pair_arcs = np.asarray(arcs)[len(source_tails) : len(source_tails) + len(pair_tails)]
    chosen = solver.flows(pair_arcs) > 0
    if solver.maximum_flow() < demand:
        got = np.bincount(pair_rows[chosen], minlength=n_submissions)
        available = usable.sum(axis=1)
        short = np.nonzero(got < inst.need)[0]
        raise _infeasible({inst.entries[i]: (int(inst.need[i]), int(available[i])) for i in short}, None)

    return [
        (inst.entries[i], inst.evaluators[j])
        for i, j in zip(pair_rows[chosen], pair_cols[chosen], strict=True)
    ]


def assignment_cost(
    pairs: Iterable[tuple[Hashable, Hashable]],
    *,
    evaluators: Sequence[Hashable],
    affinity: Mapping[tuple[Hashable, Hashable], float] | None = None,
    existing: Iterable[tuple[Hashable, Hashable]] = (),
    balance_weight: float = DEFAULT_BALANCE_WEIGHT,
) -> int:
    """Objective of ``pairs`` (new pairs) in integer units, exactly as :func:`assign` minimises it.

    ``-sum(scaled affinity of new pairs) + sum over evaluators of the marginal balance costs of
    their new reviews`` (the cost of existing reviews is a constant and is not counted).
    """
    step = balance_step(balance_weight)
    affinity = affinity or {}
    pairs = list(pairs)
    base = Counter(ev for _entry, ev in set(existing))
    new = Counter(ev for _entry, ev in pairs)
    cap = balance_cap(len(pairs) + sum(base[ev] for ev in evaluators), len(evaluators))
    total = -sum(scaled_affinity(affinity.get(pair, 0.0)) for pair in pairs)
    for ev, count in new.items():
        start = base.get(ev, 0)
        total += sum(marginal_load_cost(k, step=step, cap=cap) for k in range(start + 1, start + count + 1))
    return total


def loads(pairs: Iterable[tuple[Hashable, Hashable]], evaluators: Iterable[Hashable]) -> dict[Hashable, int]:
    """Reviews per evaluator in ``pairs`` (evaluators with none included, as 0)."""
    counts = Counter(ev for _entry, ev in pairs)
    return {ev: counts.get(ev, 0) for ev in evaluators}
