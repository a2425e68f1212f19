from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EscuelasConfig(AppConfig):
    name = "escuelas"
    verbose_name = _("Escuelas ciudadanas")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from escuelas import rules  # noqa: F401  (registers the permissions)
