"""Health checks for load balancers: database, broker, search server.

Each check returns ``{"ok", "required", "detail", "ms"}``. ``/healthz`` answers 200 when every
*required* check is ok and 503 otherwise. The database is always required; the broker only when
one is configured (CELERY_BROKER_URL; otherwise tasks run eagerly in-process); the search server
always, except that a missing search module with no ELASTICSEARCH_URL is reported as "no
configurado" without failing the check (the embedded engine is in-process).
"""

import time

from django.conf import settings
from django.db import connection

# A load balancer polls often; a dead dependency must not hold the request for long.
TIMEOUT_SECONDS = 2


class NotConfigured(Exception):
    """The component is not installed or not configured (reported, not fatal unless required)."""


def _timed(check, *, required: bool, optional_if_not_configured: bool = False):
    start = time.perf_counter()
    try:
        detail = check()
        ok = True
    except NotConfigured as exc:
        detail, ok = f"no configurado: {exc}"[:300], False
        required = required and not optional_if_not_configured
    except Exception as exc:  # noqa: BLE001 - a health check reports every failure
        detail, ok = f"{type(exc).__name__}: {exc}"[:300], False
    return {
        "ok": ok,
        "required": required,
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

        client = redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS)
        try:
            client.ping()
        finally:
            client.close()
        return "redis"
    # Any other transport: let kombu open (and close) one connection.
    from portal.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=TIMEOUT_SECONDS)
        return conn.transport_cls


def check_search():
    try:
        from search.backends import get_backend
    except ImportError as exc:
        raise NotConfigured(f"search.backends no disponible ({exc})") from exc
    backend = get_backend()
    backend.ping()
    return getattr(backend, "name", type(backend).__name__)


def broker_required() -> bool:
    return bool(settings.CELERY_BROKER_URL)


def check_all():
    return {
        "database": _timed(check_database, required=True),
        "broker": _timed(check_broker, required=broker_required()),
        "search": _timed(
            check_search,
            required=True,
            optional_if_not_configured=not getattr(settings, "ELASTICSEARCH_URL", ""),
        ),
    }
