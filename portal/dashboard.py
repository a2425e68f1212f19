"""What each role has to do, on the page every login lands on (issue 15).

portal is the top layer: it reads the selectors of the competition apps. Each panel is a title, a
link to the role's area and a list of (text, url) items, most urgent first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from concurso import results, selectors
from concurso.models import Call, Phase, SubmissionStatus
from core.numbers import format_date
from evaluacion.models import DecisionChoice
from evaluacion.selectors.evaluator import dashboard


@dataclass
class Panel:
    title: str
    url: str
    link_label: str
    items: list[tuple[str, str]] = field(default_factory=list)
    empty: str = ""


def _applicant(user) -> Panel:
    panel = Panel(
        _("Mis postulaciones"),
        reverse("concurso:dashboard"),
        _("Ver todas mis postulaciones"),
        empty=_("No hay borradores pendientes ni resultados nuevos."),
    )
    entries = list(selectors.municipality_submissions(municipality_id=user.municipality_id))
    open_calls = {call.pk: call for call in selectors.open_calls(municipality_id=user.municipality_id)}
    for entry in entries:
        if entry.status == SubmissionStatus.DRAFT and entry.call_id in open_calls:
            panel.items.append(
                (
                    _("Borrador %(code)s «%(title)s»: se envía hasta el %(date)s")
                    % {
                        "code": entry.code,
                        "title": entry.title or _("(sin título)"),
                        "date": format_date(open_calls[entry.call_id].close_at, with_time=True),
                    },
                    reverse("concurso:submission_edit", args=[entry.code]),
                )
            )
    for entry in entries:
        result = (
            results.results_for([entry]).get(entry.pk)
            if entry.status == SubmissionStatus.ADMISSIBLE
            else None
        )
        if result is not None:
            panel.items.append(
                (
                    _("Resultado de %(code)s en %(call)s: %(outcome)s — ver el informe")
                    % {
                        "code": entry.code,
                        "call": entry.call.title,
                        "outcome": result.outcome_label,
                    },
                    result.report_url,
                )
            )
    for call in open_calls.values():
        panel.items.append(
            (
                _("Convocatoria abierta: %(call)s, cierra el %(date)s")
                % {
                    "call": call.title,
                    "date": format_date(call.close_at, with_time=True),
                },
                reverse("concurso:call_detail", args=[call.slug]),
            )
        )
    return panel


def _evaluator(user) -> Panel:
    panel = Panel(
        _("Mis evaluaciones"),
        reverse("evaluacion:dashboard"),
        _("Ir a mis evaluaciones"),
        empty=_("No tiene evaluaciones pendientes."),
    )
    now = timezone.now()
    for group in dashboard(user):
        call = group["call"]
        pending = group["total"] - group["submitted"]
        if (
            pending
            and call.evaluation_open_at <= now < call.evaluation_close_at
            and not call.results_published_at
        ):
            panel.items.append(
                (
                    _("%(call)s: %(n)s evaluaciones pendientes, plazo %(date)s")
                    % {
                        "call": call.title,
                        "n": pending,
                        "date": format_date(call.evaluation_close_at, with_time=True),
                    },
                    reverse("evaluacion:dashboard"),
                )
            )
    return panel


def _committee(user) -> Panel:
    panel = Panel(
        _("Comité de expertos"),
        reverse("evaluacion:committee_home"),
        _("Ir al comité"),
        empty=_("Ninguna convocatoria está en la fase del comité."),
    )
    for call in Call.objects.filter(
        results_published_at__isnull=True, evaluation_open_at__lte=timezone.now()
    ):
        if call.phase in (Phase.COMMITTEE, Phase.RESULTS):
            panel.items.append(
                (
                    _("%(call)s está en la fase del comité: registre las decisiones") % {"call": call.title},
                    reverse("evaluacion:committee_decisions", args=[call.slug]),
                )
            )
        elif call.phase == Phase.EVALUATION:
            panel.items.append(
                (
                    _("%(call)s: evaluación en curso (puntajes provisionales)") % {"call": call.title},
                    reverse("evaluacion:committee_call", args=[call.slug]),
                )
            )
    return panel


def _staff(user) -> Panel:
    panel = Panel(
        _("Coordinación del concurso"),
        reverse("evaluacion:staff_home"),
        _("Ir a la gestión"),
        empty=_("No hay tareas pendientes en las convocatorias."),
    )
    calls = (
        Call.objects.filter(results_published_at__isnull=True)
        .annotate(
            waiting=Count(
                "submissions", filter=Q(submissions__status=SubmissionStatus.SUBMITTED), distinct=True
            ),
            admissible=Count(
                "submissions", filter=Q(submissions__status=SubmissionStatus.ADMISSIBLE), distinct=True
            ),
            decided=Count(
                "submissions",
                filter=Q(
                    submissions__status=SubmissionStatus.ADMISSIBLE,
                    submissions__decision__outcome__in=DecisionChoice.values,
                ),
                distinct=True,
            ),
        )
        .order_by("submissions_open_at")
    )
    for call in calls:
        phase = call.phase
        label = str(Phase(phase).label)
        if call.waiting:
            panel.items.append(
                (
                    _("%(call)s: %(n)s postulaciones esperan la revisión de admisibilidad")
                    % {"call": call.title, "n": call.waiting},
                    reverse("concurso:staff_entries")
                    + f"?call={call.pk}&status={SubmissionStatus.SUBMITTED}",
                )
            )
        if phase == Phase.EVALUATION:
            panel.items.append(
                (
                    _("%(call)s en evaluación: seguir el avance o cerrar la evaluación")
                    % {"call": call.title},
                    reverse("evaluacion:staff_call", args=[call.slug]),
                )
            )
        elif phase == Phase.COMMITTEE:
            panel.items.append(
                (
                    _("%(call)s en el comité: %(d)s de %(n)s decisiones registradas")
                    % {"call": call.title, "d": call.decided, "n": call.admissible},
                    reverse("evaluacion:staff_call", args=[call.slug]),
                )
            )
        elif phase == Phase.RESULTS:
            panel.items.append(
                (
                    _("%(call)s: resultados listos para confirmar y publicar") % {"call": call.title},
                    reverse("evaluacion:staff_publish", args=[call.slug]),
                )
            )
        elif phase in (Phase.SUBMISSIONS, Phase.ADMISSIBILITY):
            panel.items.append(
                (
                    _("%(call)s: fase «%(phase)s»") % {"call": call.title, "phase": label},
                    reverse("evaluacion:staff_call", args=[call.slug]),
                )
            )
    return panel


def panels(user) -> list[Panel]:
    found = []
    if user.is_applicant and user.municipality_id:
        found.append(_applicant(user))
    if user.is_evaluator:
        found.append(_evaluator(user))
    if user.is_committee or user.is_coordinator:
        found.append(_committee(user))
    if user.is_coordinator:
        found.append(_staff(user))
    return found
