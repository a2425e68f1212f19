"""Public pages against a bare Django view of the same size (issue 14, points 1 and 2). By hand:

    .venv/bin/python bench/bench_pages.py                  # 10,000 practices, before/after, appends to RESULTS.md
    .venv/bin/python bench/bench_pages.py --recycling      # + the "after" run with workers recycled every 1,000 requests
    .venv/bin/python bench/bench_pages.py --practices 2000 --seconds 3 --no-write   # a quick look

One command builds (once; reused from bench/out/ afterwards, --rebuild to redo) a SQLite library of
N synthetic practices as real Wagtail pages under the demo site (`load_demo_data`), with the search
index and the related practices computed, collects static files, then for each configuration
starts gunicorn with the project's gunicorn.conf.py (2 workers, production settings extended only
by bench/pages_settings.py, DEBUG off) on 127.0.0.1 and drives it with a bounded threaded client
(CLIENTS threads, a fixed time per slice, loopback only).

Configurations: "before" (PAGE_CACHE_ENABLED=false: every page rendered), "after" (the
anonymous full-page cache on), optionally "after, recycling" (GUNICORN_MAX_REQUESTS=1000, the old
default, jitter 0). For each page, the bare view of the same byte size (bench/pages_urls.py) and the
page are measured interleaved, ROUNDS times each, so both see the same load from the machine's
other jobs; the ratio of their req/s is the figure the issue asks for. The load average is read at
each slice and reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable
SEED = 20261130
PAGES = ["home", "library", "library_filtered", "case", "distinction", "municipality", "search"]
LABELS = {
    "home": "inicio `/`",
    "library": "biblioteca, primera página",
    "library_filtered": "biblioteca filtrada (categoría + región)",
    "case": "ficha de una práctica",
    "distinction": "página de una distinción",
    "municipality": "perfil de una municipalidad",
    "search": "búsqueda `?q=participacion`",
}


def base_env(db: Path, *, cache_dir: Path) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.pages_settings",
            "DATABASE_URL": f"sqlite:///{db}",
            "SECRET_KEY": "bench-pages-not-secret",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_ROOT": str(OUT / "pages-static"),
            "MEDIA_ROOT": str(OUT / "pages-media"),
            "PAGE_CACHE_DIR": str(cache_dir),
            "REDIS_URL": "",
            "CELERY_BROKER_URL": "",
            "ELASTICSEARCH_URL": "",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


# -- building the library -------------------------------------------------------------------------

BUILD_SCRIPT = r"""
import json, random, sys, time, datetime as dt
import django
django.setup()
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

count, seed, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
t0 = time.time()
call_command("migrate", verbosity=0)
call_command("load_demo_data", verbosity=0)
print(f"demo cargada en {time.time() - t0:.0f} s", flush=True)

sys.path.insert(0, "bench")
from bench_search import synthetic_entries
from core.models import Category, Comuna, Municipality
from portal.models import GoodPracticePage, LibraryIndexPage, DistinctionPage
from portal import precomputed
from search import services as search_services
from search.backends import get_embedded_backend

library = LibraryIndexPage.objects.get()
categories = {}
municipalities = {m.comuna.name: m for m in Municipality.objects.select_related("comuna")}
comunas = {c.name: c for c in Comuna.objects.all()}
existing = GoodPracticePage.objects.count()
t1 = time.time()
now = timezone.now()
batch = 0
with transaction.atomic():
    for n, entry in enumerate(synthetic_entries(count, seed=seed)):
        category = categories.get(entry.category)
        if category is None:
            category, _ = Category.objects.get_or_create(name=entry.category, defaults={"slug": slugify(entry.category)})
            categories[entry.category] = category
        municipality = municipalities.get(entry.comuna)
        if municipality is None:
            comuna = comunas[entry.comuna]
            municipality = Municipality.objects.create(comuna=comuna, name=f"Municipalidad de {comuna.name}", slug=slugify(f"{comuna.name}-{comuna.code}"))
            municipalities[entry.comuna] = municipality
        body = entry.body.split()
        paragraphs = ["<p>" + " ".join(body[i:i + 55]) + "</p>" for i in range(0, len(body), 55)]
        page = GoodPracticePage(
            title=entry.title[:250], slug=f"practica-bench-{n + 1}", municipality=municipality, category=category,
            year=entry.year, summary=entry.summary[:800], previous_situation=paragraphs[0],
            objectives=paragraphs[1] if len(paragraphs) > 1 else "", description="".join(paragraphs[2:]) or paragraphs[0],
            results=paragraphs[-1], live=True, first_published_at=now - dt.timedelta(minutes=n), last_published_at=now,
        )
        library.add_child(instance=page)
        if (n + 1) % 1000 == 0:
            print(f"  {n + 1} prácticas ({time.time() - t1:.0f} s)", flush=True)
