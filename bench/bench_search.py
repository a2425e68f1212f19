"""Search benchmark (run by hand; figures go to bench/RESULTS.md, section "Búsqueda").

    .venv/bin/python bench/bench_search.py                       # embedded on SQLite, 10k and 100k
    .venv/bin/python bench/bench_search.py --postgres URL        # + embedded on PostgreSQL
    .venv/bin/python bench/bench_search.py --elasticsearch URL   # + the Elasticsearch-API server
    .venv/bin/python bench/bench_search.py --wagtail 2000        # + Wagtail's database search baseline
    .venv/bin/python bench/bench_search.py --baseline-ref d83e469 # + the embedded backend of that commit
    .venv/bin/python bench/bench_search.py --skip-sqlite --elasticsearch URL --sizes 100000 --no-queries
                                                                 # rebuild time and memory only

Synthetic practices are generated straight into each backend (search.entries.Entry objects
through backend.rebuild), not as Wagtail pages, so 100,000 documents load in minutes. The Wagtail
baseline needs real pages, so it uses a smaller library (say so when reporting). Every
configuration runs in its own subprocess with its own database.

Measured: rebuild time (documents/s), peak RSS of the process, and the latency (p50/p95 over
QUERIES queries) of a full results page: text query + two facets selected (region and category),
total, six facet counts, ten hits with snippets. Also, for the embedded backend: the same texts
without any facet selected (the first search of a visitor: every match is ranked), the same plan with
misspelled words (TYPO_WORDS: the query finds nothing, is corrected and run again), and the time
spent highlighting a full page alone (`_hits`, timed apart on the ten rows the same text finds
without facets). Besides wall-clock latency, the CPU time of the searching thread
(`time.thread_time()`) is reported: on a shared machine it leaves out the time spent waiting for a
core, and the load average at the end of each row says how shared the machine was.

`--baseline-ref` runs the embedded worker on the tree of an older commit (`git archive`, same
interpreter, same generated library), so today's code and the baseline are measured in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = 60
SEED = 20261124

_VOCABULARY_TEXT = """
participación ciudadana vecinos vecinas consejo comunal presupuesto participativo reciclaje residuos
escuela escuelas educación salud atención primaria domicilio personas mayores jóvenes infancia
huertos comunitarios medio ambiente agua potable energía solar alumbrado eficiente transporte
ciclovías seguridad prevención violencia mujeres inclusión discapacidad accesibilidad cultura
biblioteca deporte turismo emprendimiento empleo capacitación feria mercado fomento productivo
gobierno digital trámites ventanilla transparencia datos abiertos planificación territorial plan
regulador vivienda barrio plaza parque áreas verdes arbolado compostaje vidrio papel plástico
emergencia incendios inundaciones riesgo desastres migrantes interculturalidad pueblos originarios
organización territorial junta dirigentes dirigentas liderazgo formación municipal municipio
gestión calidad mejora continua indicadores evaluación resultados sostenibilidad replicabilidad
alianza universidad empresa fundación financiamiento fondo regional proyecto programa oficina
servicio comunidad rural urbano sector población hogares familias estudiantes docentes apoderados
"""
VOCABULARY = _VOCABULARY_TEXT.split()
CATEGORIES = [
    "Participación",
    "Medio ambiente",
    "Salud",
    "Educación",
    "Desarrollo económico",
    "Seguridad",
    "Gobierno digital",
    "Inclusión",
    "Cultura y deporte",
    "Vivienda y barrio",
    "Gestión de riesgos",
    "Transporte",
]
QUERY_WORDS = [
    "reciclaje",
    "participacion",
    "escuelas",
    "huertos comunitarios",
    "salud domicilio",
    "energia solar",
    "jovenes",
    "presupuesto participativo",
    "biblioteca",
    "ciclovias",
]
TYPO_WORDS = [
    "reciclage",
    "partisipacion",
    "escuelaz",
    "huertos comunitaros",
    "salud domisilio",
    "enerjia solar",
    "jovenez",
    "presupuesto partisipativo",
    "bibloteca",
    "ciclobias",
]


def territory():
    data = json.loads((ROOT / "core/data/chile_dpa.json").read_text())
    regions = {region["code"]: region["short_name"] for region in data["regions"]}
    return [(regions[comuna["code"][:2]], comuna["name"]) for comuna in data["comunas"]]


def filler_vocabulary(size=4000, *, seed=SEED):
    """Pseudo-words built from Spanish syllables: the general vocabulary around the domain words."""
    rng = random.Random(seed + 2)
    syllables = [
        "ca",
        "de",
        "la",
        "ri",
        "to",
        "men",
        "pro",
        "ta",
        "ción",
        "gra",
        "sa",
        "lu",
        "ve",
        "mo",
        "es",
        "ni",
        "bar",
        "co",
    ]
    vocabulary = set()
    while len(vocabulary) < size:
        vocabulary.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(vocabulary)


def synthetic_entries(count, *, seed=SEED):
    """Practices whose text mixes a Zipf-distributed general vocabulary (85%), the words of the
    practice's own category (10%) and other domain words (5%), so a domain word such as
    "reciclaje" appears in roughly a tenth of the library, as in a real collection."""
    import datetime as dt

    from search.entries import Entry

    rng = random.Random(seed)
    filler = filler_vocabulary()
    cumulative, running = [], 0.0
    for rank in range(len(filler)):
        running += 1 / (rank + 1)
        cumulative.append(running)
    topics = {category: VOCABULARY[i :: len(CATEGORIES)] for i, category in enumerate(CATEGORIES)}
    places = territory()

    def text(category, count):
        general = iter(rng.choices(filler, cum_weights=cumulative, k=count))
        out = []
        for draw in (rng.random() for _ in range(count)):
            if draw < 0.85:
                out.append(next(general))
            elif draw < 0.95:
                out.append(rng.choice(topics[category]))
            else:
                out.append(rng.choice(VOCABULARY))
        return " ".join(out)

    for page_id in range(1, count + 1):
        region, comuna = rng.choice(places)
        category = rng.choice(CATEGORIES)
        year = rng.randint(2010, 2025)
        title = " ".join(rng.sample(topics[category], 3)) + " en " + comuna
        yield Entry(
            page_id=page_id,
            doc_type="practica",
            title=title.capitalize(),
            url=f"/biblioteca/practica-{page_id}/",
            summary=text(category, 30),
            body=text(category, 220),
            category=category,
            region=region,
            comuna=comuna,
            municipality=f"Municipalidad de {comuna}",
            year=year,
            level=rng.choice(["", "", "", "oro", "plata", "bronce"]),
            date=dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
        )


def query_plan(seed=SEED, words=QUERY_WORDS):
    rng = random.Random(seed + 1)
    places = territory()
    regions = sorted({region for region, _ in places})
    return [
        (rng.choice(words), {"region": (rng.choice(regions),), "category": (rng.choice(CATEGORIES),)})
        for _ in range(QUERIES)
    ]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup_django(database_url, elasticsearch_url="", tree=ROOT):
    os.chdir(tree)
    os.environ["DATABASE_URL"] = database_url
    os.environ["ELASTICSEARCH_URL"] = elasticsearch_url
    os.environ["ELASTICSEARCH_INDEX_PREFIX"] = "bench"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ["LOG_LEVEL"] = "WARNING"
    sys.path.insert(0, str(tree))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def highlight_ms(backend, results, text):
    """Time spent highlighting the shown hits alone, on the rows the search just showed."""
    import inspect

    from search.backends import embedded

    ids = [hit.page_id for hit in results.hits]
    if not ids or not hasattr(backend, "_hits"):
        return None
    rows = backend._fetch(
        f"SELECT {embedded.HIT_COLUMNS} FROM {embedded.TABLE} d WHERE d.page_id IN ({', '.join(['%s'] * len(ids))})",
        ids,
    )
    if "query_clauses" in inspect.signature(backend._hits).parameters:
        argument = backend._clauses(text)  # today's code: clauses with synonyms
    else:
        argument = text  # the baseline took the text
    start = time.perf_counter()
    backend._hits(rows, argument)
    return (time.perf_counter() - start) * 1000


def measure_latency(backend, words=QUERY_WORDS, *, facets=True):
    from search.backends import SearchRequest

    plan = query_plan(words=words)
    if not facets:
        plan = [(text, {}) for text, _filters in plan]  # the first search of a visitor: text only
    if backend.name == "elasticsearch":
        plan = plan[:20]  # the test-double server answers in seconds, not milliseconds
    backend.search(SearchRequest(query=plan[0][0], filters=plan[0][1]))  # warm caches
    times, cpu_times, totals, highlights = [], [], [], []
    for text, filters in plan:
        start, start_cpu = time.perf_counter(), time.thread_time()
        results = backend.search(SearchRequest(query=text, filters=filters, per_page=10))
        cpu_times.append((time.thread_time() - start_cpu) * 1000)
        times.append((time.perf_counter() - start) * 1000)
        totals.append(results.total)
        if backend.name == "embedded" and facets:
            # Highlighting alone, on a full page: the same text without facets gives ten hits.
            full = backend.search(SearchRequest(query=text, per_page=10))
            spent = highlight_ms(backend, full, getattr(full, "corrected_query", "") or text)
            if spent is not None:
                highlights.append(spent)
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "cpu_p50_ms": round(statistics.median(cpu_times), 1),
        "cpu_p95_ms": round(percentile(cpu_times, 0.95), 1),
        "mean_hits": round(statistics.mean(totals), 1),
        "highlight_p50_ms": round(statistics.median(highlights), 2) if highlights else "-",
        "highlight_p95_ms": round(percentile(highlights, 0.95), 2) if highlights else "-",
    }


def worker_backend(kind, size):
    from search.backends import get_embedded_backend

    if kind == "elasticsearch":
        from search.backends.elastic import ElasticsearchBackend

        # A long timeout: the benchmark measures slow answers instead of failing on them.
        backend = ElasticsearchBackend(os.environ["ELASTICSEARCH_URL"], prefix="bench", timeout=120)
    else:
        backend = get_embedded_backend()
    start = time.perf_counter()
    for _entry in synthetic_entries(size):
        pass
    generation = time.perf_counter() - start
    start = time.perf_counter()
    count = backend.rebuild(synthetic_entries(size), chunk_size=1000)
    # Index time excludes generating the synthetic text (measured by the dry pass above).
    elapsed = time.perf_counter() - start - generation
    result = {
        "documents": count,
        "index_s": round(elapsed, 1),
        "docs_per_s": round(count / elapsed),
        "rebuild_rss_mb": round(peak_rss_mb()),
    }
    if os.environ.get("BENCH_NO_QUERIES") != "1":
        result.update(measure_latency(backend))
        if kind != "elasticsearch":
            typo = measure_latency(backend, words=TYPO_WORDS)
            result.update(
                {
                    "typo_p50_ms": typo["p50_ms"],
                    "typo_p95_ms": typo["p95_ms"],
                    "typo_mean_hits": typo["mean_hits"],
                    "typo_cpu_p95_ms": typo["cpu_p95_ms"],
                }
            )
            plain = measure_latency(backend, facets=False)
            result.update(
                {
                    "plain_p50_ms": plain["p50_ms"],
                    "plain_p95_ms": plain["p95_ms"],
                    "plain_cpu_p50_ms": plain["cpu_p50_ms"],
                    "plain_cpu_p95_ms": plain["cpu_p95_ms"],
                    "plain_mean_hits": plain["mean_hits"],
                }
            )
    else:
        result.update({"p50_ms": "-", "p95_ms": "-", "mean_hits": "-"})
    result["peak_rss_mb"] = round(peak_rss_mb())
    if kind == "elasticsearch":
        backend.clear()
    return result


def worker_wagtail(size):
    """Wagtail's own database search over real GoodPracticePage pages: the baseline."""
    from django.db import connection
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from core.models import Category, Municipality
    from portal.models import GoodPracticePage, HomePage, LibraryIndexPage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Bench", slug=f"bench-{SEED}"))
    library = home.add_child(instance=LibraryIndexPage(title="Biblioteca", slug="biblioteca"))
    categories = {
        name: Category.objects.get_or_create(name=name, defaults={"slug": f"bench-{i}"})[0]
        for i, name in enumerate(CATEGORIES)
    }
    municipalities = {m.comuna.name: m for m in Municipality.objects.select_related("comuna__region")}
    start = time.perf_counter()
    for entry in synthetic_entries(size):
        municipality = municipalities.get(entry.comuna)
        if municipality is None:
            continue
        library.add_child(
            instance=GoodPracticePage(
                title=entry.title,
                slug=f"p-{entry.page_id}",
                municipality=municipality,
                category=categories[entry.category],
                year=entry.year,
                summary=entry.summary,
                previous_situation="<p>-</p>",
                objectives="<p>-</p>",
                description=f"<p>{entry.body}</p>",
                results="<p>-</p>",
            )
        )
    elapsed = time.perf_counter() - start
    search_backend = get_search_backend()
    region_municipalities = {}
    for municipality in municipalities.values():
        region_municipalities.setdefault(municipality.comuna.region.short_name, []).append(municipality.pk)
    plan = query_plan()
    times, totals = [], []
    cpu_times = []
    for text, filters in plan:
        region = filters["region"][0]
        start_query, start_cpu = time.perf_counter(), time.thread_time()
        # Region is not a filter field of the model: filter by the region's municipalities, and
        # count one facet the way a developer would, with .facet() on the results.
        base = GoodPracticePage.objects.live().filter(
            category=categories[filters["category"][0]], municipality__in=region_municipalities[region]
        )
        results = search_backend.search(text, base)
        page = list(results[:10])
        total = results.count()
        _ = results.facet("year")
        cpu_times.append((time.thread_time() - start_cpu) * 1000)
        times.append((time.perf_counter() - start_query) * 1000)
        totals.append(total)
        del page
    return {
        "documents": size,
        "index_s": round(elapsed, 1),
        "docs_per_s": round(size / elapsed),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "cpu_p50_ms": round(statistics.median(cpu_times), 1),
        "cpu_p95_ms": round(percentile(cpu_times, 0.95), 1),
        "mean_hits": round(statistics.mean(totals), 1),
        "peak_rss_mb": round(peak_rss_mb()),
        "vendor": connection.vendor,
    }


