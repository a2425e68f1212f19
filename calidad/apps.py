from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

ADMIN_MODELS = ["instrument", "dimension", "managementarea", "question"]


def _grant_staff_instrument_permissions(sender, **kwargs):
    """Staff (coordinación) edit instruments in the Wagtail admin. Idempotent."""
    from django.contrib.auth.models import Group, Permission

    from core.models import Role

    perms = Permission.objects.filter(content_type__app_label="calidad", content_type__model__in=ADMIN_MODELS)
    if perms.exists():
        group, _created = Group.objects.get_or_create(name=Role.STAFF)
        group.permissions.add(*perms)


class CalidadConfig(AppConfig):
    name = "calidad"
    verbose_name = _("Calidad de la gestión municipal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_grant_staff_instrument_permissions, sender=self, dispatch_uid="calidad_staff_permissions")
