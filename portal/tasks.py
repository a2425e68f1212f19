"""Background tasks of the public site: scheduled publishing of Wagtail pages."""

import io
import logging

from django.core.management import call_command

from core.taskutils import portal_task

logger = logging.getLogger(__name__)


# Periodic (beat runs it again anyway): a failed run is not put back in the outbox.
@portal_task(
    name="portal.tasks.publish_scheduled_pages", ignore_result=True, max_retries=2, outbox_on_failure=False
)
def publish_scheduled_pages() -> str:
    """Publish and unpublish Wagtail pages whose go-live / expiry time has come."""
    output = io.StringIO()
    call_command("publish_scheduled", stdout=output)
    text = output.getvalue().strip()
    if text:
        logger.info("Publicación programada: %s", text)
    return text
