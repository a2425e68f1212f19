"""Health checks for load balancers and orchestrators: liveness and readiness.

- ``/healthz/live`` (liveness): the process answers; no dependency is checked, so a database outage
  never makes an orchestrator restart healthy web processes.
- ``/healthz`` and ``/healthz/ready`` (readiness): database, broker and search server. Each check
  returns ``{"ok", "required", "detail", "ms"}``; the answer's ``status`` is

  * ``"ok"`` (200) when everything answers,
  * ``"degraded"`` (200) when only the broker or the search server is down: the site is built to run
    without them (tasks wait in the outbox, searches use the embedded index), so a load balancer
    must keep the node,
  * ``"fail"`` (503) when a *required* check fails: only the database is required.
"""

import time

from django.conf import settings
from django.db import connection

from portal.celery import app
from search.backends import get_backend

# A load balancer polls often; a dead dependency must not hold the request for long.
TIMEOUT_SECONDS = 2


class NotConfigured(Exception):
    """The component is not installed or not configured (reported, not fatal unless required)."""


def _timed(check, *, required: bool, optional_if_not_configured: bool = False):
    start = time.perf_counter()
    expected = True  # a failure of a component that is not in use does not degrade anything
    try:
        detail = check()
        ok = True
    except NotConfigured as exc:
        detail, ok = f"no configurado: {exc}"[:300], False
        required = required and not optional_if_not_configured
        expected = not optional_if_not_configured
    except Exception as exc:  # noqa: BLE001 - a health check reports every failure
        detail, ok = f"{type(exc).__name__}: {exc}"[:300], False
    return {
        "ok": ok,
        "required": required,
        "expected": expected,
        "detail": detail,
        "ms": round((time.perf_counter() - start) * 1000, 1),
    }


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def check_broker():
    url = settings.CELERY_BROKER_URL
    if not url:
        return "eager (sin broker)"
    if url.startswith(("redis://", "rediss://", "unix://")):
        import redis

        client = redis.Redis.from_url(
            url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
        )
        try:
            client.ping()
        finally:
            client.close()
        return "redis"
    # Any other transport: let kombu open (and close) one connection.
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=TIMEOUT_SECONDS)
        return conn.transport_cls


def check_search():
    backend = get_backend()
    backend.ping()
    return getattr(backend, "name", type(backend).__name__)


def check_all():
    # Only the database is required: without a broker tasks wait in the outbox (PendingTask), without
    # the search server searches use the embedded index.
    return {
        "database": _timed(check_database, required=True),
        "broker": _timed(check_broker, required=False),
        "search": _timed(
            check_search,
            required=False,
            optional_if_not_configured=not getattr(settings, "ELASTICSEARCH_URL", ""),
        ),
    }


def status_of(report: dict) -> tuple[str, int]:
    """("ok" | "degraded" | "fail", HTTP status) of a check_all() report."""
    if any(not item["ok"] for item in report.values() if item["required"]):
        return "fail", 503
    if any(not item["ok"] and item.get("expected", True) for item in report.values()):
        return "degraded", 200
    return "ok", 200
