"""Benchmark: quality-diagnostic benchmarks for every municipality of Chile.

345 municipalities × 5 submitted cycles × 12 ámbitos (20,700 results per ámbito row, seeded) in a
fresh SQLite database under /tmp. Measures, side by side in the same run:

- baseline: the straightforward ORM way (for each municipality, its latest diagnostic and then its
  ámbito results: 1 + 2 × 345 queries), then the same quartiles;
- calidad.selectors.compute_benchmarks (two queries, whatever the size), uncached;
- the benchmark page /calidad/diagnosticos/<id>/referencias/?grupo=region rendered through the
  Django test client, uncached (cache cleared before every request) and cached.

Run by hand: ``.venv/bin/python bench/bench_calidad.py``. Target: the page under 200 ms uncached.
"""

import datetime
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

N_CYCLES, RUNS = 5, 15


def setup():
    db = Path(tempfile.mkdtemp(prefix="bench-calidad-")) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    return db


def populate():
    from calidad import instrument_io
    from calidad.models import AreaResult, Diagnostic, DiagnosticStatus, percent
    from core.models import Municipality, Typology

    instrument = instrument_io.install_base_instrument()
    areas = list(instrument.areas.order_by("number"))
    maxima = {a.pk: a.questions.count() * 3 for a in areas}
    rng = random.Random(345)
    municipalities = list(Municipality.objects.all())
    for m in municipalities:
        m.typology = rng.choice(Typology.values)
    Municipality.objects.bulk_update(municipalities, ["typology"])
    diagnostics = []
    for m in municipalities:
        for cycle in range(N_CYCLES):
            diagnostics.append(
                Diagnostic(
                    municipality=m,
                    instrument=instrument,
                    status=DiagnosticStatus.SUBMITTED,
                    held_on=datetime.date(2020 + cycle, 6, 1),
                    total_maximum=234,
                )
            )
    Diagnostic.objects.bulk_create(diagnostics, batch_size=2000)
    results = []
    for d in Diagnostic.objects.only("pk"):
        level = rng.uniform(0.2, 0.9)
        for a in areas:
            obtained = round(maxima[a.pk] * min(1, max(0, level + rng.uniform(-0.2, 0.2))))
            results.append(
                AreaResult(
                    diagnostic_id=d.pk,
                    area_id=a.pk,
                    maximum=maxima[a.pk],
                    obtained=Decimal(obtained),
                    percent=percent(obtained, maxima[a.pk]),
                )
            )
    AreaResult.objects.bulk_create(results, batch_size=5000)
    return len(municipalities), len(diagnostics), len(results)


def baseline():
    """Latest diagnostic per municipality then its results, one municipality at a time."""
    from calidad.models import Diagnostic, DiagnosticStatus
    from calidad.selectors import spread
    from core.models import Municipality

    values = {}
    for m in Municipality.objects.all():
        latest = (
            Diagnostic.objects.filter(municipality=m, status=DiagnosticStatus.SUBMITTED)
            .order_by("-held_on", "-pk")
            .first()
        )
        if latest is None:
            continue
        for code, value in latest.area_results.values_list("area__code", "percent"):
            values.setdefault(code, []).append(value)
    return {code: spread(v) for code, v in values.items()}


def timed(func, runs=RUNS):
    from django.db import connection, reset_queries

    times, queries = [], 0
    for _ in range(runs):
        reset_queries()
        connection.force_debug_cursor = True
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
        queries = len(connection.queries)
        connection.force_debug_cursor = False
    times.sort()
    return (
        statistics.median(times),
        times[int(len(times) * 0.95) - 1] if len(times) > 1 else times[0],
        queries,
    )


def main():
    setup()
    from django.core.cache import cache
    from django.test import Client

    from calidad import selectors
    from calidad.models import Diagnostic
    from core.models import Role, User

    t0 = time.perf_counter()
    n_m, n_d, n_r = populate()
    print(
        f"Datos: {n_m} municipalidades, {n_d} diagnósticos, {n_r} resultados por ámbito ({time.perf_counter() - t0:.1f} s)"
    )

    base = baseline()
    ours = selectors.compute_benchmarks().national
    assert all(base[c] == ours[c] for c in ours), "baseline y calidad difieren"

    la_serena = Diagnostic.objects.filter(municipality__comuna__code="04101").order_by("-held_on").first()
    user = User.objects.create_user(email="bench@demo.cl", password="x", municipality=la_serena.municipality)
    user.add_role(Role.QUALITY_TEAM)
    client = Client()
    client.force_login(user)
    url = f"/calidad/diagnosticos/{la_serena.pk}/referencias/?grupo=region"

    def page_uncached():
        cache.clear()
        response = client.get(url, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200

    def page_cached():
        response = client.get(url, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200

    rows = [
        ("baseline: ORM por municipalidad (N+1) + cuartiles", *timed(baseline)),
        (
            "calidad.selectors.compute_benchmarks (sin caché)",
            *timed(lambda: (cache.clear(), selectors.compute_benchmarks())),
        ),
        ("página de referencias regional (sin caché)", *timed(page_uncached)),
        ("página de referencias regional (con caché)", *timed(page_cached)),
    ]
    print(
        f"\nMáquina: {platform.processor() or platform.machine()}, {os.cpu_count()} núcleos, Python {platform.python_version()}, SQLite"
    )
    print(f"{'medición':55} {'mediana ms':>11} {'p95 ms':>8} {'consultas':>10}")
    for name, median, p95, queries in rows:
        print(f"{name:55} {median:11.1f} {p95:8.1f} {queries:10d}")
    target = rows[2][1] < 200
    print(f"\nObjetivo (página < 200 ms sin caché): {'cumplido' if target else 'NO cumplido'}")
    return 0 if target else 1


if __name__ == "__main__":
    sys.exit(main())
