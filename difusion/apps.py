from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DifusionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "difusion"
    verbose_name = _("Difusión: libro y seminarios")
