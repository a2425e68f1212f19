"""Search quality on a citizen-query set (bench/search_quality_data.py), today's code against a
baseline commit, in the same run (run by hand; figures go to bench/RESULTS.md, "Búsqueda que perdona").

    .venv/bin/python bench/bench_search_quality.py                         # current code vs d83e469
    .venv/bin/python bench/bench_search_quality.py --baseline-ref REF      # another baseline
    .venv/bin/python bench/bench_search_quality.py --elasticsearch URL     # + current code on Elasticsearch
    .venv/bin/python bench/bench_search_quality.py --details               # every query, both sides

The baseline is the tree of a commit (`git archive`) run with the same interpreter; each side
indexes the same 60 practices into a fresh SQLite database in its own subprocess and answers the
same queries through `backend.search()` (ten results per page, as /buscar/ shows) and
`backend.suggest()`. Editors' synonym groups (SYNONYMS) are created when the code has them.

Reported per kind of query: nDCG@10 (graded judgements), success@10 (a document judged 2 in the
first ten), and how many queries found nothing; autocomplete: how many typo prefixes suggest the
expected title; latency p50/p95 of the queries (a 60-document library: this is not the speed benchmark).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE_REF = "d83e469"  # main before issue 14's search work: light stemmer, no fuzziness, no synonyms
KINDS = ["correct", "typo", "forms", "synonym"]


def dcg(gains):
    return sum((2**gain - 1) / math.log2(rank + 2) for rank, gain in enumerate(gains))


def ndcg_at_10(ranked, judgements):
    ideal = dcg(sorted(judgements.values(), reverse=True)[:10])
    return dcg([judgements.get(page_id, 0) for page_id in ranked[:10]]) / ideal if ideal else 0.0


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


# -- worker: runs inside the tree under test -------------------------------------------------------


def run_worker(args):
    tree = Path(args.tree).resolve()
    os.chdir(tree)
    sys.path.insert(0, str(tree))
    sys.path.insert(1, str(ROOT / "bench"))
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["ELASTICSEARCH_URL"] = args.elasticsearch_url or ""
    os.environ["ELASTICSEARCH_INDEX_PREFIX"] = "bench-quality"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from search_quality_data import AUTOCOMPLETE, CORPUS, QUERIES, SYNONYMS

    from search import models as search_models
    from search.backends import SearchRequest, get_backend, get_embedded_backend
    from search.entries import Entry

    if hasattr(search_models, "SynonymGroup"):
        for terms in SYNONYMS:
            search_models.SynonymGroup.objects.create(terms=terms)
    entries = [
        Entry(
            page_id=page_id,
            doc_type="practica",
            title=title,
            url=f"/p/{page_id}/",
            summary=summary,
            body=body,
            category=category,
            region="Región",
            comuna="Comuna",
            municipality="Municipalidad",
            year=2022,
            date=dt.date(2022, 1, 1) + dt.timedelta(days=page_id),
        )
        for page_id, title, category, summary, body in CORPUS
    ]
    get_embedded_backend().rebuild(iter(entries))
    backend = get_backend()
    if backend.name != "embedded":
        backend.rebuild(iter(entries))
    answers, times = [], []
    for query, kind, _judgements in QUERIES:
        start = time.perf_counter()
        results = backend.search(SearchRequest(query=query, per_page=10))
        times.append((time.perf_counter() - start) * 1000)
        answers.append(
            {
                "query": query,
                "kind": kind,
                "ranked": [hit.page_id for hit in results.hits],
                "total": results.total,
                "corrected": getattr(results, "corrected_query", ""),
                "suggested": getattr(results, "suggested_query", ""),
            }
        )
    completions = [
        {"typed": typed, "expected": expected, "titles": [s.text for s in backend.suggest(typed)]}
        for typed, expected in AUTOCOMPLETE
    ]
    if backend.name != "embedded":
        backend.clear()
    print(
        "RESULT "
        + json.dumps(
            {
                "backend": backend.name,
                "answers": answers,
                "completions": completions,
                "p50_ms": round(statistics.median(times), 2),
                "p95_ms": round(percentile(times, 0.95), 2),
            }
        )
    )


# -- driver -------------------------------------------------------------------------------------------


def extract(ref: str) -> Path:
    target = Path(tempfile.mkdtemp(prefix="bench-quality-baseline-"))
    archive = target / "tree.tar"
    subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", "-o", str(archive), ref], check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(target / "tree", filter="data")
    return target / "tree"


def spawn(tree: Path, elasticsearch_url: str = "") -> dict:
    database = Path(tempfile.mkdtemp(prefix="bench-quality-")) / "db.sqlite3"
    command = [
        sys.executable,
        __file__,
        "--worker",
        "--tree",
        str(tree),
        "--database-url",
        f"sqlite:///{database}",
    ]
    if elasticsearch_url:
        command += ["--elasticsearch-url", elasticsearch_url]
    output = subprocess.run(command, capture_output=True, text=True, check=False)
    for line in output.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(output.stderr[-3000:])


def summarize(result: dict) -> dict:
    from search_quality_data import QUERIES

    judged = {query: judgements for query, _kind, judgements in QUERIES}
    rows = {}
    for kind in KINDS:
        answers = [answer for answer in result["answers"] if answer["kind"] == kind]
        scores = [ndcg_at_10(answer["ranked"], judged[answer["query"]]) for answer in answers]
        success = [
            any(judged[answer["query"]].get(page_id) == 2 for page_id in answer["ranked"][:10])
            for answer in answers
        ]
        rows[kind] = {
            "queries": len(answers),
            "ndcg": statistics.mean(scores) if scores else 0.0,
            "success": sum(success),
            "empty": sum(1 for answer in answers if not answer["ranked"]),
        }
    rows["autocomplete"] = sum(1 for item in result["completions"] if item["expected"] in item["titles"])
    return rows


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline-ref", default=BASELINE_REF)
    parser.add_argument(
        "--elasticsearch", help="URL of an Elasticsearch-API server: also run the current code on it"
    )
    parser.add_argument("--details", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tree", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--elasticsearch-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return run_worker(args)
    sys.path.insert(0, str(ROOT / "bench"))
    from search_quality_data import AUTOCOMPLETE, QUERIES

    sides = [
        (f"baseline {args.baseline_ref} (embedded, SQLite)", extract(args.baseline_ref), ""),
        ("current (embedded, SQLite)", ROOT, ""),
    ]
    if args.elasticsearch:
        sides.append(("current (Elasticsearch API)", ROOT, args.elasticsearch))
    results = [(label, spawn(tree, url)) for label, tree, url in sides]
    header = "| code | " + " | ".join(f"{kind}: nDCG@10 / success@10 / empty" for kind in KINDS)
    print(header + " | autocomplete with a typo | p50 / p95 |")
    print("|---" * (len(KINDS) + 3) + "|")
    for label, result in results:
        rows = summarize(result)
        cells = [
            f"{rows[kind]['ndcg']:.3f} / {rows[kind]['success']}/{rows[kind]['queries']} / {rows[kind]['empty']}"
            for kind in KINDS
        ]
        print(
            f"| {label} | " + " | ".join(cells) + f" | {rows['autocomplete']}/{len(AUTOCOMPLETE)} | "
            f"{result['p50_ms']} / {result['p95_ms']} ms |"
        )
    if args.details:
        judged = {query: judgements for query, _kind, judgements in QUERIES}
        for index, (query, kind, _judgements) in enumerate(QUERIES):
            line = [f"{kind:8} {query!r:32}"]
            for label, result in results:
                answer = result["answers"][index]
                note = f" → {answer['corrected']!r}" if answer["corrected"] else ""
                note += f" (¿{answer['suggested']}?)" if answer["suggested"] else ""
                line.append(
                    f"{label.split()[0]}: {ndcg_at_10(answer['ranked'], judged[query]):.2f} {answer['ranked'][:5]}{note}"
                )
            print(" | ".join(line))


if __name__ == "__main__":
    main()
