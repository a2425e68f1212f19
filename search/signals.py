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

logger = logging.getLogger(__name__)


def _on_publish_change(sender, instance, **kwargs):
    from portal.models import DistinctionPage, GoodPracticePage
    from search import tasks

    enqueue(tasks.sync_page, instance.pk)
    if isinstance(instance, DistinctionPage):
        # Practices linked to a distinction carry its level as a facet value.
        for practice_id in GoodPracticePage.objects.filter(distinction_id=instance.pk).values_list("pk", flat=True):
            enqueue(tasks.sync_page, practice_id)


def _on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page) and type(instance) is Page:
        # The generic Page row is deleted once per page whatever its type: one task per page.
        from search import tasks

        enqueue(tasks.sync_page, instance.pk)


def _on_move(sender, instance, **kwargs):
    from search import tasks

    enqueue(tasks.sync_subtree, instance.pk)


def _on_restriction_change(sender, instance, **kwargs):
    from search import tasks

    enqueue(tasks.sync_subtree, instance.page_id)


def connect():
    page_published.connect(_on_publish_change, dispatch_uid="search_page_published")
    page_unpublished.connect(_on_publish_change, dispatch_uid="search_page_unpublished")
    post_delete.connect(_on_delete, dispatch_uid="search_page_deleted")
    post_page_move.connect(_on_move, dispatch_uid="search_page_moved")
    # A new slug changes the URL of the page and of every page under it: the index keeps URLs.
    page_slug_changed.connect(_on_move, dispatch_uid="search_page_slug_changed")
    post_save.connect(_on_restriction_change, sender=PageViewRestriction, dispatch_uid="search_restriction_saved")
    post_delete.connect(_on_restriction_change, sender=PageViewRestriction, dispatch_uid="search_restriction_deleted")
