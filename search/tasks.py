"""Indexing tasks. They take page ids and reload the live row, so a task queued for a publication
can never index a draft, even if it runs late."""

import logging

from celery import shared_task

from core.taskutils import OutboxTask
from search import services
from search.backends import SearchUnavailable

logger = logging.getLogger(__name__)

MAX_RETRIES = 8


def _retry_later(task, exc, page_id):
    if task.request.is_eager:
        # Without a broker (development) there is no later: the embedded index is up to date and
        # `manage.py search_rebuild` brings the search server back in step.
        logger.error(
            "search: indexación de la página %s falló y no se reintentará (modo sin broker): %s", page_id, exc
        )
        return None
    countdown = min(3600, 30 * 2**task.request.retries)
    logger.warning("search: indexación de la página %s falló, reintento en %ss: %s", page_id, countdown, exc)
    raise task.retry(exc=exc, countdown=countdown, max_retries=MAX_RETRIES)


# After MAX_RETRIES (about four hours) the call goes back to the outbox (core.taskutils.OutboxTask).
@shared_task(bind=True, base=OutboxTask, acks_late=True, ignore_result=True)
def sync_page(self, page_id: int):
    try:
        services.sync_page(page_id)
    except SearchUnavailable as exc:
        return _retry_later(self, exc, page_id)


@shared_task(bind=True, base=OutboxTask, acks_late=True, ignore_result=True)
def sync_subtree(self, page_id: int):
    try:
        services.sync_subtree(page_id)
    except SearchUnavailable as exc:
        return _retry_later(self, exc, page_id)
