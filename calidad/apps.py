from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CalidadConfig(AppConfig):
    name = "calidad"
    verbose_name = _("Calidad de la gestión municipal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here: these modules use models, which exist only once every app is loaded.
        # Issue 12: permissions of the improvement road and its Celery tasks.
        from calidad import permissions, rules_improvement, tasks_improvement  # noqa: F401

        post_migrate.connect(
            permissions.grant_staff_instrument_permissions, dispatch_uid="calidad_staff_permissions"
        )
