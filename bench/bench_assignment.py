"""Benchmark of evaluacion.assignment, side by side with the dense solver it replaced.

Run by hand from the project root (about 4 minutes on an idle 2-core machine; ``--no-dense-large``
skips the slowest part, the dense baseline at 10,000 x 1,000; ``--cases`` runs a subset):

    .venv/bin/python bench/bench_assignment.py

1. Speed and memory. Every (solver, case) pair runs in a fresh child process that builds the
   instance (seeded), frees what it can, resets the kernel's peak-RSS mark (``/proc/self/clear_refs``)
   and then calls the solver ``--runs`` times. Reported: median wall time of the calls (input
   generation excluded) and **solver peak**: the highest resident memory during the calls minus
   the resident memory just before them, i.e. what the call needs on top of its input, OR-Tools'
   C++ memory included. CPU time (``time.process_time``) is reported next to wall time because
   the 2 cores are often shared with other jobs; on an idle machine the two are about equal. The
   input itself (a Python dict of millions of pairs) is reported apart.
   Solvers: ``lean`` (evaluacion.assignment) and ``dense`` (bench/assignment_dense_baseline.py, the
   module before the change). Both solve the same objective exactly, so their costs must be equal:
   that checks the lean solver's optimality at full size. Every lean run must return the same pairs;
   its last run gets the entries and evaluators in reversed order and must return them too.
2. Optimality on small instances against an independent solver: the same objective built as a
   networkx graph (a helper node per load slot instead of parallel arcs) and solved with
   ``nx.min_cost_flow``.
"""

import argparse
import contextlib
import ctypes
import gc
import hashlib
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from evaluacion.assignment import (  # noqa: E402
    AFFINITY_SCALE,
    DEFAULT_BALANCE_WEIGHT,
    assign,
    assignment_cost,
    balance_cap,
    loads,
)

# name: (entries, evaluators, max_load, affinity kind); 3 evaluators per entry, 5% conflicts.
CASES = {
    "2k-equal": (2000, 300, 25, "none"),
    "2k-random": (2000, 300, 25, "random"),
    "10k-equal": (10000, 1000, 45, "none"),
    "10k-random": (10000, 1000, 45, "random"),
    "10k-expertise": (10000, 1000, 45, "expertise"),
}
AFFINITY_LABELS = {
    "none": "equal affinities",
    "random": "random affinity (0-1, 3 decimals) on 30% of pairs",
    "expertise": "affinity 1.0 where the entry's category is in the evaluator's 1-2 categories (as the portal does)",
}
PER_ENTRY = 3
CONFLICT_RATE = 0.05
AFFINITY_RATE = 0.3
SEED = 20261129


def make_instance(n_submissions, n_evaluators, affinity_kind, seed=SEED):
    """Entries, evaluators, conflicts (set of pairs) and affinity (dict or None), seeded."""
    rng = np.random.default_rng(seed)
    entries = [f"p{i:05d}" for i in range(n_submissions)]
    evaluators = [f"e{j:04d}" for j in range(n_evaluators)]
    conflicted = rng.random((n_submissions, n_evaluators)) < CONFLICT_RATE
    rows, cols = np.nonzero(conflicted)
    conflicts = {(entries[i], evaluators[j]) for i, j in zip(rows.tolist(), cols.tolist(), strict=True)}
    affinity = None
    if affinity_kind == "random":
        chosen = ~conflicted & (rng.random((n_submissions, n_evaluators)) < AFFINITY_RATE)
        rows, cols = np.nonzero(chosen)
        values = np.round(rng.random(len(rows)), 3)
        affinity = {
            (entries[i], evaluators[j]): v
            for i, j, v in zip(rows.tolist(), cols.tolist(), values.tolist(), strict=True)
        }
    elif affinity_kind == "expertise":
        categories = rng.integers(0, 8, n_submissions)
        expertise = np.zeros((n_evaluators, 8), dtype=bool)
        for j in range(n_evaluators):
            expertise[j, rng.choice(8, size=int(rng.integers(1, 3)), replace=False)] = True
        chosen = ~conflicted & expertise[:, categories].T
        rows, cols = np.nonzero(chosen)
        affinity = {
            (entries[i], evaluators[j]): 1.0 for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
        }
    return entries, evaluators, conflicts, affinity


