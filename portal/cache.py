"""A Redis cache that degrades to "no cache" when Redis is down.

Django's RedisCache raises redis.ConnectionError on every call when the server is unreachable, and
the cache is used by Wagtail's pages, the sitemap, the feeds, ``cache_page`` views and the admin:
one Redis outage would turn the whole site into 500s. ``DegradingRedisCache`` catches the
connection and timeout errors of each call, logs them (once per outage, not once per call) and
behaves as an empty cache: reads miss, writes are dropped. The site is slower, never down.

After a failure Redis is not asked again for ``RETRY_AFTER`` seconds (a short circuit breaker), so a
page that touches the cache fifty times pays the connection timeout once, not fifty times.

Settings (``CACHES["default"]``)::

    {"BACKEND": "portal.cache.DegradingRedisCache", "LOCATION": REDIS_URL,
     "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Errors that mean "Redis is not reachable now". Anything else (a value that cannot be pickled) is
# a programming error and still raises.
CACHE_ERRORS: tuple[type[BaseException], ...] = (
    RedisConnectionError,
    RedisTimeoutError,
    ConnectionError,
    TimeoutError,
)

RETRY_AFTER = 5.0  # seconds without asking Redis after a failure


class DegradingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._lock = threading.Lock()

    # -- circuit breaker ---------------------------------------------------------------------------

    @property
    def is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def _failed(self, operation: str, exc: BaseException) -> None:
        with self._lock:
            first = self._down_until == 0.0
            self._down_until = time.monotonic() + RETRY_AFTER
        if first:
            logger.warning(
                "Caché Redis no disponible (%s: %s); se sigue sin caché",
                operation,
                f"{type(exc).__name__}: {exc}",
                extra={"cache_operation": operation},
            )

    def _recovered(self) -> None:
        if self._down_until:
            with self._lock:
                self._down_until = 0.0
            logger.info("Caché Redis disponible de nuevo")

    def _call(self, operation: str, default, *args, **kwargs):
        if self.is_down:
            return default
        try:
            result = getattr(super(), operation)(*args, **kwargs)
        except CACHE_ERRORS as exc:
            self._failed(operation, exc)
            return default
        self._recovered()
        return result

    # -- the cache API: every call that reaches Redis ---------------------------------------------
    # A missing key and an unreachable Redis look the same to callers: a miss.

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # "Not added": a caller using add() as a lock treats it as taken and does not run twice.
        return self._call("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)

    def incr(self, key, delta=1, version=None):
        """With Redis down the key counts as missing: ValueError, as Django raises for a missing key."""
        missing = object()
        value = self._call("incr", missing, key, delta, version)
        if value is missing:
            raise ValueError(f"Key '{key}' not found (caché no disponible)")
        return value
