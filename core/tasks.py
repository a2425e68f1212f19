"""Kernel background tasks: the outbox flush, the generic e-mail task and the export builder.

App-specific tasks (receipts, reminders, indexing) live in each app's tasks.py and use
``core.taskutils.portal_task`` / ``enqueue`` / ``send_email_once``.
"""

from celery import shared_task

from core import exports
from core.taskutils import flush_pending, portal_task, send_email_once


# No automatic retry: it runs every minute anyway, and a retry storm while the broker is down helps nobody.
@shared_task(name="core.tasks.flush_pending_tasks", ignore_result=True)
def flush_pending_tasks(limit: int = 200) -> dict:
    return flush_pending(limit=limit)


@portal_task(name="core.tasks.send_email", ignore_result=True)
def send_email(*, key: str, to: list[str], subject: str, body: str, html: str | None = None) -> bool:
    """Send an already rendered e-mail at most once per ``key`` (see send_email_once)."""
    return send_email_once(key=key, to=to, subject=subject, body=body, html=html)


@portal_task(name="core.tasks.run_export", ignore_result=True)
def run_export(job_id: str) -> str:
    """Build the file of an ExportJob (core.exports); a job already ready is not built again."""
    return exports.run_job(job_id)
