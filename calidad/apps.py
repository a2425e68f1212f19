from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

ADMIN_MODELS = ["instrument", "dimension", "managementarea", "question", "methodology"]


def _grant_staff_instrument_permissions(sender, **kwargs):
    """Staff (coordinación) edit instruments in the Wagtail admin. Idempotent.

    post_migrate fires once per app and the permissions of calidad are created by auth's own
    receiver, connected after this one (calidad comes first in INSTALLED_APPS): act on the last app."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is not with_models[-1]:
        return

    from core.models import Role

    perms = Permission.objects.filter(content_type__app_label="calidad", content_type__model__in=ADMIN_MODELS)
    if perms.exists():
        group, _created = Group.objects.get_or_create(name=Role.COORDINATOR)
        group.permissions.add(*perms)


class CalidadConfig(AppConfig):
    name = "calidad"
    verbose_name = _("Calidad de la gestión municipal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_grant_staff_instrument_permissions, dispatch_uid="calidad_staff_permissions")
        # Issue 12: permissions of the improvement road and its Celery tasks.
        from calidad import rules_improvement, tasks_improvement  # noqa: F401
