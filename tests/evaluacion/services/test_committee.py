from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from concurso.models import Call
from core.models import Role
from evaluacion.models import DecisionChoice, DecisionLog
from evaluacion.services.committee import DecisionInput, record_decision, record_decisions
from evaluacion.services.phases import close_evaluation
from tests.evaluacion.conftest import scored_call
from tests.factories.core import make_user


def test_decisions_refused_outside_the_committee_phase_even_in_bulk(competition):
    c = competition
    with pytest.raises(ValidationError):
        record_decisions(
            call=c.call,
            actor=c.committee,
            items=[DecisionInput(submission=c.entry, outcome=DecisionChoice.WINNER, reason="Pronto.")],
        )
    assert not DecisionLog.objects.exists()
    Call.objects.filter(pk=c.call.pk).update(results_published_at=timezone.now())
    c.call.refresh_from_db()
    assert not c.committee.has_perm("evaluacion.decide_now", c.call)


def test_decisions_need_a_reason_are_logged_and_lock_after_publication(db):
    call, entries = scored_call()
    member = make_user("comite@asoc.cl", roles=[Role.COMMITTEE])
    # Still in the evaluation phase: scores are provisional and the committee may not decide yet.
    with pytest.raises(ValidationError, match="provisionales"):
        record_decision(
            submission=entries[0],
            actor=member,
            outcome=DecisionChoice.WINNER,
            adjusted_score=None,
            reason="Demasiado pronto.",
        )
    assert not DecisionLog.objects.exists()
    close_evaluation(call=call, actor=member, reason="Llegaron todas las evaluaciones.")
    with pytest.raises(ValidationError):
        record_decision(
            submission=entries[0], actor=member, outcome=DecisionChoice.WINNER, adjusted_score=None, reason=""
        )
    record_decision(
        submission=entries[0],
        actor=member,
        outcome=DecisionChoice.WINNER,
        adjusted_score=None,
        reason="El mejor.",
    )
    record_decision(
        submission=entries[0],
        actor=member,
        outcome=DecisionChoice.WINNER,
        adjusted_score=Decimal("88.5"),
        reason="Ajuste por evidencia adicional.",
    )
    log = list(
        DecisionLog.objects.filter(submission=entries[0]).values_list(
            "field", "old_value", "new_value", "reason"
        )
    )
    assert log == [
        ("decision", "", "ganadora", "El mejor."),
        ("puntaje", "", "88.50", "Ajuste por evidencia adicional."),
    ]
    entry_log = DecisionLog.objects.first()
    entry_log.reason = "cambiado"
    with pytest.raises(ValidationError):
        entry_log.save()
    with pytest.raises(ValidationError):
        entry_log.delete()
    Call.objects.filter(pk=call.pk).update(results_published_at=timezone.now())
    entries[0].call.refresh_from_db()
    with pytest.raises(ValidationError):
        record_decision(
            submission=entries[0],
            actor=member,
            outcome=DecisionChoice.MENTION,
            adjusted_score=None,
            reason="Tarde.",
        )
    assert not member.has_perm("evaluacion.decide", entries[0])
