from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalidadConfig(AppConfig):
    name = "calidad"
    verbose_name = _("Calidad de la gestión municipal")
    default_auto_field = "django.db.models.BigAutoField"
