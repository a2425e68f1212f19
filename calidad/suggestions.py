"""The bridge from weak ámbitos to practices in the library.

calidad sits below the public site (portal) and never imports it. The site registers a provider
at start-up; calidad hands it what to look for (selectors.SuggestionTarget: category and theme ids,
municipalities strong in that ámbito) and gets back plain dicts to show:
``{"title", "url", "municipality", "summary", "reason"}``. Without a provider there are no
suggestions, and the results page says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

_providers: list[Callable] = []


def register_provider(func: Callable) -> Callable:
    """``func(target, *, exclude_municipality_id, limit) -> list[dict]``."""
    if func not in _providers:
        _providers.append(func)
    return func


def practices_for(
    targets, *, exclude_municipality_id=None, limit: int = 3
) -> list[tuple[object, list[dict]]]:
    """For each target (a weak ámbito), up to ``limit`` practices from every registered provider."""
    result = []
    for target in targets:
        found: list[dict] = []
        for provider in _providers:
            try:
                found += provider(target, exclude_municipality_id=exclude_municipality_id, limit=limit)
            except Exception:  # a failing provider must not break the results page
                logger.exception("Proveedor de sugerencias %r falló", provider)
        seen, unique = set(), []
        for item in found:
            if item["url"] not in seen:
                seen.add(item["url"])
                unique.append(item)
        result.append((target, unique[:limit]))
    return result
