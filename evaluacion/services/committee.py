"""Writes of the committee: decisions and adjusted scores with their reasons (one entry or a whole
table at once, only in the committee phase), requests for an extra review."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concurso.models import Call, Phase, Submission
from core.models import User
from evaluacion.models import (
    Decision,
    DecisionChoice,
    DecisionLog,
    ExtraReviewRequest,
)

COMMITTEE_PHASES = (Phase.COMMITTEE, Phase.RESULTS)


def check_committee_phase(call: Call) -> None:
    """Decisions and adjustments only from the committee phase on (until publication)."""
    if call.phase not in COMMITTEE_PHASES:
        raise ValidationError(
            _(
                "El comité decide en su fase: la convocatoria está en «%(phase)s» y los puntajes aún son provisionales."
            )
            % {"phase": Phase(call.phase).label}
        )


@transaction.atomic
def request_extra_review(*, submission: Submission, actor: User, reason: str) -> ExtraReviewRequest:
    if not reason.strip():
        raise ValidationError(_("Indique el motivo de la evaluación adicional."))
    return ExtraReviewRequest.objects.create(submission=submission, requested_by=actor, reason=reason.strip())


def _fmt_score(value) -> str:
    return "" if value is None else f"{Decimal(value):.2f}"


@transaction.atomic
def record_decision(
    *, submission: Submission, actor: User, outcome: str, adjusted_score: Decimal | None, reason: str
) -> Decision:
    call = Call.objects.select_for_update().get(pk=submission.call_id)
    if call.results_published_at is not None:
        raise ValidationError(_("Los resultados ya se publicaron: las decisiones están cerradas."))
    check_committee_phase(call)
    if not reason or not reason.strip():
        raise ValidationError(_("Toda decisión o ajuste necesita un motivo escrito."))
    if outcome and outcome not in DecisionChoice.values:
        raise ValidationError(_("Decisión no válida."))
    if adjusted_score is not None and not Decimal(0) <= Decimal(adjusted_score) <= Decimal(100):
        raise ValidationError(_("El puntaje ajustado debe estar entre 0 y 100."))
    decision, _created = Decision.objects.select_for_update().get_or_create(submission=submission)
    changes = []
    if (outcome or "") != decision.outcome:
        changes.append((DecisionLog.Field.OUTCOME, decision.outcome, outcome or ""))
        decision.outcome = outcome or ""
    old_score, new_score = _fmt_score(decision.adjusted_score), _fmt_score(adjusted_score)
    if old_score != new_score:
        changes.append((DecisionLog.Field.ADJUSTED_SCORE, old_score, new_score))
        decision.adjusted_score = Decimal(new_score) if new_score else None
    if not changes:
        raise ValidationError(_("No hay cambios que registrar."))
    decision.save()
    now = timezone.now()
    for field, old, new in changes:
        DecisionLog.objects.create(
            submission=submission,
            field=field,
            old_value=old,
            new_value=new,
            reason=reason.strip(),
            actor=actor,
            at=now,
        )
    return decision


@dataclass
class DecisionInput:
    submission: Submission
    outcome: str
    reason: str
    adjusted_score: Decimal | None = None
    keep_score: bool = True  # the bulk table does not touch adjusted scores


@transaction.atomic
def record_decisions(*, call: Call, actor: User, items: list[DecisionInput]) -> int:
    """Many decisions at once (the committee's table): all or none; each needs its own reason.

    Rows without a change are skipped; errors are raised per entry code so the table can show them.
    """
    errors: dict[str, list[str]] = {}
    changed = 0
    for item in items:
        if item.submission.call_id != call.pk:
            raise PermissionDenied
        current = Decision.objects.filter(submission=item.submission).first()
        old_outcome = current.outcome if current else ""
        adjusted = (current.adjusted_score if current else None) if item.keep_score else item.adjusted_score
        if (item.outcome or "") == old_outcome and (
            item.keep_score or _fmt_score(adjusted) == _fmt_score(current.adjusted_score if current else None)
        ):
            continue
        try:
            with transaction.atomic():
                record_decision(
                    submission=item.submission,
                    actor=actor,
                    outcome=item.outcome,
                    adjusted_score=adjusted,
                    reason=item.reason,
                )
        except ValidationError as error:
            errors[item.submission.code] = error.messages
        else:
            changed += 1
    if errors:
        transaction.set_rollback(True)
        raise ValidationError(errors)
    return changed
