"""Health checks for load balancers: database, broker, search server."""

import time

from django.conf import settings
from django.db import connection


def _timed(check):
    start = time.perf_counter()
    try:
        detail = check()
        ok = True
    except Exception as exc:  # noqa: BLE001 - a health check reports every failure
        detail, ok = f"{type(exc).__name__}: {exc}", False
    return {"ok": ok, "detail": detail, "ms": round((time.perf_counter() - start) * 1000, 1)}


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def check_broker():
    if not settings.CELERY_BROKER_URL:
        return "eager (sin broker)"
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1)
    client.ping()
    return "redis"


def check_search():
    from search.backends import get_backend

    backend = get_backend()
    backend.ping()
    return backend.name


def check_all():
    return {
        "database": _timed(check_database),
        "broker": _timed(check_broker),
        "search": _timed(check_search),
    }
