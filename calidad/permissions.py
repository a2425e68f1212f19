"""Admin permissions of the coordination role over the quality instruments (post_migrate handler,
connected in CalidadConfig.ready)."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from core.models import Role

ADMIN_MODELS = ["instrument", "dimension", "managementarea", "question", "methodology"]


def grant_staff_instrument_permissions(sender, **kwargs):
    """Staff (coordinación) edit instruments in the Wagtail admin. Idempotent.

    post_migrate fires once per app and the permissions of calidad are created by auth's own
    receiver, connected after this one (calidad comes first in INSTALLED_APPS): act on the last app."""
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is not with_models[-1]:
        return

    perms = Permission.objects.filter(content_type__app_label="calidad", content_type__model__in=ADMIN_MODELS)
    if perms.exists():
        group, _created = Group.objects.get_or_create(name=Role.COORDINATOR)
        group.permissions.add(*perms)
