"""Side effects of the competition, run by Celery workers (or eagerly without a broker). Tasks take ids."""

from concurso import emails
from core.taskutils import portal_task


@portal_task
def send_submission_receipt(submission_id: int) -> bool:
    return emails.send_submission_receipt(submission_id)


@portal_task
def send_admissibility_result(event_id: int) -> bool:
    return emails.send_admissibility_result(event_id)


@portal_task
def send_deadline_reminders() -> int:
    """Celery beat, every 15 minutes: 72 h and 24 h reminders before each submission deadline."""
    return emails.send_deadline_reminders()
