from datetime import UTC, datetime, timedelta

import pytest

from core.reminders import reminder_window

DEADLINE = datetime(2026, 4, 5, 23, 59, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        (timedelta(hours=100), None),
        (timedelta(hours=72, seconds=1), None),
        (timedelta(hours=72), 72),
        (timedelta(hours=30), 72),
        (timedelta(hours=24), 24),
        (timedelta(minutes=5), 24),
        (timedelta(0), None),
        (-timedelta(hours=1), None),
    ],
)
def test_reminder_window(before, expected):
    assert reminder_window(DEADLINE, DEADLINE - before) == expected
