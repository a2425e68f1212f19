"""SMTP down for longer than the retries: the e-mail goes back to the outbox and is sent later, once.

A real SMTP server (aiosmtpd) on loopback: stopped while the task runs out of retries, started
again before the beat flush.
"""

import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from concurso.tasks import send_deadline_reminders
from core import tasks
from core.models import PendingTask, SentEmail
from core.taskutils import OUTBOX_HEADER, enqueue, flush_pending, outbox_pause

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback, created stopped: ``smtp.start()`` / ``smtp.stop()``."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 3
    controller.inbox = inbox
    yield controller
    if getattr(controller, "_thread", None) is not None:
        controller.stop()


def _send(django_capture_on_commit_callbacks, key="receipt:42"):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(
            tasks.send_email,
            key=key,
            to=["alcaldia@muni.cl"],
            subject="Comprobante",
            body="Recibimos su postulación.",
        )


def test_an_email_that_exhausts_its_retries_goes_back_to_the_outbox_and_is_sent_once_later(
    smtp, django_capture_on_commit_callbacks
):
    # The mail server is down: the task retries (max_retries) and gives up.
    _send(django_capture_on_commit_callbacks)

    pending = PendingTask.objects.get()
    assert pending.task_name == "core.tasks.send_email"
    assert pending.kwargs["key"] == "receipt:42"
    assert pending.options == {"headers": {OUTBOX_HEADER: 1}}
    assert "ConnectionRefusedError" in pending.last_error
    assert SentEmail.objects.count() == 0

    # The beat flush a few seconds later leaves it waiting: the pause between rounds has not passed.
    assert flush_pending() == {"published": 0, "failed": 0, "remaining": 1}

    # The server is back; after the pause the flush queues it again and it is delivered.
    smtp.start()
    PendingTask.objects.update(last_attempt_at=timezone.now() - outbox_pause(1) - timedelta(seconds=1))
    assert flush_pending() == {"published": 1, "failed": 0, "remaining": 0}

    assert len(smtp.inbox.messages) == 1
    assert smtp.inbox.messages[0].rcpt_tos == ["alcaldia@muni.cl"]
    assert SentEmail.objects.filter(key="receipt:42").count() == 1

    # Exactly once: the same call again (a duplicate delivery, a second flush) sends nothing.
    _send(django_capture_on_commit_callbacks)
    assert flush_pending() == {"published": 0, "failed": 0, "remaining": 0}
    assert len(smtp.inbox.messages) == 1


def test_a_second_failed_round_waits_longer(smtp, django_capture_on_commit_callbacks):
    _send(django_capture_on_commit_callbacks, key="reminder:7")
    PendingTask.objects.update(last_attempt_at=timezone.now() - outbox_pause(1) - timedelta(seconds=1))

    # Still down at the next round: back in the outbox, round 2, waiting twice as long.
    assert flush_pending()["published"] == 1
    pending = PendingTask.objects.get()
    assert pending.options == {"headers": {OUTBOX_HEADER: 2}}
    assert pending.attempts == 2
    assert outbox_pause(2) == 2 * outbox_pause(1)
    PendingTask.objects.update(last_attempt_at=timezone.now() - outbox_pause(1) - timedelta(seconds=1))
    assert flush_pending()["published"] == 0

    smtp.start()
    PendingTask.objects.update(last_attempt_at=timezone.now() - outbox_pause(2) - timedelta(seconds=1))
    assert flush_pending()["published"] == 1
    assert len(smtp.inbox.messages) == 1
    assert not PendingTask.objects.exists()


def test_periodic_tasks_are_not_put_back_in_the_outbox():
    from evaluacion.tasks import prepare_blind_copies, send_review_reminders
    from portal.tasks import publish_scheduled_pages

    for task in (
        send_deadline_reminders,
        send_review_reminders,
        prepare_blind_copies,
        publish_scheduled_pages,
    ):
        assert task.outbox_on_failure is False, task.name
    assert tasks.send_email.outbox_on_failure is True


def test_a_retry_in_a_worker_keeps_the_outbox_round():
    """A worker's request carries custom message headers as attributes (not in ``headers``): the
    retried message must still say which outbox round it belongs to."""
    from celery.app.task import Context

    request = Context(
        {"id": "abc", "args": [], "kwargs": {"key": "k"}, OUTBOX_HEADER: 3, "delivery_info": {}}
    )
    signature = tasks.send_email.signature_from_request(request, [], {"key": "k"})
    assert signature.options["headers"][OUTBOX_HEADER] == 3
