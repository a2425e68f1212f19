from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluacionConfig(AppConfig):
    name = "evaluacion"
    verbose_name = _("Evaluación")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here: feedback and selectors use models, which exist only once every app is loaded.
        from concurso import results, signals
        from evaluacion import feedback, receivers
        from evaluacion.selectors import scores

        # The applicant's pages (concurso, below us) show published results through this registry,
        # and the public call page the results the committee decided.
        results.register(feedback.results_for_submissions)
        results.register_call_results(scores.public_results)
        # A submission declared admissible gets its blind copy prepared (never on a page view).
        signals.submission_admitted.connect(
            receivers.prepare_blind_copy_when_admitted, dispatch_uid="evaluacion.blind_copy"
        )
