from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from concurso.models import Call
from core.models import Role
from evaluacion.models import DecisionChoice
from evaluacion.selectors.scores import published_results
from evaluacion.services.committee import record_decision
from evaluacion.services.publication import publish_results
from portal.models import GoodPracticePage
from tests.evaluacion.conftest import to_committee_phase_scored
from tests.factories.core import make_user
from tests.factories.portal import home_page_factory, library_index_factory


def test_publication_creates_draft_pages_in_moderation_and_notifies(db, django_capture_on_commit_callbacks):
    from portal.services.roles import ensure_editorial_workflow

    home_page_factory()
    library = library_index_factory()
    ensure_editorial_workflow(pages=[library])
    call, entries = to_committee_phase_scored()
    staff = make_user("staff@asoc.cl", roles=[Role.COORDINATOR])
    outcomes = [DecisionChoice.WINNER, DecisionChoice.MENTION, DecisionChoice.NOT_SELECTED]
    for entry, outcome in zip(entries, outcomes, strict=True):
        record_decision(submission=entry, actor=staff, outcome=outcome, adjusted_score=None, reason="Acta.")
    with pytest.raises(ValidationError):  # not yet the results phase
        publish_results(call=call, actor=staff)
    Call.objects.filter(pk=call.pk).update(results_at=timezone.now() - timedelta(minutes=1))
    call.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_results(call=call, actor=staff)
    call.refresh_from_db()
    assert call.results_published_at is not None
    pages = GoodPracticePage.objects.filter(external_id__startswith="concurso:")
    assert pages.count() == 2
    for page in pages:
        assert not page.live
        assert page.competition_decision.submission.call == call  # the recognition is the decision itself
        assert page.source == f"Postulación del municipio al {call.title}"
        assert page.current_workflow_state is not None
    winner = entries[0].decision
    winner.refresh_from_db()
    assert winner.practice_pages.get().competition_decision_id == winner.pk
    assert len(mail.outbox) == 3
    results = published_results(call)
    assert [(s.pk, d.outcome) for s, d, _rank in next(iter(results.values()))] == [
        (entries[0].pk, "ganadora"),
        (entries[1].pk, "mencion"),
    ]
