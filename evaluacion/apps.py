from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluacionConfig(AppConfig):
    name = "evaluacion"
    verbose_name = _("Evaluación")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from concurso import results, signals
        from evaluacion import feedback, receivers

        # The applicant's pages (concurso) show published results through this registry.
        results.register(feedback.results_for_entries)
        # An entry declared admissible gets its blind copy prepared (never on a page view).
        signals.submission_admitted.connect(receivers.prepare_blind_copy_when_admitted, dispatch_uid="evaluacion.blind_copy")
