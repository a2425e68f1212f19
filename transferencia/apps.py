from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferenciaConfig(AppConfig):
    name = "transferencia"
    verbose_name = _("Transferencia de prácticas entre municipios")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from transferencia import rules  # noqa: F401  (registers the permissions)
