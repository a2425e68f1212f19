"""Writes of conflicts of interest declared by evaluators or set by staff (locks, removals with a reason).

A conflict withdraws the evaluator's assignment and hands the entry to another conflict-free
evaluator (services.assignment). Automatic detection is a read (selectors.conflicts); storing
what it finds and withdrawing clashing assignments is services.assignment.refresh_conflicts."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from concurso.models import Submission
from core.models import User
from evaluacion.models import (
    Assignment,
    AssignmentStatus,
    Conflict,
    ConflictKind,
    ConflictRemoval,
)
from evaluacion.services.assignment import withdraw_and_reassign

logger = logging.getLogger(__name__)


@transaction.atomic
def add_staff_conflict(
    *, submission: Submission, evaluator: User, reason: str, actor: User, locked: bool = True
) -> Conflict:
    if not reason.strip():
        raise ValidationError(_("Indique el motivo del conflicto."))
    conflict, _created = Conflict.objects.update_or_create(
        submission=submission,
        evaluator=evaluator,
        defaults={"kind": ConflictKind.STAFF, "reason": reason, "locked": locked, "created_by": actor},
    )
    active = (
        Assignment.objects.filter(submission=submission, evaluator=evaluator)
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .first()
    )
    if active is not None:
        withdraw_and_reassign(active)
    return conflict


@transaction.atomic
def set_conflict_lock(*, conflict: Conflict, locked: bool) -> Conflict:
    conflict.locked = locked
    conflict.save(update_fields=["locked"])
    return conflict


@transaction.atomic
def remove_conflict(*, conflict: Conflict, actor: User, reason: str) -> ConflictRemoval:
    """Staff only (the view checks the role): removes a conflict with a written reason, logged."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Indique el motivo para quitar el conflicto."))
    if conflict.locked:
        raise ValidationError(_("El conflicto está bloqueado: desbloquéelo antes de quitarlo."))
    if conflict.kind == ConflictKind.DECLARED:
        raise ValidationError(_("Un conflicto declarado por el evaluador no se puede quitar."))
    removal = ConflictRemoval.objects.create(
        submission_id=conflict.submission_id,
        evaluator_id=conflict.evaluator_id,
        kind=conflict.kind,
        conflict_reason=conflict.reason,
        reason=reason,
        actor=actor,
    )
    logger.info(
        "Conflicto %s/%s (%s) quitado por %s",
        conflict.submission_id,
        conflict.evaluator_id,
        conflict.kind,
        actor.pk,
    )
    conflict.delete()
    return removal


@transaction.atomic
def declare_conflict(*, assignment: Assignment, reason: str) -> Assignment | None:
    """The evaluator declares a conflict: the entry goes to another conflict-free evaluator."""
    if not reason.strip():
        raise ValidationError(_("Explique brevemente el motivo del conflicto."))
    Conflict.objects.update_or_create(
        submission=assignment.submission,
        evaluator=assignment.evaluator,
        defaults={
            "kind": ConflictKind.DECLARED,
            "reason": reason,
            "locked": True,
            "created_by": assignment.evaluator,
        },
    )
    return withdraw_and_reassign(assignment)
