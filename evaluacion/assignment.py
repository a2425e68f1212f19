"""Optimal, balanced assignment of evaluators to entries (pure module: no ORM, no Django).

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

Size, speed and why the answer is still exact
---------------------------------------------
No entry x evaluator matrix is ever held in memory. Conflicts, existing pairs and affinities become
sorted numpy arrays of pair keys (``entry_index * n_evaluators + evaluator_index``) and integer
costs; ids are mapped and affinities validated and scaled in vectorised calls. When whole rows of
costs are needed, entries are scanned in blocks of about a million cells (8 MB each).

OR-Tools does not get the full bipartite graph either (10,000 entries x 1,000 evaluators would be
9.5 million arcs). The solver works on a set of candidate arcs and proves optimality for the full
graph by pricing, as in column generation:

1. Candidates: for each entry, its ``3 * need + 6`` cheapest conflict-free arcs to evaluators with
   capacity left (highest affinity first; ties, such as all the pairs without affinity, are broken
   by a per-entry rotation of the evaluators, so that candidates spread over the whole pool).
2. Solve the min-cost flow on the candidates. If it cannot cover the demand, the number of
   candidates per entry is doubled, up to the full graph, which finally decides infeasibility.
3. Potentials: shortest distances in the residual graph of that flow (vectorised Bellman-Ford;
   there is no negative cycle, because the flow is optimal on the candidate graph).
4. Pricing: every arc left out is checked, block by block. An arc with a negative reduced cost
   ``cost + potential(entry) - potential(evaluator)`` could improve the solution; the most negative
   ones of each entry join the candidates and the loop goes back to 2.

When no arc left out has a negative reduced cost, the potentials prove that the residual graph of
the full problem has no negative cycle, so the flow is optimal for the full problem, not an
approximation. In practice the first pricing pass finds nothing or a few arcs.

Determinism and ties
--------------------
Entries and evaluators are sorted before they are numbered; candidates follow a fixed rule and are
given to OR-Tools sorted by (entry, evaluator); OR-Tools breaks cost ties by arc order. So the same
input (in any order) gives the same output. Where several assignments share the optimal cost, the
one returned may differ from the one a solver on the full graph would pick; the cost cannot.

Errors
------
Infeasible instances raise :class:`AssignmentError` (a ``ValueError``) whose ``entries_short``
maps each entry that cannot be covered to ``(needed, available)`` and whose ``capacity_short`` is
``(demand, capacity)`` when total remaining capacity is below total demand. A cheap pre-check
runs first; if it passes but the flow still cannot cover every entry (evaluators shared by too
many entries), the entries left short by the maximum flow on the full graph are reported.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter

import numpy as np
from ortools.graph.python import min_cost_flow

AFFINITY_SCALE = 1000
DEFAULT_BALANCE_WEIGHT = 0.1
_MAX_ABS_AFFINITY = 1e9
# "No arc": far above any cost or potential, and still safe to add a potential to.
_NO_ARC = np.iinfo(np.int64).max // 4
_ORDER_MAX = np.iinfo(np.int64).max
# Entry x evaluator cells scanned at once when whole rows are needed (8 MB per int64 block).
_BLOCK_CELLS = 1 << 20
# Odd multiplier (Knuth's) that scatters the per-entry tie-break rotation over the evaluators.
_SPREAD = 2654435761
# Candidate arcs per entry: CANDIDATES_PER_NEED * need + CANDIDATES_EXTRA (the largest need counts).
# Measured at 10,000 x 1,000 x 3: 15 per entry needs no pricing round there, while 10 needed up to
# two more solves and 5 needed four (each solve and pricing pass costs more than the extra arcs).
_CANDIDATES_PER_NEED = 3
_CANDIDATES_EXTRA = 6
# Arcs that a pricing pass adds per entry at most: need + PRICED_EXTRA, most negative first.
_PRICED_EXTRA = 2


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
    blocked: np.ndarray  # sorted unique keys of conflicted and existing pairs (no arc)
    affinity_keys: np.ndarray  # sorted keys of the pairs with an affinity
    affinity_costs: np.ndarray  # their costs: scaled, negated affinity (int64)

    @property
    def n_evaluators(self) -> int:
        return len(self.evaluators)

    def arc_costs(self, keys: np.ndarray) -> np.ndarray:
        """Cost of the arcs ``keys`` (0 for pairs without an affinity)."""
        if len(self.affinity_keys) == 0:
            return np.zeros(len(keys), dtype=np.int64)
        pos = np.minimum(np.searchsorted(self.affinity_keys, keys), len(self.affinity_keys) - 1)
        return np.where(self.affinity_keys[pos] == keys, self.affinity_costs[pos], 0)

    def cost_block(self, start: int, stop: int) -> np.ndarray:
        """Costs of entries ``start..stop-1`` against every evaluator; ``_NO_ARC`` where no arc exists.

        No arc: conflicted or existing pair, evaluator without capacity left, entry needing nobody.
        """
        n = self.n_evaluators
        block = np.zeros((stop - start, n), dtype=np.int64)
        lo, hi = np.searchsorted(self.affinity_keys, [start * n, stop * n])
        np.put(block, self.affinity_keys[lo:hi] - start * n, self.affinity_costs[lo:hi])
        lo, hi = np.searchsorted(self.blocked, [start * n, stop * n])
        np.put(block, self.blocked[lo:hi] - start * n, _NO_ARC)
        block[:, self.remaining == 0] = _NO_ARC
        block[self.need[start:stop] == 0, :] = _NO_ARC
        return block

    def blocks(self):
        """(start, stop) of consecutive entry blocks of about ``_BLOCK_CELLS`` cells."""
        step = max(1, _BLOCK_CELLS // max(1, self.n_evaluators))
        for start in range(0, len(self.entries), step):
            yield start, min(start + step, len(self.entries))


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


def _marginal_load_costs(k: np.ndarray, *, step: int, cap: int) -> np.ndarray:
    """:func:`marginal_load_cost` of every element of ``k`` (int64)."""
    if cap < 1:
        return np.zeros(len(k), dtype=np.int64)
    return step * (np.minimum(k, cap) - 1)


def scaled_affinity(value: float) -> int:
    value = float(value)
    if not math.isfinite(value) or abs(value) > _MAX_ABS_AFFINITY:
        raise ValueError(f"affinity must be a finite number, got {value!r}")
    return round(value * AFFINITY_SCALE)


def _scaled_affinities(values: np.ndarray) -> np.ndarray:
    """:func:`scaled_affinity` of every element, vectorised (``np.rint`` rounds half to even, like
    ``round``)."""
    bad = ~(np.isfinite(values) & (np.abs(values) <= _MAX_ABS_AFFINITY))
    if bad.any():
        raise ValueError(f"affinity must be a finite number, got {float(values[bad][0])!r}")
    return np.rint(values * AFFINITY_SCALE).astype(np.int64)


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


def _indices(pairs, position: int, index: dict) -> np.ndarray:
    """Positions in ``index`` of the ids at ``position`` (0 or 1) of ``pairs`` (a sized, re-iterable
    collection), as int64; -1 for unknown ids.

    ``map`` over C-level callables keeps millions of look-ups to a fraction of a second.
    """
    try:
        return np.fromiter(map(index.__getitem__, map(itemgetter(position), pairs)), np.int64, len(pairs))
    except KeyError:
        return np.fromiter(map(index.get, map(itemgetter(position), pairs), repeat(-1)), np.int64, len(pairs))


def _pair_keys(pairs, entry_index: dict, evaluator_index: dict) -> tuple[np.ndarray, np.ndarray]:
    """Keys ``i * n_evaluators + j`` of a sized, re-iterable collection of (entry, evaluator) pairs,
    and a mask of the pairs whose two ids are both known (the others are ignored by the callers)."""
    rows = _indices(pairs, 0, entry_index)
    cols = _indices(pairs, 1, evaluator_index)
    known = (rows >= 0) & (cols >= 0)
    return rows * len(evaluator_index) + cols, known


def _sorted_unique(keys: np.ndarray) -> np.ndarray:
    keys = np.sort(keys)
    return keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys


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

    existing_pairs = set(existing)
    existing_per_entry = Counter(entry for entry, _ev in existing_pairs)
    existing_per_evaluator = Counter(ev for _entry, ev in existing_pairs)
    need = np.array(
        [max(0, int(per_submission) - existing_per_entry.get(entry, 0)) for entry in entries], dtype=np.int64
    )
    base_load = np.array([existing_per_evaluator.get(ev, 0) for ev in evaluators], dtype=np.int64)
    remaining = np.maximum(0, _capacities(evaluators, max_load) - base_load)

    if not isinstance(conflicts, (list, tuple, set, frozenset, dict)):
        conflicts = list(conflicts)
    conflict_keys, conflict_known = _pair_keys(conflicts, entry_index, evaluator_index)
    existing_keys, existing_known = _pair_keys(existing_pairs, entry_index, evaluator_index)
    blocked = _sorted_unique(np.concatenate([conflict_keys[conflict_known], existing_keys[existing_known]]))

    affinity_keys = np.empty(0, dtype=np.int64)
    affinity_costs = np.empty(0, dtype=np.int64)
    if affinity:
        if not isinstance(affinity, dict):
            affinity = dict(affinity)  # keys and values are then read in the same order
        keys, known = _pair_keys(affinity, entry_index, evaluator_index)
        values = np.fromiter(affinity.values(), np.float64, len(affinity))
        costs = -_scaled_affinities(values)
        affinity_keys, affinity_costs = keys[known], costs[known]
        if np.any(affinity_keys[1:] < affinity_keys[:-1]):
            order = np.argsort(affinity_keys)  # keys are unique: any sort gives the same order
            affinity_keys, affinity_costs = affinity_keys[order], affinity_costs[order]
    return _Instance(entries, evaluators, need, base_load, remaining, blocked, affinity_keys, affinity_costs)


def _available(inst: _Instance) -> np.ndarray:
    """Per entry, conflict-free evaluators with capacity left (whether or not the entry needs any)."""
    usable = inst.remaining > 0
    rows, cols = np.divmod(inst.blocked, inst.n_evaluators)
    return int(usable.sum()) - np.bincount(rows[usable[cols]], minlength=len(inst.entries))


def _precheck(inst: _Instance, available: np.ndarray) -> None:
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


def _candidates(inst: _Instance, width: int) -> np.ndarray:
    """Sorted keys of the ``width`` cheapest possible arcs of every entry that needs evaluators.

    Equal costs are ordered by ``(j - offset(entry)) mod n``, a rotation that differs per entry.
    The sort key ``cost * n + rotation`` fits in int64: |cost| <= 10**12 (affinities are bounded by
    ``_MAX_ABS_AFFINITY``), so up to millions of evaluators.
    """
    n = inst.n_evaluators
    columns = np.arange(n, dtype=np.int64)
    found = []
    for start, stop in inst.blocks():
        block = inst.cost_block(start, stop)
        if width >= n:
            rows, cols = np.nonzero(block < _NO_ARC)
        else:
            offsets = (np.arange(start, stop, dtype=np.int64) * _SPREAD) % n
            no_arc = block >= _NO_ARC
            order = np.where(no_arc, 0, block) * n + (columns[np.newaxis, :] - offsets[:, np.newaxis]) % n
            order[no_arc] = _ORDER_MAX
            picked = np.argpartition(order, width - 1, axis=1)[:, :width]
            rows = np.repeat(np.arange(stop - start), width)
            cols = picked.ravel()
            keep = ~no_arc[rows, cols]
            rows, cols = rows[keep], cols[keep]
        found.append((rows + start) * n + cols)
    return np.sort(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)


@dataclass(frozen=True)
class _Flow:
    keys: np.ndarray  # candidate arcs, sorted
    costs: np.ndarray
    used: np.ndarray  # bool per candidate arc: carries a review
    total: int  # flow value (reviews assigned)


def _solve(inst: _Instance, keys: np.ndarray, *, step: int, cap: int) -> _Flow:
    """Min-cost max-flow on the candidate arcs ``keys`` (sorted), with OR-Tools."""
    n_submissions, n = len(inst.entries), inst.n_evaluators
    source, sink = n_submissions + n, n_submissions + n + 1
    demand = int(inst.need.sum())
    rows, cols = np.divmod(keys, n)
    costs = inst.arc_costs(keys)

    # Arc order is fixed: source arcs, entry->evaluator arcs by (entry, evaluator), evaluator->sink.
    needy = np.nonzero(inst.need > 0)[0]
    # Sink arcs per evaluator: unit arcs of rising marginal cost up to the balance cap, then one
    # arc with the rest of the capacity at the last (flat) marginal cost.
    units = np.minimum(inst.remaining, np.maximum(0, cap - inst.base_load))
    unit_owner = np.repeat(np.arange(n), units)
    unit_rank = np.arange(len(unit_owner)) - np.repeat(np.cumsum(units) - units, units)
    rest = inst.remaining - units
    rest_owner = np.nonzero(rest > 0)[0]
    sink_owner = np.concatenate([unit_owner, rest_owner])
    sink_caps = np.concatenate([np.ones(len(unit_owner), dtype=np.int64), rest[rest_owner]])
    sink_costs = _marginal_load_costs(
        np.concatenate(
            [inst.base_load[unit_owner] + 1 + unit_rank, inst.base_load[rest_owner] + units[rest_owner] + 1]
        ),
        step=step,
        cap=cap,
    )
    by_owner = np.argsort(sink_owner, kind="stable")

    tails = np.concatenate([np.full(len(needy), source), rows, sink_owner[by_owner] + n_submissions]).astype(
        np.int32
    )
    heads = np.concatenate([needy, cols + n_submissions, np.full(len(sink_owner), sink)]).astype(np.int32)
    capacities = np.concatenate([inst.need[needy], np.ones(len(keys), dtype=np.int64), sink_caps[by_owner]])
    arc_costs = np.concatenate([np.zeros(len(needy), dtype=np.int64), costs, sink_costs[by_owner]])

    # Dividing every cost by their common divisor changes no optimum but shortens OR-Tools' cost
    # scaling (with equal or 0/1 affinities all costs are multiples of the balance step).
    divisor = int(np.gcd.reduce(arc_costs)) if len(arc_costs) else 0
    if divisor > 1:
        arc_costs = arc_costs // divisor
    solver = min_cost_flow.SimpleMinCostFlow()
    arcs = solver.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, arc_costs)
    solver.set_node_supply(source, demand)
    solver.set_node_supply(sink, -demand)
    status = solver.solve_max_flow_with_min_cost()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"min-cost flow solver returned status {status}")
    pair_arcs = np.asarray(arcs)[len(needy) : len(needy) + len(keys)]
    return _Flow(keys, costs, solver.flows(pair_arcs) > 0, int(solver.maximum_flow()))


def _potentials(inst: _Instance, flow: _Flow, *, step: int, cap: int) -> tuple[np.ndarray, np.ndarray]:
    """Shortest distances (entries, evaluators) in the residual graph of ``flow`` from a virtual root
    joined to every node by a zero-cost arc. Every residual arc u -> v then has
    ``cost + d[u] - d[v] >= 0``.

    Residual arcs: entry -> evaluator (cost c) for candidate pairs without a review, evaluator ->
    entry (-c) for pairs with one, evaluator -> sink (next marginal load cost) while capacity is
    left, sink -> evaluator (minus the last marginal cost) when the evaluator got new reviews. The
    source is a dead end (its arcs are saturated), so it is left out.
    """
    n_submissions, n = len(inst.entries), inst.n_evaluators
    rows, cols = np.divmod(flow.keys, n)
    used_rows, used_cols, used_costs = rows[flow.used], cols[flow.used], flow.costs[flow.used]
    free_rows, free_cols, free_costs = rows[~flow.used], cols[~flow.used], flow.costs[~flow.used]
    new_load = np.bincount(used_cols, minlength=n)
    load = inst.base_load + new_load
    to_sink = np.where(new_load < inst.remaining, _marginal_load_costs(load + 1, step=step, cap=cap), _NO_ARC)
    from_sink = np.where(new_load > 0, -_marginal_load_costs(load, step=step, cap=cap), _NO_ARC)
    has_from_sink = new_load > 0

    d_entry = np.zeros(n_submissions, dtype=np.int64)
    d_eval = np.zeros(n, dtype=np.int64)
    d_sink = 0
    # A shortest path visits each evaluator once, and each pass extends paths by one evaluator.
    for _pass in range(n + 3):
        new_entry = d_entry.copy()
        np.minimum.at(new_entry, used_rows, d_eval[used_cols] - used_costs)
        new_eval = d_eval.copy()
        np.minimum.at(new_eval, free_cols, new_entry[free_rows] + free_costs)
        new_eval[has_from_sink] = np.minimum(new_eval[has_from_sink], d_sink + from_sink[has_from_sink])
        new_sink = min(d_sink, int(np.min(new_eval + to_sink, initial=_NO_ARC)))
        if new_sink == d_sink and np.array_equal(new_entry, d_entry) and np.array_equal(new_eval, d_eval):
            return d_entry, d_eval
        d_entry, d_eval, d_sink = new_entry, new_eval, new_sink
    raise RuntimeError("negative cycle in the residual graph of an optimal flow")


def _price(inst: _Instance, flow: _Flow, d_entry: np.ndarray, d_eval: np.ndarray, limit: int) -> np.ndarray:
    """Sorted keys of the arcs left out whose reduced cost is negative: up to ``limit`` per
    entry, the most negative first. Empty when the flow is optimal for the full graph."""
    n = inst.n_evaluators
    found = []
    for start, stop in inst.blocks():
        block = inst.cost_block(start, stop)
        lo, hi = np.searchsorted(flow.keys, [start * n, stop * n])
        np.put(block, flow.keys[lo:hi] - start * n, _NO_ARC)  # candidates are priced already
        no_arc = block >= _NO_ARC
        reduced = block + d_entry[start:stop, np.newaxis] - d_eval[np.newaxis, :]
        reduced[no_arc] = _ORDER_MAX
        negative_rows = np.nonzero((reduced < 0).any(axis=1))[0]
        if len(negative_rows) == 0:
            continue
        reduced = reduced[negative_rows]
        take = min(limit, n)
        picked = (
            np.argpartition(reduced, take - 1, axis=1)[:, :take]
            if take < n
            else np.tile(np.arange(n), (len(negative_rows), 1))
        )
        rows = np.repeat(negative_rows, take)
        cols = picked.ravel()
        keep = reduced[np.repeat(np.arange(len(negative_rows)), take), cols] < 0
        found.append((rows[keep] + start) * n + cols[keep])
    return np.sort(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)


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
    """Return the new (entry, evaluator) pairs of an optimal, balanced assignment, sorted by
    (entry, evaluator).

    See the module docstring for the objective and the method. Raises :class:`AssignmentError`
    when infeasible.
    """
    step = balance_step(balance_weight)
    inst = _build_instance(entries, evaluators, per_submission, max_load, conflicts, affinity, existing)
    demand = int(inst.need.sum())
    if demand == 0:
        return []
    available = _available(inst)
    _precheck(inst, available)

    n = inst.n_evaluators
    cap = balance_cap(demand + int(inst.base_load.sum()), n)
    max_need = int(inst.need.max())
    all_arcs = int(available[inst.need > 0].sum())
    width = min(n, _CANDIDATES_PER_NEED * max_need + _CANDIDATES_EXTRA)
    keys = _candidates(inst, width)
    while True:
        flow = _solve(inst, keys, step=step, cap=cap)
        if flow.total < demand:
            if len(keys) >= all_arcs:  # the full graph: the shortage is real
                got = np.bincount(flow.keys[flow.used] // n, minlength=len(inst.entries))
                short = np.nonzero(got < inst.need)[0]
                raise _infeasible(
                    {inst.entries[i]: (int(inst.need[i]), int(available[i])) for i in short}, None
                )
            width = min(n, 2 * width)
            keys = _sorted_unique(np.concatenate([keys, _candidates(inst, width)]))
            continue
        d_entry, d_eval = _potentials(inst, flow, step=step, cap=cap)
        extra = _price(inst, flow, d_entry, d_eval, max_need + _PRICED_EXTRA)
        if len(extra) == 0:
            break
        keys = _sorted_unique(np.concatenate([keys, extra]))

    rows, cols = np.divmod(flow.keys[flow.used], n)
    return [(inst.entries[i], inst.evaluators[j]) for i, j in zip(rows.tolist(), cols.tolist(), strict=True)]


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
