"""Role permissions in the Wagtail admin and the editorial workflow of the library."""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from core.models import Role

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
EDITOR_MODEL_PERMISSIONS = [
    ("core", "category", ["add", "change", "delete", "view"]),
    ("core", "theme", ["add", "change", "delete", "view"]),
    ("core", "sustainabledevelopmentgoal", ["view"]),
    ("portal_search", "synonymgroup", ["add", "change", "delete", "view"]),
]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", ["add", "change", "choose", "delete"]),
    ("wagtaildocs", "document", ["add", "change", "choose", "delete"]),
]
EDITORIAL_WORKFLOW_NAME = "Revisión editorial"
EDITORIAL_TASK_NAME = "Aprobación de la coordinación editorial"


def _permission(app_label: str, codename: str) -> Permission | None:
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def grant_role_permissions_after_migrate(sender, **kwargs) -> None:
    """post_migrate handler: fires once per app; every app's permissions exist only after the last one."""
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is with_models[-1]:
        ensure_role_permissions()


def ensure_role_permissions() -> None:
    """Gives the role groups what they need in the Wagtail admin, and nothing else.

    Editors edit pages, snippets, documents and images; coordinators (staff) may enter the admin
    (the competition screens live there too). Applicants, evaluators and the committee get no
    admin access at all. Idempotent: safe to run after every migrate.
    """
    access_admin = _permission("wagtailadmin", "access_admin")
    if access_admin is None:  # the admin app has not been migrated yet
        return
    editors, _created = Group.objects.get_or_create(name=Role.EDITOR)
    staff, _created = Group.objects.get_or_create(name=Role.COORDINATOR)
    editors.permissions.add(access_admin)
    staff.permissions.add(access_admin)

    for app_label, model, actions in EDITOR_MODEL_PERMISSIONS:
        for action in actions:
            perm = _permission(app_label, f"{action}_{model}")
            if perm:
                editors.permissions.add(perm)

    root_page = Page.get_first_root_node()
    page_type = ContentType.objects.get_for_model(Page)
    if root_page is not None:
        for codename in EDITOR_PAGE_PERMISSIONS:
            perm = Permission.objects.filter(content_type=page_type, codename=codename).first()
            if perm:
                GroupPagePermission.objects.get_or_create(group=editors, page=root_page, permission=perm)

    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for app_label, model, actions in EDITOR_COLLECTION_PERMISSIONS:
            for action in actions:
                perm = _permission(app_label, f"{action}_{model}")
                if perm:
                    GroupCollectionPermission.objects.get_or_create(
                        group=editors, collection=root_collection, permission=perm
                    )


def ensure_editorial_workflow(*, pages: Iterable) -> None:
    """Assigns the "Revisión editorial" workflow (one approval by the editors group) to the pages,
    so every case page under them goes through moderation before publication."""
    editors, _created = Group.objects.get_or_create(name=Role.EDITOR)
    workflow, _created = Workflow.objects.get_or_create(
        name=EDITORIAL_WORKFLOW_NAME, defaults={"active": True}
    )
    task = GroupApprovalTask.objects.filter(name=EDITORIAL_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=EDITORIAL_TASK_NAME)
    task.groups.add(editors)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for page in pages:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