print(f"{count} prácticas creadas en {time.time() - t1:.0f} s", flush=True)
t2 = time.time()
documents = search_services.rebuild(get_embedded_backend())
print(f"índice de búsqueda: {documents} documentos en {time.time() - t2:.0f} s", flush=True)
t3 = time.time()
related = precomputed.refresh_all_related()
print(f"relacionadas: {related} prácticas en {time.time() - t3:.0f} s", flush=True)

rng = random.Random(seed)
practice = GoodPracticePage.objects.live().filter(slug__startswith="practica-bench-").order_by("pk")[count // 2]
top = (GoodPracticePage.objects.live().values("municipality__slug", "municipality__comuna__region__code", "category__slug")
       .order_by("municipality__slug"))
from django.db.models import Count
busiest = (GoodPracticePage.objects.live().values("municipality__slug").annotate(n=Count("pk")).order_by("-n", "municipality__slug").first())
sample = GoodPracticePage.objects.live().select_related("category", "municipality__comuna__region").order_by("pk")[count // 3]
distinction = DistinctionPage.objects.live().order_by("pk").first()
from portal.models import MunicipalityIndexPage
municipality_index = MunicipalityIndexPage.objects.get()
urls = {
    "home": "/",
    "library": library.url,
    "library_filtered": f"{library.url}?categoria={sample.category.slug}&region={sample.municipality.comuna.region.code}",
    "case": practice.url,
    "distinction": distinction.url,
    "municipality": f"{municipality_index.url}{busiest['municipality__slug']}/",
    "search": "/buscar/?q=participacion",
}
json.dump({"practices": GoodPracticePage.objects.live().count(), "urls": urls}, open(out, "w"), indent=2)
print(json.dumps(urls, indent=2), flush=True)
"""


def build(db: Path, count: int, meta: Path, env: dict) -> None:
    for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), meta):
        path.unlink(missing_ok=True)
    print(f"Construyendo la biblioteca de {count} prácticas en {db} (una vez)…", flush=True)
    subprocess.run(
        [PYTHON, "-c", BUILD_SCRIPT, str(count), str(SEED), str(meta)], cwd=ROOT, env=env, check=True
    )


def collectstatic(env: dict) -> None:
    manifest = Path(env["STATIC_ROOT"]) / "staticfiles.json"
    if not manifest.exists():
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )


# -- the server -----------------------------------------------------------------------------------


class Server:
    def __init__(self, env: dict, port: int, *, cache: bool, recycle: int = 0):
        self.port = port
        self.env = dict(env)
        self.env.update(
            {
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_WORKERS": "2",
                "GUNICORN_LOG_LEVEL": "warning",
                "PAGE_CACHE_ENABLED": "true" if cache else "false",
                "GUNICORN_MAX_REQUESTS": str(recycle),
                "GUNICORN_MAX_REQUESTS_JITTER": "0",
            }
        )
        self.log = open(OUT / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = None

    def start(self) -> None:
        shutil.rmtree(self.env["PAGE_CACHE_DIR"], ignore_errors=True)
        self.process = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                status, _ = fetch(self.port, "/healthz/live")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn no respondió en el puerto {self.port}; ver {self.log.name}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def fetch(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# -- the load -------------------------------------------------------------------------------------


def drive(port: int, path: str, *, seconds: float, clients: int, max_requests: int = 20000) -> dict:
    """CLIENTS threads request `path` until `seconds` pass or `max_requests` are done."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds
    done = [0]

    def worker():
        local = []
        while time.perf_counter() < stop_at:
            with lock:
                if done[0] >= max_requests:
                    break
                done[0] += 1
            start = time.perf_counter()
            try:
                status, _ = fetch(port, path)
            except OSError:
                status = 0
            if status != 200:
                with lock:
                    errors[0] += 1
            local.append(time.perf_counter() - start)
        with lock:
            latencies.extend(local)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"count": len(latencies), "elapsed": elapsed, "latencies": latencies, "errors": errors[0]}


def summarise(slices: list[dict]) -> dict:
    latencies = sorted(value for piece in slices for value in piece["latencies"])
    count = len(latencies)
    elapsed = sum(piece["elapsed"] for piece in slices)
    if not latencies:
        return {"rps": 0.0, "p50": 0.0, "p95": 0.0, "count": 0, "errors": sum(p["errors"] for p in slices)}
    return {
        "rps": count / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[min(count - 1, int(0.95 * (count - 1)))] * 1000,
        "count": count,
        "errors": sum(piece["errors"] for piece in slices),
    }


def measure(server: Server, urls: dict, args) -> dict:
    rows = {}
    for name in args.pages:
        path = urls[name]
        status, body = fetch(server.port, path)
        if status != 200:
            raise SystemExit(f"{name} {path}: HTTP {status}")
        size = len(body)
        bare = f"/__bench__/bare/{size}/"
        fetch(server.port, bare)
        page_slices, bare_slices, loads = [], [], []
        order = [("bare", bare, bare_slices), ("page", path, page_slices)]
        for round_number in range(args.rounds):
            # Alternate which goes first, so neither always gets the warmer (or busier) moment.
            for _kind, target, slices in order if round_number % 2 == 0 else order[::-1]:
                slices.append(drive(server.port, target, seconds=args.seconds, clients=args.clients))
                loads.append(os.getloadavg()[0])
        page, baseline = summarise(page_slices), summarise(bare_slices)
        rows[name] = {
            "path": path,
            "bytes": size,
            "page": page,
            "bare": baseline,
            "ratio": page["rps"] / baseline["rps"] if baseline["rps"] else 0.0,
            "load": (min(loads), max(loads)),
        }
        print(f"  {name:<17} {size:>7} B  página {page['rps']:7.1f}/s p50 {page['p50']:6.1f} p95 {page['p95']:7.1f} ms"
              f" | base {baseline['rps']:7.1f}/s p95 {baseline['p95']:6.1f} ms | {rows[name]['ratio'] * 100:5.1f} %"
              f" | carga {min(loads):.1f}–{max(loads):.1f}" + (f" | errores {page['errors'] + baseline['errors']}" if page["errors"] + baseline["errors"] else ""),
              flush=True)  # fmt: skip
    return rows


# -- report ---------------------------------------------------------------------------------------


def machine() -> str:
    model, cores = platform.processor() or "?", os.cpu_count()
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        for line in lscpu.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
            elif line.startswith("CPU(s):"):
                cores = int(line.split(":", 1)[1])
    except (OSError, subprocess.CalledProcessError):
        pass
    return f'{cores} CPUs, "{model}" (`lscpu`), Python {platform.python_version()}'


def report(results: dict, meta: dict, args, started: str) -> str:
    lines = [
        f"### Páginas públicas frente a una vista Django mínima del mismo tamaño (`bench/bench_pages.py`), {started}",
        "",
        f"Medido {started} en: {machine()}. {meta['practices']:,} prácticas publicadas (páginas Wagtail reales sobre"
        f" la demo), SQLite, gunicorn con `gunicorn.conf.py` (2 procesos sync, settings de producción + solo las URLs"
        f" del benchmark, DEBUG off), cliente de {args.clients} hilos en 127.0.0.1; por página {args.rounds} tramos de"
        f" {args.seconds:g} s de la página intercalados con {args.rounds} de la vista mínima del mismo número de bytes."
        f" Máquina compartida con otros trabajos: la columna «carga» es el load average (1 min) durante la fila.",
        "",
        "| configuración | página | bytes | req/s página | p50 / p95 página | req/s base | p50 / p95 base | página / base | carga |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for config, rows in results.items():
        for name, row in rows.items():
            page, bare = row["page"], row["bare"]
            lines.append(
                f"| {config} | {LABELS[name]} | {row['bytes']:,} | {page['rps']:.1f} | {page['p50']:.1f} / {page['p95']:.1f} ms"
                f" | {bare['rps']:.1f} | {bare['p50']:.1f} / {bare['p95']:.1f} ms | **{row['ratio'] * 100:.0f} %**"
                f" | {row['load'][0]:.1f}–{row['load'][1]:.1f} |"
            )
    lines += [
        "",
        "Rutas: "
        + ", ".join(f"{name} `{row['path']}`" for name, row in next(iter(results.values())).items()),
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--practices", type=int, default=10000)
    parser.add_argument("--rebuild", action="store_true", help="build the library again")
    parser.add_argument("--port", type=int, default=8111)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=4.0, help="length of one measured slice")
    parser.add_argument("--rounds", type=int, default=3, help="slices per page and per baseline")
    parser.add_argument("--pages", nargs="+", default=PAGES, choices=PAGES)
    parser.add_argument(
        "--configs", nargs="+", default=["before", "after"], choices=["before", "after", "after-recycling"]
    )
    parser.add_argument("--recycling", action="store_true", help='adds "after-recycling" (max_requests 1000)')
    parser.add_argument("--no-write", action="store_true", help="do not append to bench/RESULTS.md")
    args = parser.parse_args()
    if args.recycling and "after-recycling" not in args.configs:
        args.configs.append("after-recycling")

    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"pages-{args.practices}.sqlite3"
    meta_path = OUT / f"pages-{args.practices}.json"
    env = base_env(db, cache_dir=OUT / f"pages-cache-{args.practices}")
    if args.rebuild or not meta_path.exists():
        build(db, args.practices, meta_path, env)
    collectstatic(env)
    meta = json.loads(meta_path.read_text())
    random.seed(SEED)
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    results = {}
    for config in args.configs:
        label = {"before": "antes (sin caché de páginas)", "after": "después (caché de páginas)",
                 "after-recycling": "después, reciclando cada 1.000 peticiones"}[config]  # fmt: skip
        print(f"{label}:", flush=True)
        server = Server(
            env, args.port, cache=config != "before", recycle=1000 if config == "after-recycling" else 0
        )
        server.start()
        try:
            results[label] = measure(server, meta["urls"], args)
        finally:
            server.stop()
    text = report(results, meta, args, started)
    print()
    print(text)
    if not args.no_write:
        with open(ROOT / "bench" / "RESULTS.md", "a") as handle:
            handle.write("\n" + text)
        print("Añadido a bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
