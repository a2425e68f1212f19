from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from evaluacion.services.phases import close_committee, close_evaluation
from tests.evaluacion.conftest import PHASE_REASON, fresh_call


def test_the_log_is_append_only(competition):
    change = close_evaluation(call=competition.call, actor=competition.staff, reason=PHASE_REASON)
    change.reason = "otro"
    with pytest.raises(ValidationError):
        change.save()
    with pytest.raises(ValidationError):
        change.delete()


def test_results_date_follows_the_committee_close_by_a_microsecond(competition):
    close_evaluation(call=competition.call, actor=competition.staff, reason=PHASE_REASON)
    close_committee(call=competition.call, actor=competition.staff, reason=PHASE_REASON)
    call = fresh_call(competition.call)
    assert call.results_at - call.committee_close_at == timedelta(microseconds=1)
