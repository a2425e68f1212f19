"""Load test: N simultaneous users against a running portal (runserver or gunicorn), by hand.

    .venv/bin/python bench/load_test.py --base-url http://127.0.0.1:8150 --users 50 --rounds 6

Most users read public pages (home, library, a practice, search, the comunas API, the sitemap);
one in five is a demo applicant who logs in and saves the text of one of their municipality's drafts
again and again (a transaction that reads the draft, then writes it: on SQLite, the case that used
to end in "database is locked"). Concurrent saves of the same draft are refused as edit conflicts
(a redirect, kept as a conflict copy): that is the expected answer, not an error.

Counts every answer by status; an error is any 5xx or a connection failure. Exit status 1 if any.
Prints p50/p95/max latency per kind of request. Needs the demo data (`make demo`).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict

import requests

APPLICANTS = ["postulante.laserena@demo.cl", "postulante2.laserena@demo.cl", "postulante.valdivia@demo.cl"]
PASSWORD = "demo-portal-2026"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.status = Counter()
        self.latency = defaultdict(list)
        self.errors = []

    def record(self, kind, response=None, elapsed=0.0, error=None):
        with self.lock:
            if error is not None:
                self.status["exception"] += 1
                self.errors.append(f"{kind}: {error}")
                return
            self.status[response.status_code] += 1
            self.latency[kind].append(elapsed)
            if response.status_code >= 500:
                self.errors.append(f"{kind}: {response.status_code} {response.url}")


def timed(stats, session, kind, method, url, **kwargs):
    start = time.perf_counter()
    try:
        response = session.request(method, url, timeout=60, allow_redirects=False, **kwargs)
    except requests.RequestException as exc:
        stats.record(kind, error=exc)
        return None
    stats.record(kind, response, time.perf_counter() - start)
    return response


def reader(base, stats, rounds, practice_urls, barrier):
    session = requests.Session()
    barrier.wait()
    for n in range(rounds):
        timed(stats, session, "home", "GET", base + "/")
        timed(stats, session, "library", "GET", base + "/biblioteca/")
        if practice_urls:
            timed(stats, session, "practice", "GET", base + practice_urls[n % len(practice_urls)])
        timed(
            stats,
            session,
            "search",
            "GET",
            base + "/buscar/",
            params={"q": ["reciclaje", "salud", "agua"][n % 3]},
        )
        timed(stats, session, "comunas", "GET", base + "/api/territorio/comunas/")
        timed(stats, session, "sitemap", "GET", base + "/sitemap.xml")


def writer(base, stats, rounds, email, number, barrier):
    session = requests.Session()
    page = session.get(base + "/cuenta/ingresar/", timeout=60)
    token = CSRF.search(page.text).group(1)
    response = timed(
        stats, session, "login", "POST", base + "/cuenta/ingresar/",
        data={"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": base + "/cuenta/ingresar/"},
    )  # fmt: skip
    if response is None or response.status_code != 302:
        stats.record("login", error=f"no pudo ingresar {email}: {getattr(response, 'status_code', None)}")
        return
    dashboard = session.get(base + "/convocatorias/mis-postulaciones/", timeout=60).text
    codes = [
        code
        for code in sorted(set(re.findall(r'href="/convocatorias/postulacion/([^/"]+)/"', dashboard)))
        if 'name="save"' in session.get(f"{base}/convocatorias/postulacion/{code}/", timeout=60).text
    ]  # drafts only: submitted entries are read-only
    barrier.wait()
    if not codes:
        stats.record("save", error=f"{email} no tiene borradores")
        return
    for n in range(rounds):
        code = codes[(number + n) % len(codes)]
        url = f"{base}/convocatorias/postulacion/{code}/"
        form = timed(stats, session, "draft", "GET", url)
        if form is None or form.status_code != 200:
            continue
        fields = dict(re.findall(r'<input[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"', form.text))
        text = re.search(r'<textarea[^>]*name="summary"[^>]*>(.*?)</textarea>', form.text, re.S)
        data = {
            "csrfmiddlewaretoken": CSRF.search(form.text).group(1),
            "version": fields.get("version", "1"),
            "title": re.search(r'name="title"[^>]*value="([^"]*)"', form.text).group(1),
            "summary": (text.group(1) if text else "") + f" [carga {number}-{n}]",
            "save": "1",
        }
        timed(stats, session, "save", "POST", url, data=data, headers={"Referer": url})


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", default="http://127.0.0.1:8150")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    base = args.base_url.rstrip("/")

    library = requests.get(base + "/biblioteca/", timeout=60).text
    practice_urls = sorted(set(re.findall(r'href="(/biblioteca/[a-z0-9-]+/)"', library)))[:10]

    writers = max(1, args.users // 5)
    stats = Stats()
    barrier = threading.Barrier(args.users)
    threads = [
        threading.Thread(target=writer, args=(base, stats, args.rounds, APPLICANTS[n % len(APPLICANTS)], n, barrier))
        for n in range(writers)
    ] + [
        threading.Thread(target=reader, args=(base, stats, args.rounds, practice_urls, barrier))
        for _ in range(args.users - writers)
    ]  # fmt: skip
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start

    total = sum(stats.status.values())
    print(f"{args.users} usuarios simultáneos ({writers} escribiendo), {total} peticiones en {elapsed:.1f} s "
          f"({total / elapsed:.1f}/s)")  # fmt: skip
    print("respuestas:", dict(sorted(stats.status.items(), key=str)))
    print(f"{'tipo':<10} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'máx ms':>8}")
    for kind, values in sorted(stats.latency.items()):
        values.sort()
        p95 = values[max(0, int(len(values) * 0.95) - 1)]
        print(
            f"{kind:<10} {len(values):>5} {statistics.median(values) * 1000:>8.0f} {p95 * 1000:>8.0f} {values[-1] * 1000:>8.0f}"
        )
    for error in stats.errors[:20]:
        print("ERROR", error)
    return 1 if stats.errors else 0


if __name__ == "__main__":
    sys.exit(main())
