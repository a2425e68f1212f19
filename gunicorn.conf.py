"""Gunicorn settings for production, read from the environment (see docs/deploy.md).

Run with:  gunicorn -c gunicorn.conf.py
Every log line (access and error) is one JSON object on stdout/stderr, ready for the log collector.

This file deliberately imports nothing from the project: importing `portal` would load the Celery
app, which defaults DJANGO_SETTINGS_MODULE to the development settings.
"""

import contextlib
import json
import logging
import os
from datetime import UTC, datetime

from gunicorn.glogging import Logger


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cpu_count() -> int:
    # CPUs this process may actually use (a container limited by cpuset sees fewer than the host).
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


wsgi_app = "portal.wsgi:application"
# Set here, before the app is imported: importing the `portal` package loads portal/celery.py, whose
# own default is the development settings, so portal/wsgi.py's default alone is not enough.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

# GUNICORN_BIND wins (e.g. "127.0.0.1:8000" behind nginx, "unix:/run/portal/gunicorn.sock");
# otherwise PORT (container platforms) on every interface; otherwise loopback only.
if os.environ.get("GUNICORN_BIND"):
    bind = [address.strip() for address in os.environ["GUNICORN_BIND"].split(",") if address.strip()]
elif os.environ.get("PORT"):
    bind = [f"0.0.0.0:{_env_int('PORT', 8000)}"]
else:
    bind = ["127.0.0.1:8000"]

workers = _env_int("GUNICORN_WORKERS", _env_int("WEB_CONCURRENCY", 2 * _cpu_count() + 1))
threads = _env_int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# A request that takes longer than this is killed; report exports run in Celery, not in requests.
timeout = _env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)
# Worker recycling is off by default: restarting a worker under load costs a cold start (imports,
# first queries) while the other workers take its share, which pushed p95 of every page up
# (bench/bench_pages.py --recycling, figures in bench/RESULTS.md and docs/deploy.md). To bound a
# slow leak set GUNICORN_MAX_REQUESTS (e.g. 5000); the jitter (default a quarter of it) spreads
# the restarts so that two workers never restart together.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 4)
# The heartbeat file on a RAM disk: on an overlay filesystem (Docker) a disk write can stall workers.
# Only gunicorn's own heartbeat file goes there (its documented setting), no shared temporary data.
RAM_DISK = "/dev/shm"  # noqa: S108 - see the line above
if os.path.isdir(RAM_DISK):
    worker_tmp_dir = RAM_DISK
# Proxies whose X-Forwarded-* headers are trusted (the reverse proxy in front of gunicorn).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# gunicorn's runtime control socket (gunicornc) is not used; it would need a writable $HOME.
control_socket_disable = os.environ.get("GUNICORN_CONTROL_SOCKET", "") != "1"

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
capture_output = True
proc_name = "portal"


def _json_line(level: str, logger: str, message: str, **fields) -> str:
    payload = {
        "ts": datetime.now(UTC).isoformat(),
        "level": level,
        "logger": logger,
        "message": message,
    }
    payload.update({key: value for key, value in fields.items() if value not in (None, "", "-")})
    return json.dumps(payload, ensure_ascii=False)


class _JsonErrorFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        extra = {"pid": record.process}
        if record.exc_info:
            extra["exc"] = self.formatException(record.exc_info)
        return _json_line(record.levelname, record.name, record.getMessage(), **extra)


class JsonLogger(Logger):
    """Gunicorn logger that writes one JSON object per line, the same shape as the Django logs."""

    # Load balancers poll /healthz every few seconds; successful probes are not worth a line each.
    quiet_paths = frozenset(
        path.strip()
        for path in os.environ.get("GUNICORN_QUIET_PATHS", "/healthz,/healthz/live,/healthz/ready").split(",")
        if path.strip()
    )

    def setup(self, cfg):
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.setFormatter(_JsonErrorFormatter())
        for handler in self.access_log.handlers:
            handler.setFormatter(logging.Formatter("%(message)s"))

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        with contextlib.suppress(TypeError, ValueError):
            status = int(status)
        path = environ.get("PATH_INFO", "")
        if path in self.quiet_paths and isinstance(status, int) and status < 400:
            return
        duration_ms = round(request_time.seconds * 1000 + request_time.microseconds / 1000, 1)
        try:
            self.access_log.info(
                _json_line(
                    "INFO",
                    "gunicorn.access",
                    f"{environ.get('REQUEST_METHOD')} {path} {status}",
                    method=environ.get("REQUEST_METHOD"),
                    path=path,
                    query=environ.get("QUERY_STRING"),
                    status=status,
                    bytes=getattr(resp, "sent", None),
                    duration_ms=duration_ms,
                    remote_addr=environ.get("REMOTE_ADDR"),
                    forwarded_for=environ.get("HTTP_X_FORWARDED_FOR"),
                    request_id=environ.get("HTTP_X_REQUEST_ID"),
                    referer=environ.get("HTTP_REFERER"),
                    user_agent=environ.get("HTTP_USER_AGENT"),
                    protocol=environ.get("SERVER_PROTOCOL"),
                    pid=os.getpid(),
                )
            )
        except Exception:  # noqa: BLE001 - a broken log line must never break a response
            self.exception("access log line failed")


logger_class = JsonLogger
