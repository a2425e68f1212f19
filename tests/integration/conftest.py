"""Fixtures for tests that run real processes: a Celery worker, a closed broker, a Chromium browser.

- ``celery_config(**conf)`` switches the in-process Celery app (eager or not, broker URL) for one
  test and restores it; the producer pool is reset so the new broker is really used.
- ``celery_worker`` starts ``celery -A portal worker --pool=solo`` as a subprocess on the test
  database and the broker of CELERY_BROKER_URL, listening on a queue of its own.
- ``browser_page`` + ``screenshot`` drive Debian's Chromium through Playwright against
  pytest-django's ``live_server``. Without Chromium the browser tests are skipped locally and fail
  in CI (CI=true).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import override_settings

from portal.celery import app as celery_app

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "e2e"
IN_CI = os.environ.get("CI") == "true"

# A worker in another process cannot see SQLite's in-memory test database: when a broker is
# available (so the worker tests will run) give the SQLite test database a file. PostgreSQL (the CI
# case) needs nothing: the worker simply connects to test_<name>.
if os.environ.get("CELERY_BROKER_URL"):
    _default_db = django_settings.DATABASES["default"]
    if _default_db["ENGINE"].endswith("sqlite3") and not (_default_db.get("TEST") or {}).get("NAME"):
        _default_db.setdefault("TEST", {})["NAME"] = str(
            Path(tempfile.gettempdir()) / f"portal-test-{os.getpid()}.sqlite3"
        )


@pytest.fixture(scope="session", autouse=True)
def _static_files_without_collectstatic():
    """Serve static files from the source folders (no collectstatic in tests).

    Without it whitenoise warns "No directory at STATIC_ROOT" (warnings are errors) when the client
    or the live server loads the middleware on a fresh checkout.
    """
    with override_settings(WHITENOISE_AUTOREFRESH=True, WHITENOISE_USE_FINDERS=True):
        yield


def closed_port_url() -> str:
    """A redis:// URL on a loopback port nobody listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def _forget_producer_pool():
    # The app caches its connection and producer pools for the first broker URL it saw; drop them
    # (as Celery itself does after a fork) so the next publish connects to the configured broker.
    celery_app._pool = None
    amqp = celery_app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@contextlib.contextmanager
def _celery_conf(**changes):
    conf = celery_app.conf
    if "broker_url" in changes:
        # Celery prefers the CELERY_BROKER_URL environment variable over its configuration; the
        # read/write URLs are looked up before it, so setting them really redirects publishing.
        changes.setdefault("broker_read_url", changes["broker_url"])
        changes.setdefault("broker_write_url", changes["broker_url"])
    previous = {key: conf.get(key) for key in changes}
    _forget_producer_pool()
    conf.update(changes)
    try:
        yield conf
    finally:
        _forget_producer_pool()
        conf.update(previous)


@pytest.fixture
def celery_config():
    """``with celery_config(broker_url=..., task_always_eager=False): ...``"""
    return _celery_conf


@pytest.fixture
def broker_down(settings):
    """The broker is configured but nothing answers: publishing fails fast."""
    url = closed_port_url()
    settings.CELERY_BROKER_URL = url
    with _celery_conf(broker_url=url, task_always_eager=False):
        yield url


@pytest.fixture
def real_broker(settings):
    """The broker of CELERY_BROKER_URL, with the in-process app publishing to it (not eager)."""
    url = os.environ["CELERY_BROKER_URL"]
    settings.CELERY_BROKER_URL = url
    with _celery_conf(broker_url=url, task_always_eager=False):
        yield url


def database_url_for_subprocess() -> str:
    """DATABASE_URL of the database this test uses (the test database, already created)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        name = str(db["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            pytest.fail("La base de pruebas SQLite está en memoria: otro proceso no puede verla")
        return f"sqlite:///{name}"
    if "postgresql" in db["ENGINE"]:
        credentials = quote(db["USER"] or "", safe="")
        if db.get("PASSWORD"):
            credentials += ":" + quote(db["PASSWORD"], safe="")
        host = db.get("HOST") or "127.0.0.1"
        port = db.get("PORT") or 5432
        return f"postgres://{credentials}@{host}:{port}/{db['NAME']}"
    pytest.fail(f"Motor de base de datos no soportado en la prueba de worker: {db['ENGINE']}")


@dataclass
class WorkerProcess:
    process: subprocess.Popen
    log_path: Path
    queue: str
    env: dict = field(default_factory=dict)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, pattern: str, *, count: int = 1, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log()
            if len(re.findall(pattern, text)) >= count:
                return text
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        pytest.fail(
            f"El worker no registró {pattern!r} ×{count} en {timeout:.0f} s. Log:\n{self.log()[-4000:]}"
        )


@pytest.fixture
def celery_worker(transactional_db, real_broker, tmp_path):
    """A real Celery worker process (solo pool) on the test database, consuming its own queue."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    log_path = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": database_url_for_subprocess(),
        "CELERY_BROKER_URL": real_broker,
        "PYTHONUNBUFFERED": "1",
        "LOG_LEVEL": "INFO",
    }
    command = [
        sys.executable, "-m", "celery", "-A", "portal", "worker",
        "--pool=solo", "-l", "info", "-Q", queue, "-n", f"{queue}@%h",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
    worker = WorkerProcess(process=process, log_path=log_path, queue=queue, env=env)
    try:
        worker.wait_for_log(r"ready\.", timeout=90)
        yield worker
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        # Its database connections are gone: pytest-django can now flush or drop the test database.


# --- Browser (Playwright + Debian's Chromium) -------------------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-dev-shm-usage",
]


def _chromium_executable() -> str | None:
    path = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
    return path if (os.path.isfile(path) and os.access(path, os.X_OK)) or shutil.which(path) else None


# Function scope on purpose: while Playwright's sync API runs, an asyncio loop runs in this
# thread and Django hands out context-local connection objects, which lack the copy of the
# migrations' data that pytest-django's serialized_rollback restores. Starting the browser after
# the database fixture (autouse, so first) and stopping it before its teardown keeps that intact.
@pytest.fixture
def chromium(django_db_blocker):
    executable = _chromium_executable()
    if executable is None:
        message = "Chromium no está instalado (apt-get install chromium) o PLAYWRIGHT_CHROMIUM_EXECUTABLE es incorrecto"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if IN_CI:
            pytest.fail("playwright no está instalado")
        pytest.skip("playwright no está instalado")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
    # browser steps are still plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()
            with django_db_blocker.unblock():
                # Connections opened inside the loop's context would keep the test database busy.
                from django.db import connections

                connections.close_all()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_context(chromium):
    context = chromium.new_context(
        locale="es-CL", timezone_id="America/Santiago", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    return browser_context.new_page()


@pytest.fixture
def screenshot(request, page):
    """``screenshot("03-submitted")`` saves test-artifacts/e2e/<test>/<nn>-<name>.png (full page)."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    counter = {"n": 0}

    def take(name: str, target=None) -> Path:
        counter["n"] += 1
        safe_name = re.sub(r"[^\w.-]+", "_", name)
        path = folder / f"{counter['n']:02d}-{safe_name}.png"
        (target or page).screenshot(path=str(path), full_page=True)
        return path

    return take
