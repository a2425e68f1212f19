"""The 2025 call, closed end to end through the services (issue 15). Idempotent.

Every 2025 entry is reviewed by two evaluators (scores, comments to the applicant, notes to the
committee), the committee decides in its phase, staff confirm publication with a reason, and the
library pages of the winners and mentions come from that publication (then approved and published).
La Serena takes part, so the demo applicant postulante.laserena@demo.cl sees a result and its
feedback report. The call is then put back on its 2025 dates.

To run the evaluation through the real services, the call is moved for a moment into an evaluation
phase around today, the way staff move phases; its historical dates are restored at the end.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import WorkflowState

from concurso.models import Call, Submission, SubmissionStatus
from core.models import Role
from demo.evaluacion import RUBRIC, TIE_BREAK_KEY, ensure_pool, review_blind_copies
from demo.users import ensure_user
from evaluacion.models import Assignment, AssignmentStatus, Decision, Publication, Review, ReviewStatus
from evaluacion.services.assignment import release_assignments, run_assignment
from evaluacion.services.committee import DecisionInput, record_decisions
from evaluacion.services.phases import close_committee, close_evaluation
from evaluacion.services.publication import publish_results_confirmed
from evaluacion.services.reviews import ScoreInput, save_review
from evaluacion.services.rubric import ensure_rubric

CALL_SLUG = "buenas-practicas-2025"
DAY = timedelta(days=1)

# comuna code of the entry -> (outcome, reason); ranking follows the reviews, not adjusted scores.
DECISIONS = {
    "13101": (
        "ganadora",
        "Resultados medidos con línea base y seguimiento público; la más alta de su categoría.",
    ),
    "05101": ("ganadora", "Amplia participación verificable y proyectos ejecutados."),
    "08101": ("ganadora", "Impacto ambiental medido y costos documentados."),
    "09101": ("ganadora", "Cobertura alta de personas mayores con resultados de salud."),
    "02101": ("mencion", "Buena gestión de plazos; falta evidencia de sostenibilidad financiera."),
    "10101": ("finalista", "Propuesta sólida, con resultados aún iniciales."),
    "04101": ("mencion", "Ahorro energético bien medido; replicable en comunas de tamaño medio."),
}
# Quality of each entry on the 1-7 scale (the evaluators vary around it).
QUALITY = {"13101": 6, "05101": 6, "08101": 6, "09101": 6, "02101": 5, "10101": 5, "04101": 5}
COMMENTS = [
    "Los indicadores muestran con claridad la situación inicial y la actual; conviene agregar la fuente de cada dato.",
    "La participación de la comunidad está bien descrita. Para replicarla, sería útil detallar el costo por etapa.",
    "El equipo y los plazos están claros. Falta explicar cómo se financiará la práctica después del tercer año.",
]
NOTE = "Revisé los anexos: las cifras coinciden con el formulario."


def _historic(call: Call) -> dict:
    return {name: getattr(call, name) for name in Call.PHASE_FIELDS}


def _into_evaluation(call: Call) -> None:
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(
        submissions_open_at=now - 40 * DAY,
        submissions_close_at=now - 30 * DAY,
        admissibility_close_at=now - 25 * DAY,
        evaluation_open_at=now - 20 * DAY,
        evaluation_close_at=now + 10 * DAY,
        committee_close_at=now + 20 * DAY,
        results_at=now + 30 * DAY,
        reviews_per_entry=2,
    )
    call.refresh_from_db()


def _scores(criteria, quality: int, offset: int):
    result = []
    for index, criterion in enumerate(criteria):
        value = max(criterion.scale_min, min(criterion.scale_max, quality + ((index + offset) % 3) - 1))
        result.append(
            ScoreInput(
                criterion=criterion,
                score=value,
                justification=f"Puntaje {value}: respaldado por los indicadores y los anexos de la postulación.",
            )
        )
    return result


def _publish_pages(decisions) -> int:
    """The editorial team approves the drafts made by the publication (demo only)."""

    published = 0
    for decision in decisions:
        page = decision.practice_pages.order_by("pk").first()
        if page is None or page.live:
            continue
        page = page.specific
        for state in WorkflowState.objects.filter(
            base_content_type_id=page.content_type_id, object_id=str(page.pk)
        ):
            state.cancel(user=None)
        page.save_revision().publish()
        published += 1
    return published


@transaction.atomic
def load(*, stdout) -> None:
    call = Call.objects.filter(slug=CALL_SLUG).first()
    if call is None:
        stdout.write("  resultados 2025: no existe la convocatoria 2025")
        return
    entries = list(
        Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE).select_related(
            "municipality__comuna"
        )
    )
    if Review.objects.filter(assignment__submission__call=call, status=ReviewStatus.SUBMITTED).exists():
        stdout.write("  resultados 2025: ya cargados")
        return
    if call.results_published_at is not None:
        stdout.write(
            "  resultados 2025: la convocatoria ya se publicó sin evaluaciones (base antigua); cargue en una base nueva"
        )
        return
    historic = _historic(call)
    staff = ensure_user(
        "coordinacion@demo.cl", first_name="Carlos", last_name="Coordinación", roles=[Role.COORDINATOR]
    )
    committee = ensure_user("comite@demo.cl", first_name="Camila", last_name="Comité", roles=[Role.COMMITTEE])
    _into_evaluation(call)
    ensure_rubric(call=call, criteria=RUBRIC, tie_break_key=TIE_BREAK_KEY)
    ensure_pool(call)
    review_blind_copies(call, staff)  # staff review every blind copy before release
    run_assignment(call=call)
    release_assignments(call=call)
    criteria = list(call.rubric.criteria.all())
    assignments = (
        Assignment.objects.filter(submission__call=call, status=AssignmentStatus.RELEASED)
        .select_related("submission__municipality__comuna")
        .order_by("submission__code", "evaluator__email")
    )
    for position, assignment in enumerate(assignments):
        code = assignment.submission.municipality.comuna.code
        save_review(
            assignment=assignment,
            scores=_scores(criteria, QUALITY.get(code, 5), position),
            overall_comment=NOTE,
            applicant_comment=COMMENTS[position % len(COMMENTS)],
            submit=True,
        )
    close_evaluation(call=call, actor=staff, reason="Todas las evaluaciones de 2025 llegaron (demostración).")
    record_decisions(
        call=call,
        actor=committee,
        items=[
            DecisionInput(
                submission=entry,
                outcome=DECISIONS[entry.municipality.comuna.code][0],
                reason=DECISIONS[entry.municipality.comuna.code][1],
            )
            for entry in entries
            if entry.municipality.comuna.code in DECISIONS
        ],
    )
    close_committee(call=call, actor=staff, reason="Acta del comité 2025 firmada (demostración).")
    call.refresh_from_db()
    publish_results_confirmed(
        call=call, actor=staff, reason="Acta del comité 2025 firmada; publicación oficial."
    )
    # Back to the 2025 calendar: published on the day the results were announced.
    published_at = historic["results_at"]
    Call.objects.filter(pk=call.pk).update(**historic, results_published_at=published_at)
    Publication.objects.filter(call=call).update(published_at=published_at)
    pages = _publish_pages(Decision.objects.filter(submission__call=call).prefetch_related("practice_pages"))
    stdout.write(
        f"  resultados 2025: {Review.objects.filter(assignment__submission__call=call).count()} evaluaciones, "
        f"{len(entries)} decisiones publicadas, {pages} fichas en la biblioteca"
    )