def run_worker(args):
    setup_django(args.database_url, args.elasticsearch_url or "", Path(args.tree) if args.tree else ROOT)
    result = worker_wagtail(args.size) if args.worker == "wagtail" else worker_backend(args.worker, args.size)
    print("RESULT " + json.dumps(result))


def spawn(worker, size, database_url, elasticsearch_url="", tree=None):
    command = [
        sys.executable,
        __file__,
        "--worker",
        worker,
        "--size",
        str(size),
        "--database-url",
        database_url,
    ]
    if elasticsearch_url:
        command += ["--elasticsearch-url", elasticsearch_url]
    if tree:
        command += ["--tree", str(tree)]
    output = subprocess.run(command, capture_output=True, text=True, check=False)
    for line in output.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(output.stderr[-2000:])


def extract(ref: str) -> Path:
    """The tree of an older commit, to run its embedded backend as the baseline."""
    import tarfile

    target = Path(tempfile.mkdtemp(prefix="bench-search-baseline-"))
    archive = target / "tree.tar"
    subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", "-o", str(archive), ref], check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(target / "tree", filter="data")
    return target / "tree"


def fresh_sqlite():
    path = Path(tempfile.mkdtemp(prefix="bench-search-")) / "db.sqlite3"
    return f"sqlite:///{path}"


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--postgres", help="PostgreSQL URL of an EMPTY database to use (it is migrated)")
    parser.add_argument("--elasticsearch", help="URL of an Elasticsearch-API server")
    parser.add_argument("--elasticsearch-sizes", help="sizes for the Elasticsearch server (default: --sizes)")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--wagtail", type=int, default=0, help="pages for Wagtail's database search baseline")
    parser.add_argument(
        "--no-queries", action="store_true", help="only rebuild (index time and memory), no latency"
    )
    parser.add_argument(
        "--baseline-ref", help="also run the embedded backend of this commit (SQLite) as a baseline"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--elasticsearch-url", help=argparse.SUPPRESS)
    parser.add_argument("--tree", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return run_worker(args)

    if args.no_queries:
        os.environ["BENCH_NO_QUERIES"] = "1"  # inherited by the worker subprocesses
    sizes = [int(size) for size in args.sizes.split(",")]
    es_sizes = [int(size) for size in (args.elasticsearch_sizes or args.sizes).split(",")]
    configurations = (
        [] if args.skip_sqlite else [("embedded (SQLite FTS5)", "embedded", fresh_sqlite, "", sizes, None)]
    )
    if args.baseline_ref:
        configurations.append(
            (
                f"embedded (SQLite FTS5) at {args.baseline_ref}",
                "embedded",
                fresh_sqlite,
                "",
                sizes,
                extract(args.baseline_ref),
            )
        )
    if args.postgres:
        configurations.append(("embedded (PostgreSQL)", "embedded", lambda: args.postgres, "", sizes, None))
    if args.elasticsearch:
        configurations.append(
            ("Elasticsearch API", "elasticsearch", fresh_sqlite, args.elasticsearch, es_sizes, None)
        )
    print(
        "| backend | documents | index time | docs/s | p50 | p95 | CPU p50 / p95 | mean hits "
        "| typo queries p50 / p95 (mean hits), CPU p95 | text only, no facet: p50 / p95, CPU p50 / p95 (mean hits) "
        "| highlighting a page of 10 hits p50 / p95 | peak RSS (after rebuild / end) | load average |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for label, worker, database, es_url, config_sizes, tree in configurations:
        for size in sorted(config_sizes):
            try:
                result = spawn(worker, size, database(), es_url, tree)
            except RuntimeError as exc:
                print(
                    f"| {label} | {size:,} | failed: {str(exc).strip().splitlines()[-1][:150]} |", flush=True
                )
                continue
            typo = (
                f"{result['typo_p50_ms']} / {result['typo_p95_ms']} ms ({result['typo_mean_hits']}), "
                f"{result['typo_cpu_p95_ms']} ms"
                if "typo_p50_ms" in result
                else "-"
            )
            plain = (
                f"{result['plain_p50_ms']} / {result['plain_p95_ms']} ms, {result['plain_cpu_p50_ms']} / "
                f"{result['plain_cpu_p95_ms']} ms ({result['plain_mean_hits']})"
                if "plain_p50_ms" in result
                else "-"
            )
            cpu = f"{result['cpu_p50_ms']} / {result['cpu_p95_ms']} ms" if "cpu_p50_ms" in result else "-"
            highlight = (
                f"{result['highlight_p50_ms']} / {result['highlight_p95_ms']} ms"
                if "highlight_p50_ms" in result
                else "-"
            )
            print(
                f"| {label} | {result['documents']:,} | {result['index_s']} s | {result['docs_per_s']:,} | "
                f"{result['p50_ms']} ms | {result['p95_ms']} ms | {cpu} | {result['mean_hits']} | {typo} | {plain} | {highlight} | "
                f"{result['rebuild_rss_mb']} / {result['peak_rss_mb']} MB | {os.getloadavg()[0]:.1f} |",
                flush=True,
            )
    if args.wagtail:
        databases = [("SQLite", fresh_sqlite())] + ([("PostgreSQL", args.postgres)] if args.postgres else [])
        for label, url in databases:
            try:
                result = spawn("wagtail", args.wagtail, url)
            except RuntimeError as exc:
                print(
                    f"| Wagtail ({label}) | failed: {str(exc).strip().splitlines()[-1][:150]} |", flush=True
                )
                continue
            print(
                f"| Wagtail database search ({label}, baseline) | {result['documents']:,} pages | {result['index_s']} s | "
                f"{result['docs_per_s']:,} | {result['p50_ms']} ms | {result['p95_ms']} ms | "
                f"{result['cpu_p50_ms']} / {result['cpu_p95_ms']} ms | {result['mean_hits']} | - | - | - | "
                f"{result['peak_rss_mb']} MB | {os.getloadavg()[0]:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
