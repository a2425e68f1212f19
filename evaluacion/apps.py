from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluacionConfig(AppConfig):
    name = "evaluacion"
    verbose_name = _("Evaluación")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from concurso import results
        from evaluacion import feedback

        # The applicant's pages (concurso) show published results through this registry.
        results.register(feedback.results_for_entries)
