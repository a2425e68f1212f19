"""Side effects of the competition, run by Celery workers (or eagerly without a broker). Tasks take ids."""

from smtplib import SMTPException

from celery import shared_task

from concurso import emails


@shared_task(autoretry_for=(SMTPException, ConnectionError), retry_backoff=True, max_retries=5)
def send_submission_receipt(submission_id: int) -> bool:
    return emails.send_submission_receipt(submission_id)


@shared_task(autoretry_for=(SMTPException, ConnectionError), retry_backoff=True, max_retries=5)
def send_admissibility_result(event_id: int) -> bool:
    return emails.send_admissibility_result(event_id)
