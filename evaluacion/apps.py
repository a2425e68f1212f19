from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluacionConfig(AppConfig):
    name = "evaluacion"
    verbose_name = _("Evaluación")
    default_auto_field = "django.db.models.BigAutoField"
