"""Portal-wide background tasks: the outbox flush, scheduled publishing and a generic e-mail task.

App-specific tasks (receipts, reminders, indexing, exports) live in each app's tasks.py and use
``portal.taskutils.portal_task`` / ``enqueue`` / ``send_email_once``.
"""

import io
import logging

from celery import shared_task
from django.core.management import call_command

from portal.taskutils import flush_pending, portal_task, send_email_once

logger = logging.getLogger(__name__)


# No automatic retry: it runs every minute anyway, and a retry storm while the broker is down helps nobody.
@shared_task(name="portal.tasks.flush_pending_tasks", ignore_result=True)
def flush_pending_tasks(limit: int = 200) -> dict:
    return flush_pending(limit=limit)


# Periodic (beat runs it again anyway): a failed run is not put back in the outbox.
@portal_task(name="portal.tasks.publish_scheduled_pages", ignore_result=True, max_retries=2, outbox_on_failure=False)
def publish_scheduled_pages() -> str:
    """Publish and unpublish Wagtail pages whose go-live / expiry time has come."""
    output = io.StringIO()
    call_command("publish_scheduled", stdout=output)
    text = output.getvalue().strip()
    if text:
        logger.info("Publicación programada: %s", text)
    return text


@portal_task(name="portal.tasks.send_email", ignore_result=True)
def send_email(*, key: str, to: list[str], subject: str, body: str, html: str | None = None) -> bool:
    """Send an already rendered e-mail at most once per ``key`` (see send_email_once)."""
    return send_email_once(key=key, to=to, subject=subject, body=body, html=html)


@portal_task(name="portal.tasks.run_export", ignore_result=True)
def run_export(job_id: str) -> str:
    """Build the file of an ExportJob (portal.exports); a job already ready is not built again."""
    from portal import exports

    return exports.run_job(job_id)
