"""Deadline reminders: 72 h and 24 h before each municipality's own deadline, each sent once."""

from datetime import timedelta

import pytest
from django.core import mail
from freezegun import freeze_time

from concurso import tasks
from concurso.models import DeadlineExtension, SubmissionStatus
from tests.factories.concurso import SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(call, applicant, colleague):
    return SubmissionFactory(call=call, municipality=applicant.municipality, created_by=applicant)


def _run_at(moment):
    with freeze_time(moment):
        return tasks.send_deadline_reminders.delay().get()


def test_reminders_at_72_and_24_hours_each_once(call, draft, applicant, colleague):
    close = call.submissions_close_at

    assert _run_at(close - timedelta(hours=100)) == 0
    assert _run_at(close - timedelta(hours=71)) == 1
    assert _run_at(close - timedelta(hours=70)) == 0  # same window: not again
    assert _run_at(close - timedelta(hours=23)) == 1
    assert _run_at(close - timedelta(hours=1)) == 0
    assert _run_at(close + timedelta(minutes=1)) == 0

    assert len(mail.outbox) == 2
    assert set(mail.outbox[0].to) == {applicant.email, colleague.email}
    assert "72 horas" in mail.outbox[0].subject
    assert "24 horas" in mail.outbox[1].subject
    assert call.title in mail.outbox[1].subject
    assert "hora de Chile continental" in mail.outbox[1].body


def test_no_reminder_without_drafts(call, applicant):
    SubmissionFactory(
        call=call,
        municipality=applicant.municipality,
        created_by=applicant,
        status=SubmissionStatus.SUBMITTED,
    )

    assert _run_at(call.submissions_close_at - timedelta(hours=10)) == 0
    assert mail.outbox == []


def test_extension_for_one_municipality_moves_its_reminders(call, draft, staff):
    DeadlineExtension.objects.create(
        call=call,
        municipality=draft.municipality,
        new_close_at=call.submissions_close_at + timedelta(days=5),
        reason="Corte de luz prolongado",
        created_by=staff,
    )

    assert _run_at(call.submissions_close_at - timedelta(hours=10)) == 0
    assert _run_at(call.submissions_close_at + timedelta(days=5) - timedelta(hours=10)) == 1