# ------------------------------------------------------------------------------------------------
# Child process: one solver on one case
# ------------------------------------------------------------------------------------------------


def memory_mb():
    status = Path("/proc/self/status").read_text()
    return {key: int(re.search(rf"{key}:\s+(\d+)", status).group(1)) / 1024 for key in ("VmRSS", "VmHWM")}


def release_free_memory():
    gc.collect()
    with contextlib.suppress(OSError):  # glibc only: hand freed heap pages back to the kernel
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def child(solver_name, case, runs):
    if solver_name == "dense":
        import assignment_dense_baseline as solver
    else:
        from evaluacion import assignment as solver
    n_submissions, n_evaluators, max_load, affinity_kind = CASES[case]
    start_rss = memory_mb()["VmRSS"]
    entries, evaluators, conflicts, affinity = make_instance(n_submissions, n_evaluators, affinity_kind)
    release_free_memory()
    before = memory_mb()["VmRSS"]
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    times, cpu_times, results = [], [], []
    for run in range(runs):
        call_entries, call_evaluators = entries, evaluators
        if solver_name == "lean" and run == runs - 1 and runs > 1:
            call_entries, call_evaluators = entries[::-1], evaluators[::-1]
        started, cpu_started = time.perf_counter(), time.process_time()
        result = solver.assign(
            call_entries,
            call_evaluators,
            per_submission=PER_ENTRY,
            max_load=max_load,
            conflicts=conflicts,
            affinity=affinity,
        )
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
        results.append(hashlib.sha256(repr(result).encode()).hexdigest()[:16])
        if run < runs - 1:
            del result
    peak = memory_mb()["VmHWM"]
    counts = list(loads(result, evaluators).values())
    report = {
        "solver": solver_name,
        "case": case,
        "times": times,
        "cpu_times": cpu_times,
        "input_mb": before - start_rss,
        "before_mb": before,
        "solver_peak_mb": peak - before,
        "process_peak_mb": peak,
        "pairs": len(result),
        "load": [min(counts), max(counts), statistics.mean(counts)],
        "cost": assignment_cost(result, evaluators=evaluators, affinity=affinity),
        "affinity_sum": sum((affinity or {}).get(pair, 0.0) for pair in result),
        "conflicts": len(conflicts),
        "affinity_pairs": len(affinity or {}),
        "same_pairs_every_run": len(set(results)) == 1,
        "in_conflict": len(set(result) & conflicts),
    }
    print(json.dumps(report))


def machine_description():
    import ortools

    model = "unknown CPU"
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        found = re.search(r"Model name:\s+(.+)", lscpu)
        model = found.group(1).strip() if found else model
    ram_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} CPUs, {model}, {ram_gb:.0f} GB RAM; "
        f"Python {sys.version.split()[0]}, OR-Tools {ortools.__version__}, numpy {np.__version__}, "
        f"networkx {nx.__version__}"
    )


