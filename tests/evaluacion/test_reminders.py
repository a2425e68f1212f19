"""Evaluators get 72 h and 24 h reminders of their pending reviews, with entry codes only."""

from datetime import timedelta

import pytest
from django.core import mail
from freezegun import freeze_time

from evaluacion import tasks

pytestmark = pytest.mark.django_db


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
