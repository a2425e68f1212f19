from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcursoConfig(AppConfig):
    name = "concurso"
    verbose_name = _("Concurso")
    default_auto_field = "django.db.models.BigAutoField"
