"""Services of the improvement road (issue 12): writes are keyword-only and atomic.

The state machine: committee -> self-assessment draft -> submitted (locked) -> validator assigned by
staff -> validated with the feedback report -> plan draft -> submitted to the SAME validator ->
approved or returned -> follow-up with progress updates -> closed (achievements; next cycle).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calidad import instrument_io, services, tasks_improvement
from calidad.models import (
    ActionLine,
    CommitteeMember,
    Dimension,
    ElementAttachment,
    ElementMessage,
    ElementResponse,
    FeedbackItem,
    ImmediateAction,
    ImprovementCommittee,
    ImprovementPlan,
    InstrumentKind,
    ItemStatus,
    ManagementArea,
    Methodology,
    PlanMethodology,
    PlanStatus,
    ProgressUpdate,
    Question,
    SelfAssessment,
    SelfAssessmentStatus,
)

SELF_ASSESSMENT_FAMILY = "modelo-autoevaluacion"

# Extension point for the public site (calidad never imports portal): functions
# ``(line, user) -> page`` that turn a completed line of action into a draft good-practice case.
GOOD_PRACTICE_DRAFTERS = []


def register_good_practice_drafter(func):
    if func not in GOOD_PRACTICE_DRAFTERS:
        GOOD_PRACTICE_DRAFTERS.append(func)
    return func


# --------------------------------------------------------------------------- model (versioned)


@transaction.atomic
def install_self_assessment_model(*, activate: bool = True):
    """The self-assessment model, version 1: same 5 criterios and 12 subcriterios as the diagnostic;
    each of its 78 questions becomes an elemento de gestión scored 0-3 with written evidence."""
    existing = services.active_instrument(InstrumentKind.SELF_ASSESSMENT)
    if existing:
        return existing
    base = services.active_instrument(InstrumentKind.DIAGNOSTIC)
    if base is None:
        base = instrument_io.install_base_instrument()
    model = services.create_instrument(
        family=SELF_ASSESSMENT_FAMILY,
        kind=InstrumentKind.SELF_ASSESSMENT,
        name="Modelo de calidad de la gestión municipal — autoevaluación",
        description="5 criterios, 12 subcriterios y 78 elementos de gestión; cada elemento se responde con "
        "evidencia escrita y un puntaje de 0 a 3.",
    )
    for dim in Dimension.objects.filter(instrument=base).order_by("number"):
        new_dim = services.add_dimension(
            instrument=model, number=dim.number, name=dim.name, description=dim.description
        )
        for area in dim.areas.order_by("number"):
            new_area = services.add_area(
                dimension=new_dim,
                number=area.number,
                code=area.code,
                name=area.name,
                definition=area.definition,
            )
            for q in area.questions.order_by("number"):
                services.add_question(
                    area=new_area,
                    number=q.number,
                    kind="practica",
                    text=q.text,
                    guidance=q.guidance,
                    choices=[(label, points) for points, label in SCALE],
                )
    if activate:
        services.activate_instrument(instrument=model)
    return model


SCALE = [
    (0, "Sin evidencia de la práctica."),
    (1, "Práctica incipiente o informal."),
    (2, "Práctica formalizada y aplicada en la mayoría de las unidades."),
    (3, "Práctica sistemática, evaluada y mejorada."),
]


# --------------------------------------------------------------------------- committee


@dataclass
class MemberData:
    name: str
    post: str
    user: object = None


def is_member(user, committee) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.municipality_id == committee.municipality_id
        and committee.members.filter(user=user).exists()
    )


@transaction.atomic
def create_committee(
    *,
    municipality,
    decree_number,
    decree_date,
    counterpart_1,
    counterpart_2,
    members: list[MemberData],
    decree_file=None,
    cycle: int | None = None,
) -> ImprovementCommittee:
    if cycle is None:
        last = ImprovementCommittee.objects.filter(municipality=municipality).order_by("-cycle").first()
        if last and not last.is_closed:
            raise ValidationError(_("La municipalidad ya tiene un ciclo de mejora abierto."))
        cycle = (last.cycle + 1) if last else 1
    committee = ImprovementCommittee.objects.create(
        municipality=municipality,
        cycle=cycle,
        decree_number=decree_number,
        decree_date=decree_date,
        counterpart_1=counterpart_1,
        counterpart_2=counterpart_2,
        decree_file=decree_file or "",
    )
    set_members(committee=committee, members=members)
    return committee


@transaction.atomic
def update_committee(*, committee, members: list[MemberData] | None = None, decree_file=None, **fields):
    for key, value in fields.items():
        setattr(committee, key, value)
    if decree_file:
        committee.decree_file = decree_file
    committee.save()
    if members is not None:
        set_members(committee=committee, members=members)
    return committee


def set_members(*, committee, members: list[MemberData]):
    for member in members:
        if member.user is not None and member.user.municipality_id != committee.municipality_id:
            raise ValidationError(_("%(user)s no pertenece a la municipalidad.") % {"user": member.user})
    committee.members.all().delete()
    CommitteeMember.objects.bulk_create(
        CommitteeMember(committee=committee, name=m.name, post=m.post, user=m.user, order=i)
        for i, m in enumerate(members)
    )


# --------------------------------------------------------------------------- self-assessment


@transaction.atomic
def start_self_assessment(*, committee) -> SelfAssessment:
    if hasattr(committee, "self_assessment"):
        return committee.self_assessment
    model = services.active_instrument(InstrumentKind.SELF_ASSESSMENT) or install_self_assessment_model()
    services.freeze_instrument(instrument=model)
    sa = SelfAssessment.objects.create(committee=committee, instrument=model)
    ElementResponse.objects.bulk_create(
        ElementResponse(self_assessment=sa, element=q)
        for q in Question.objects.filter(instrument=model).order_by("number")
    )
    return sa


def _ensure_sa_draft(sa):
    if (
        SelfAssessment.objects.filter(pk=sa.pk).values_list("status", flat=True).first()
        != SelfAssessmentStatus.DRAFT
    ):
        raise ValidationError(_("La autoevaluación ya fue enviada: no se puede modificar."), code="locked")


@transaction.atomic
def save_report(*, self_assessment, mayor_letter: str, background: str, acta=None) -> SelfAssessment:
    _ensure_sa_draft(self_assessment)
    self_assessment.mayor_letter = mayor_letter
    self_assessment.background = background
    if acta:
        self_assessment.acta = acta
    self_assessment.save()
    return self_assessment


@transaction.atomic
def save_elements(
    *, self_assessment, values: dict[int, tuple[str, int | None]], attachments: dict | None = None
) -> int:
    """``values``: response id -> (evidence, declared score). ``attachments``: response id -> files."""
    _ensure_sa_draft(self_assessment)
    responses = {r.pk: r for r in self_assessment.responses.filter(pk__in=list(values))}
    for pk, (evidence, score) in values.items():
        response = responses.get(pk)
        if response is None:
            continue
        response.evidence, response.declared_score = evidence, score
        response.save(update_fields=["evidence", "declared_score"])
    for pk, files in (attachments or {}).items():
        if pk in responses:
            for f in files:
                ElementAttachment.objects.create(response=responses[pk], file=f, name=f.name[:255])
    return len(responses)


def submission_problems(self_assessment) -> list[str]:
    problems = []
    missing = self_assessment.responses.filter(declared_score__isnull=True).count()
    if missing:
        problems.append(_("Faltan %(n)s elementos sin puntaje.") % {"n": missing})
    no_evidence = self_assessment.responses.filter(evidence="").count()
    if no_evidence:
        problems.append(_("Faltan %(n)s elementos sin evidencia escrita.") % {"n": no_evidence})
    if not self_assessment.mayor_letter.strip():
        problems.append(_("Falta la carta del alcalde o alcaldesa."))
    if not self_assessment.background.strip():
        problems.append(_("Faltan los antecedentes de la comuna."))
    if not self_assessment.acta:
        problems.append(_("Falta el acta del comité de mejora."))
    return problems


@transaction.atomic
def submit_self_assessment(*, self_assessment, user) -> SelfAssessment:
    sa = SelfAssessment.objects.select_for_update().get(pk=self_assessment.pk)
    _ensure_sa_draft(sa)
    problems = submission_problems(sa)
    if problems:
        raise ValidationError(problems)
    sa.status = SelfAssessmentStatus.SUBMITTED
    sa.submitted_at = timezone.now()
    sa.save(update_fields=["status", "submitted_at"])

    tasks_improvement.notify_staff_submission_later(sa.pk)
    return sa


# --------------------------------------------------------------------------- validation


def validator_conflict(validator, municipality, *, same_region: bool = False) -> str | None:
    """Why ``validator`` may not validate ``municipality`` (None if they may): the competition's rule
    of affiliation — a person of the same municipality, or optionally of the same region."""
    if not validator.is_validator:
        return _("La persona no tiene el rol de validador externo.")
    if validator.municipality_id and validator.municipality_id == municipality.pk:
        return _("El validador pertenece a la misma municipalidad.")
    if (
        same_region
        and validator.municipality_id
        and validator.municipality.comuna.region_id == municipality.comuna.region_id
    ):
        return _("El validador pertenece a una municipalidad de la misma región.")
    return None


@transaction.atomic
def assign_validator(*, self_assessment, validator, same_region: bool = False) -> SelfAssessment:
    reason = validator_conflict(validator, self_assessment.committee.municipality, same_region=same_region)
    if reason:
        raise ValidationError(reason)
    if self_assessment.status == SelfAssessmentStatus.VALIDATED:
        raise ValidationError(_("La autoevaluación ya está validada: no se cambia su validador."))
    self_assessment.validator = validator
    self_assessment.save(update_fields=["validator"])

    tasks_improvement.notify_validator_later(self_assessment.pk)
    return self_assessment


def _ensure_reviewer(self_assessment, user):
    if self_assessment.validator_id != user.pk:
        raise PermissionDenied(_("Solo el validador asignado puede hacer esto."))


@transaction.atomic
def post_message(*, response, user, body: str) -> ElementMessage:
    sa = SelfAssessment.objects.select_related("committee").get(pk=response.self_assessment_id)
    if not body.strip():
        raise ValidationError({"body": _("Escriba el mensaje.")})
    from_validator = sa.validator_id == user.pk
    if not from_validator and not is_member(user, sa.committee):
        raise PermissionDenied
    if sa.status != SelfAssessmentStatus.SUBMITTED:
        raise ValidationError(_("Las preguntas se hacen mientras la autoevaluación está en validación."))
    return ElementMessage.objects.create(
        response=response, author=user, from_validator=from_validator, body=body.strip()
    )


@transaction.atomic
def save_review(
    *,
    self_assessment,
    user,
    scores: dict[int, tuple[int | None, str]],
    feedback: dict[int, tuple[str, str]],
    summary: str,
) -> None:
    """``scores``: response id -> (validated score, note); ``feedback``: area id -> (strengths, opportunities)."""
    _ensure_reviewer(self_assessment, user)
    if self_assessment.status != SelfAssessmentStatus.SUBMITTED:
        raise ValidationError(_("La autoevaluación no está en validación."))
    for response in self_assessment.responses.filter(pk__in=list(scores)):
        response.validated_score, response.validator_note = scores[response.pk]
        response.save(update_fields=["validated_score", "validator_note"])
    for area_id, (strengths, opportunities) in feedback.items():
        FeedbackItem.objects.update_or_create(
            self_assessment=self_assessment,
            area_id=area_id,
            defaults={"strengths": strengths, "opportunities": opportunities},
        )
    self_assessment.feedback_summary = summary
    self_assessment.save(update_fields=["feedback_summary"])


def validation_problems(self_assessment) -> list[str]:
    problems = []
    missing = self_assessment.responses.filter(validated_score__isnull=True).count()
    if missing:
        problems.append(_("Faltan %(n)s elementos sin puntaje validado.") % {"n": missing})
    areas = ManagementArea.objects.filter(instrument=self_assessment.instrument).count()
    done = self_assessment.feedback.exclude(strengths="").exclude(opportunities="").count()
    if done < areas:
        problems.append(
            _(
                "El informe de retroalimentación debe tener fortalezas y oportunidades en los %(n)s subcriterios."
            )
            % {"n": areas}
        )
    return problems


@transaction.atomic
def validate_self_assessment(*, self_assessment, user) -> SelfAssessment:
    _ensure_reviewer(self_assessment, user)
    if self_assessment.status != SelfAssessmentStatus.SUBMITTED:
        raise ValidationError(_("La autoevaluación no está en validación."))
    problems = validation_problems(self_assessment)
    if problems:
        raise ValidationError(problems)
    self_assessment.status = SelfAssessmentStatus.VALIDATED
    self_assessment.validated_at = timezone.now()
    self_assessment.save(update_fields=["status", "validated_at"])
    ImprovementPlan.objects.get_or_create(committee=self_assessment.committee)
    return self_assessment


@dataclass
class SubcriterionRow:
    area: ManagementArea
    maximum: int
    declared: int
    validated: int | None

    @property
    def difference(self):
        return None if self.validated is None else self.validated - self.declared

    @property
    def declared_percent(self):
        return round(self.declared * 100 / self.maximum) if self.maximum else None

    @property
    def validated_percent(self):
        return (
            None if self.validated is None or not self.maximum else round(self.validated * 100 / self.maximum)
        )


def subcriterion_rows(self_assessment) -> list[SubcriterionRow]:
    """Declared and validated points per subcriterio, side by side."""
    sums = defaultdict(lambda: [0, 0, 0, True])
    for area_id, declared, validated in self_assessment.responses.values_list(
        "element__area_id", "declared_score", "validated_score"
    ):
        row = sums[area_id]
        row[0] += 3
        row[1] += declared or 0
        if validated is None:
            row[3] = False
        row[2] += validated or 0
    areas = (
        ManagementArea.objects.filter(instrument_id=self_assessment.instrument_id)
        .select_related("dimension")
        .order_by("number")
    )
    return [
        SubcriterionRow(
            area=a,
            maximum=sums[a.pk][0],
            declared=sums[a.pk][1],
            validated=sums[a.pk][2] if sums[a.pk][3] else None,
        )
        for a in areas
    ]


# --------------------------------------------------------------------------- plan


def _ensure_plan_editable(plan):
    status = ImprovementPlan.objects.filter(pk=plan.pk).values_list("status", flat=True).first()
    if status not in (PlanStatus.DRAFT, PlanStatus.RETURNED):
        raise ValidationError(
            _("El plan está en validación o ya fue validado: no se puede modificar."), code="locked"
        )


@transaction.atomic
def save_plan(*, plan, focus: str, methodology_ids: list[int]) -> ImprovementPlan:
    _ensure_plan_editable(plan)
    plan.focus = focus
    plan.save(update_fields=["focus"])
    plan.methodologies.all().delete()
    PlanMethodology.objects.bulk_create(
        PlanMethodology(plan=plan, methodology_id=mid, priority=i)
        for i, mid in enumerate(dict.fromkeys(methodology_ids), start=1)
    )
    return plan


@transaction.atomic
def add_line(*, plan, **fields) -> ActionLine:
    _ensure_plan_editable(plan)
    if fields["end_date"] < fields["start_date"]:
        raise ValidationError({"end_date": _("El término no puede ser anterior al inicio.")})
    fields.setdefault("order", plan.lines.count() + 1)
    return ActionLine.objects.create(plan=plan, **fields)


@transaction.atomic
def delete_line(*, line) -> None:
    _ensure_plan_editable(line.plan)
    line.delete()


@transaction.atomic
def add_immediate_action(*, plan, **fields) -> ImmediateAction:
    _ensure_plan_editable(plan)
    return ImmediateAction.objects.create(plan=plan, **fields)


def plan_problems(plan) -> list[str]:
    problems = []
    if not plan.focus.strip():
        problems.append(_("Falta el foco del plan."))
    if not plan.methodologies.exists():
        problems.append(_("Priorice al menos una metodología de mejoramiento."))
    if not plan.lines.exists():
        problems.append(_("Agregue al menos una línea de acción."))
    return problems


@transaction.atomic
def submit_plan(*, plan, user) -> ImprovementPlan:
    _ensure_plan_editable(plan)
    problems = plan_problems(plan)
    if problems:
        raise ValidationError(problems)
    plan.status = PlanStatus.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.save(update_fields=["status", "submitted_at"])
    return plan


@transaction.atomic
def review_plan(*, plan, user, approve: bool, comments: str = "") -> ImprovementPlan:
    """Only the validator who validated the self-assessment reviews the plan (seed: the same evaluators)."""
    sa = SelfAssessment.objects.filter(committee_id=plan.committee_id).first()
    if sa is None or sa.status != SelfAssessmentStatus.VALIDATED or sa.validator_id != user.pk:
        raise PermissionDenied(_("El plan lo valida el mismo validador que validó la autoevaluación."))
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("El plan no está en validación."))
    if not approve and not comments.strip():
        raise ValidationError({"comments": _("Explique qué debe corregirse al devolver el plan.")})
    plan.review_comments = comments.strip()
    plan.status = PlanStatus.APPROVED if approve else PlanStatus.RETURNED
    plan.approved_at = timezone.now() if approve else None
    plan.save(update_fields=["review_comments", "status", "approved_at"])
    return plan


@transaction.atomic
def record_progress(
    *,
    user,
    percent: int,
    comment: str,
    line=None,
    immediate_action=None,
    evidence=None,
    on_date: datetime.date | None = None,
) -> ProgressUpdate:
    target = line or immediate_action
    if target.plan.status != PlanStatus.APPROVED:
        raise ValidationError(_("El avance se registra cuando el plan está validado y en ejecución."))
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": _("El avance es un porcentaje entre 0 y 100.")})
    if not comment.strip():
        raise ValidationError({"comment": _("Describa el avance.")})
    update = ProgressUpdate.objects.create(
        line=line,
        immediate_action=immediate_action,
        percent=percent,
        comment=comment.strip(),
        author=user,
        evidence=evidence or "",
    )
    target.progress = percent
    target.status = (
        ItemStatus.DONE if percent == 100 else ItemStatus.IN_PROGRESS if percent else ItemStatus.PENDING
    )
    fields = ["progress", "status"]
    if line is not None:
        line.completed_at = (on_date or timezone.localdate()) if percent == 100 else None
        fields.append("completed_at")
    target.save(update_fields=fields)
    return update


@transaction.atomic
def close_plan(*, plan, achievements: str) -> ImprovementCommittee | None:
    """Close the cycle: record the achievements. The next cycle starts with a new diagnostic and a
    new committee (its number follows)."""
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError(_("Solo se cierra un plan validado."))
    if not achievements.strip():
        raise ValidationError({"achievements": _("Describa lo logrado.")})
    plan.achievements = achievements.strip()
    plan.status = PlanStatus.CLOSED
    plan.closed_at = timezone.now()
    plan.save(update_fields=["achievements", "status", "closed_at"])
    committee = plan.committee
    committee.is_closed = True
    committee.save(update_fields=["is_closed"])
    return committee


def draft_good_practice(*, line, user):
    """Turn a completed line into a draft good-practice case through the registered drafter."""
    if line.status != ItemStatus.DONE:
        raise ValidationError(_("Solo una línea terminada puede proponerse como buena práctica."))
    if not GOOD_PRACTICE_DRAFTERS:
        raise ValidationError(_("La biblioteca de buenas prácticas no está disponible."))
    return GOOD_PRACTICE_DRAFTERS[0](line, user)


def methodologies_for(plan):
    sa = plan.committee.self_assessment
    codes = ManagementArea.objects.filter(instrument_id=sa.instrument_id).values_list("code", flat=True)
    return Methodology.objects.filter(is_active=True, area_code__in=list(codes))
