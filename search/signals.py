"""Wagtail and Django signals that keep the index in step with what the public can see.

Each handler only queues a task on transaction commit (with the page id) through the shared outbox
`core.taskutils.enqueue`, so a rolled-back publication never reaches the index, and neither a
failing search server nor a down broker breaks an editor's save or loses the indexing.
"""

import logging

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from core.taskutils import enqueue
from search import registry, tasks
from search.backends import get_embedded_backend
from search.models import SynonymGroup

logger = logging.getLogger(__name__)


def _on_publish_change(sender, instance, **kwargs):
    enqueue(tasks.sync_page, instance.pk)
    # Pages whose entry shows something of this one (see `search.registry.register(dependents=...)`).
    for page_id in registry.dependent_page_ids(instance):
        enqueue(tasks.sync_page, page_id)


def _on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page) and type(instance) is Page:
        # The generic Page row is deleted once per page whatever its type: one task per page.
        enqueue(tasks.sync_page, instance.pk)


def _on_move(sender, instance, **kwargs):
    enqueue(tasks.sync_subtree, instance.pk)


def _on_restriction_change(sender, instance, **kwargs):
    enqueue(tasks.sync_subtree, instance.page_id)


def _on_synonyms_change(sender, instance, **kwargs):
    # The embedded backend caches synonym groups with the index token: a new token makes every
    # process read them again at its next search.
    get_embedded_backend().bump()


def connect():
    post_save.connect(_on_synonyms_change, sender=SynonymGroup, dispatch_uid="search_synonyms_saved")
    post_delete.connect(_on_synonyms_change, sender=SynonymGroup, dispatch_uid="search_synonyms_deleted")
    page_published.connect(_on_publish_change, dispatch_uid="search_page_published")
    page_unpublished.connect(_on_publish_change, dispatch_uid="search_page_unpublished")
    post_delete.connect(_on_delete, dispatch_uid="search_page_deleted")
    post_page_move.connect(_on_move, dispatch_uid="search_page_moved")
    # A new slug changes the URL of the page and of every page under it: the index keeps URLs.
    page_slug_changed.connect(_on_move, dispatch_uid="search_page_slug_changed")
    post_save.connect(
        _on_restriction_change, sender=PageViewRestriction, dispatch_uid="search_restriction_saved"
    )
    post_delete.connect(
        _on_restriction_change, sender=PageViewRestriction, dispatch_uid="search_restriction_deleted"
    )
