"""The evaluation's tasks (evaluacion/tasks.py): blind copies once submissions close, reviewers'
72 h and 24 h reminders with entry codes only, and the results e-mail to each municipality once."""

from datetime import timedelta

import pytest
from django.core import mail
from freezegun import freeze_time

from core.models import Role
from evaluacion import tasks
from evaluacion.models import DecisionChoice, RedactedCopy
from evaluacion.services.blind_copies import edit_redacted_copy
from evaluacion.services.committee import record_decision
from tests.evaluacion.conftest import to_committee_phase_scored
from tests.factories.core import make_user

pytestmark = pytest.mark.django_db


def test_copies_are_created_for_every_admissible_entry_and_edits_are_kept(competition):
    RedactedCopy.objects.all().delete()

    assert tasks.prepare_blind_copies.delay().get() == 3
    copy = RedactedCopy.objects.get(submission=competition.entry)
    assert "La Serena" not in str(copy.fields)
    assert "[reservado]" in copy.fields["summary"]

    edited = {**copy.fields, "summary": "Resumen revisado por la coordinación."}
    edit_redacted_copy(copy=copy, fields=edited, actor=competition.staff)
    tasks.prepare_blind_copies.delay().get()

    assert RedactedCopy.objects.count() == 3
    assert (
        RedactedCopy.objects.get(submission=competition.entry).fields["summary"]
        == "Resumen revisado por la coordinación."
    )


def _run_at(moment):
    with freeze_time(moment):
        return tasks.send_review_reminders.delay().get()


def test_pending_reviews_are_reminded_once_per_window_without_identities(competition):
    close = competition.call.evaluation_close_at

    assert _run_at(close - timedelta(hours=80)) == 0
    assert _run_at(close - timedelta(hours=50)) == 2  # one e-mail per evaluator with pending reviews
    assert _run_at(close - timedelta(hours=49)) == 0
    assert _run_at(close - timedelta(hours=3)) == 2

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([competition.assigned.email, competition.unassigned.email] * 2)
    assert competition.conflicted.email not in recipients
    to_assigned = [m for m in mail.outbox if m.to == [competition.assigned.email]][0]
    assert competition.entry.code in to_assigned.body
    for identity in ("La Serena", "Marcela", "laserena", competition.entry.title):
        assert identity not in to_assigned.body
        assert identity not in to_assigned.subject


def test_results_email_goes_to_creator_contact_and_active_members_of_each_municipality_once(db):
    from evaluacion import tasks

    call, entries = to_committee_phase_scored()
    staff = make_user("staff@asoc.cl", roles=[Role.COORDINATOR])
    make_user("colega@valdivia.cl", roles=[Role.APPLICANT], comuna_code="14101")
    retired = make_user("antigua@santiago.cl", roles=[Role.APPLICANT], comuna_code="13101")
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    for entry in entries:
        record_decision(
            submission=entry,
            actor=staff,
            outcome=DecisionChoice.FINALIST,
            adjusted_score=None,
            reason="Acta.",
        )
    mail.outbox.clear()

    assert tasks.notify_results.delay(call.pk).get() == 3
    assert tasks.notify_results.delay(call.pk).get() == 0

    by_code = {next(e.code for e in entries if e.code in m.body): sorted(m.to) for m in mail.outbox}
    assert by_code == {
        entries[0].code: ["autor@laserena.cl", "mrojas@laserena.cl"],
        entries[1].code: ["autor@laserena.cl", "colega@valdivia.cl", "mrojas@laserena.cl"],
        entries[2].code: ["autor@laserena.cl", "mrojas@laserena.cl"],
    }
