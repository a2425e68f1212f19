"""Public-page data computed when content changes, not while a page renders.

- Filter options of the library (years, categories and comunas that have live practices): cached
  under the content version of ``portal.page_cache``, so any publication recomputes them once.
- Related practices of a case page: stored in ``PrecomputedRelated`` each time the search index
  takes the page in (after every publication, through the search indexing task), and for the whole
  library by ``manage.py refresh_related_practices``. A page renders them with two indexed queries.
"""

from __future__ import annotations

import logging
from contextlib import suppress

from django.core.cache import caches
from django.db import transaction

from core.models import Category, Comuna
from portal import page_cache
from portal.models.pages import RELATED_LIMIT, GoodPracticePage
from portal.models.precomputed import PrecomputedRelated

logger = logging.getLogger(__name__)

FILTERS_TIMEOUT = 24 * 3600


def _compute_filter_options() -> dict:

    live = GoodPracticePage.objects.live().public()
    return {
        "years": sorted(set(live.values_list("year", flat=True)), reverse=True),
        "category_ids": sorted(set(Category.objects.filter(practices__in=live).values_list("pk", flat=True))),
        "comuna_ids": sorted(
            set(Comuna.objects.filter(municipality__practices__in=live).values_list("pk", flat=True))
        ),
    }


def filter_options() -> dict:
    """{"years": [...], "category_ids": [...], "comuna_ids": [...]} of the live, public practices."""
    key = page_cache.versioned_key("library-filters")  # None when the page cache is unavailable
    if key is not None:
        with suppress(Exception):
            cached = caches[page_cache._alias()].get(key)
            if cached is not None:
                return cached
    options = _compute_filter_options()
    if key is not None:
        with suppress(Exception):
            caches[page_cache._alias()].set(key, options, FILTERS_TIMEOUT)
    return options


# -- related practices ----------------------------------------------------------------------------


def compute_related_ids(practice, *, limit: int = RELATED_LIMIT) -> list[int]:
    """Best related practices: the search engine's, else the newest of the same category."""
    return [page.pk for page in practice.related_practices(limit=limit)]


def refresh_related(practice_id: int, *, neighbours: bool = True) -> list[int] | None:
    """Store the related practices of a live practice (or drop them if it is not live any more).

    Relatedness is mutual in practice: a practice published today belongs in the lists of the
    practices it finds related, which were computed before it existed. With ``neighbours`` those
    lists are recomputed too (at most RELATED_LIMIT more, one level deep). A practice taken down
    disappears from other lists by itself, since they show live practices only.
    """
    practice = GoodPracticePage.objects.live().public().filter(pk=practice_id).first()
    if practice is None:
        PrecomputedRelated.objects.filter(pk=practice_id).delete()
        return None
    ids = compute_related_ids(practice)
    PrecomputedRelated.objects.update_or_create(practice_id=practice_id, defaults={"related_ids": ids})
    if neighbours:
        stored = dict(PrecomputedRelated.objects.filter(pk__in=ids).values_list("pk", "related_ids"))
        for other_id in ids:
            if practice_id not in stored.get(other_id, []):
                refresh_related(other_id, neighbours=False)
    return ids


def refresh_all_related(*, progress=None) -> int:

    count = 0
    for practice_id in GoodPracticePage.objects.live().public().values_list("pk", flat=True).iterator():
        with transaction.atomic():
            refresh_related(practice_id, neighbours=False)
        count += 1
        if progress and count % 500 == 0:
            progress(count)
    return count


def related_practices(practice) -> list:
    """The stored related practices of a case page (see GoodPracticePage.stored_related_practices)."""
    return practice.stored_related_practices()


def _on_task_done(sender=None, args=None, kwargs=None, state=None, **extra):
    # The search index just took the page in (or out): its related practices can be computed now.
    if getattr(sender, "name", "") != "search.tasks.sync_page" or not args:
        return
    try:
        refresh_related(int(args[0]))
    except Exception:  # noqa: BLE001 - an editor's publication must never fail because of this
        logger.exception("No se pudieron calcular las prácticas relacionadas de la página %s", args[0])


def connect() -> None:
    from celery.signals import task_postrun

    task_postrun.connect(_on_task_done, dispatch_uid="portal_related_on_index", weak=False)