def run_child(solver_name, case, runs):
    completed = subprocess.run(
        [sys.executable, __file__, "--child", solver_name, case, str(runs)],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"child {solver_name} {case} failed:\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def speed_and_memory(args):
    print("Speed and memory: 3 evaluators per entry, 5% conflicts, default balance_weight 0.1")
    header = (
        "| case | solver | wall time, median (min–max) | CPU time, median | solver peak memory | input | "
        "pairs | load min / max / mean | cost |"
    )
    rows = [header, "|---|---|---|---|---|---|---|---|---|"]
    failures = []
    for case, (n_submissions, n_evaluators, max_load, affinity_kind) in CASES.items():
        if args.cases and case not in args.cases:
            continue
        solvers = ["lean", "dense"]
        if args.no_dense_large and n_submissions > 2000:
            solvers = ["lean"]
        reports = {}
        for solver_name in solvers:
            runs = args.runs if solver_name == "lean" or n_submissions <= 2000 else args.dense_large_runs
            report = run_child(solver_name, case, runs)
            reports[solver_name] = report
            times = report["times"]
            low, high, mean = report["load"]
            label = (
                f"{n_submissions:,} × {n_evaluators:,}, max_load {max_load}, {AFFINITY_LABELS[affinity_kind]} "
                f"({report['conflicts']:,} conflicts, {report['affinity_pairs']:,} affinity pairs)"
            )
            row = (
                f"| {label} | {solver_name} | {statistics.median(times):.2f} s ({min(times):.2f}–{max(times):.2f}, "
                f"{len(times)} runs) | {statistics.median(report['cpu_times']):.2f} s | {report['solver_peak_mb']:,.0f} MB | {report['input_mb']:,.0f} MB | "
                f"{report['pairs']:,} | {low} / {high} / {mean:.2f} | {report['cost']:,} |"
            )
            rows.append(row)
            print(row, flush=True)
            if not report["same_pairs_every_run"]:
                failures.append(f"{solver_name} {case}: runs returned different pairs")
            if report["in_conflict"]:
                failures.append(f"{solver_name} {case}: conflicted pairs assigned")
        if "dense" in reports:
            verdict = "EQUAL" if reports["lean"]["cost"] == reports["dense"]["cost"] else "DIFFERENT"
            print(
                f"  {case}: lean cost {reports['lean']['cost']:,} vs dense {reports['dense']['cost']:,} -> {verdict}"
            )
            if verdict != "EQUAL":
                failures.append(f"{case}: lean and dense costs differ")
    print()
    print("\n".join(rows))
    return failures


# ------------------------------------------------------------------------------------------------
# Optimality against networkx
# ------------------------------------------------------------------------------------------------


def networkx_cost(entries, evaluators, per_submission, max_load, conflicts, affinity, balance_weight):
    """Optimal cost of the documented objective, built without evaluacion.assignment's graph code."""
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
                cost = -round(affinity.get((entry, ev), 0.0) * AFFINITY_SCALE)
                graph.add_edge(("entry", entry), ("ev", ev), capacity=1, weight=cost)
    for ev in evaluators:
        for k in range(1, max_load + 1):
            graph.add_edge(("ev", ev), ("slot", ev, k), capacity=1, weight=step * (min(k, cap) - 1))
            graph.add_edge(("slot", ev, k), "sink", capacity=1, weight=0)
    flow = nx.min_cost_flow(graph)
    return nx.cost_of_flow(graph, flow)


def check_optimality():
    rng = random.Random(7)
    entries = [f"p{i:03d}" for i in range(200)]
    evaluators = [f"e{j:02d}" for j in range(40)]
    conflicts = {(e, v) for e in entries for v in evaluators if rng.random() < 0.05}
    affinity = {
        (e, v): round(rng.random(), 3)
        for e in entries
        for v in evaluators
        if (e, v) not in conflicts and rng.random() < 0.5
    }
    print("Optimality: 200 entries x 40 evaluators x 3, 5% conflicts, affinity on 50% of pairs, max_load 20")
    failures = []
    for balance_weight in (0.0, DEFAULT_BALANCE_WEIGHT, 0.5):
        start = time.perf_counter()
        result = assign(
            entries,
            evaluators,
            per_submission=3,
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
            f"| {balance_weight} | {ours:,} ({ours_time:.3f} s) | {reference:,} ({nx_time:.2f} s) | {verdict} | "
            f"{min(counts)}–{max(counts)} |"
        )
        if ours != reference:
            failures.append(f"balance_weight {balance_weight}: cost differs from networkx")
    return failures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="calls per case (default 5)")
    parser.add_argument("--dense-large-runs", type=int, default=3, help="calls of the dense solver at 10,000")
    parser.add_argument(
        "--no-dense-large", action="store_true", help="skip the dense solver at 10,000 x 1,000"
    )
    parser.add_argument("--cases", nargs="+", choices=list(CASES), help="run only these cases")
    parser.add_argument("--child", nargs=3, metavar=("SOLVER", "CASE", "RUNS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        sys.exit(0)
    print(machine_description())
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    problems = speed_and_memory(args)
    print("load average after the speed runs: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print()
    problems += check_optimality()
    if problems:
        raise SystemExit("FAILED: " + "; ".join(problems))
    print("All checks passed.")
