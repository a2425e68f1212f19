"""A version number for everything computed from submitted results (benchmarks, statistics).

Submitting, publishing or importing bumps it; cached aggregates keyed by it are then never stale.
If the cache is down, every read recomputes (slower, never wrong) and nothing fails."""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)

KEY = "calidad:results-version"
# Bounded even so: with a per-process cache (no Redis) another worker's bump is not seen.
TIMEOUT = 60 * 10


def version() -> int:
    try:
        value = cache.get(KEY)
        if value is None:
            value = 1
            cache.set(KEY, value, None)
        return int(value)
    except Exception:  # cache outage: no caching
        logger.warning("Caché no disponible: los resultados agregados se recalculan", exc_info=True)
        return 0


def bump() -> None:
    try:
        try:
            cache.incr(KEY)
        except ValueError:
            cache.set(KEY, 2, None)
    except Exception:
        logger.warning("Caché no disponible: no se pudo invalidar los resultados agregados", exc_info=True)


def get_or_compute(name: str, compute):
    current = version()
    if current == 0:
        return compute()
    key = f"calidad:{name}:v{current}"
    try:
        value = cache.get(key)
    except Exception:
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, TIMEOUT)
        except Exception:
            logger.warning("Caché no disponible al guardar %s", key, exc_info=True)
    return value
