"""Writes of phase changes: staff close the evaluation or the committee early, with a reason."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concurso.models import Call, Phase
from core.models import User
from evaluacion.models import (
    CallPhaseChange,
)

logger = logging.getLogger(__name__)


# The results phase starts right after the committee closes: Call.clean() wants every phase date
# strictly after the previous one, and Call.phase_at() counts results from results_at inclusive.
RESULTS_AFTER_COMMITTEE = timedelta(microseconds=1)


@transaction.atomic
def close_evaluation(*, call: Call, actor: User, reason: str) -> CallPhaseChange:
    """End the evaluation now: reviews can no longer be saved and the committee phase begins."""
    now = timezone.now()
    return _move_phase(
        call=call,
        actor=actor,
        reason=reason,
        expected=Phase.EVALUATION,
        target=Phase.COMMITTEE,
        dates={"evaluation_close_at": now},
        refused=_("Solo se puede cerrar la evaluación durante la fase de evaluación."),
    )


@transaction.atomic
def close_committee(*, call: Call, actor: User, reason: str) -> CallPhaseChange:
    """End the committee's work now and open the results phase, where staff publish the results."""
    now = timezone.now()
    return _move_phase(
        call=call,
        actor=actor,
        reason=reason,
        expected=Phase.COMMITTEE,
        target=Phase.RESULTS,
        dates={"committee_close_at": now, "results_at": now + RESULTS_AFTER_COMMITTEE},
        refused=_("Solo se puede cerrar el comité durante la fase del comité de expertos."),
    )


def _move_phase(
    *, call: Call, actor: User, reason: str, expected: str, target: str, dates: dict, refused: str
) -> CallPhaseChange:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Indique el motivo del cambio de fase."))
    locked = Call.objects.select_for_update().get(pk=call.pk)
    now = timezone.now()
    if locked.results_published_at is not None or locked.phase_at(now) != expected:
        raise ValidationError(refused)
    moved = {name: [getattr(locked, name).isoformat(), value.isoformat()] for name, value in dates.items()}
    for name, value in dates.items():
        setattr(locked, name, value)
    locked.clean()  # the phases stay in order (raises ValidationError otherwise)
    Call.objects.filter(pk=locked.pk).update(**dates)
    for name, value in dates.items():
        setattr(call, name, value)
    logger.info("Convocatoria %s: fase %s -> %s por %s", locked.slug, expected, target, actor.pk)
    return CallPhaseChange.objects.create(
        call=locked, from_phase=expected, to_phase=target, reason=reason, dates=moved, actor=actor, at=now
    )
