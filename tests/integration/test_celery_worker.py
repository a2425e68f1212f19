"""A real Celery worker process, on Redis and the test database, runs a task and we see its effect."""

import time
import uuid

import pytest

from core.models import SentEmail
from core.tasks import send_email
from core.taskutils import enqueue_with_options

pytestmark = [
    pytest.mark.services("CELERY_BROKER_URL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def wait_for(predicate, *, timeout=30.0, what="condición"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"Tiempo agotado esperando: {what}")


def test_worker_sends_the_email_once_even_when_the_task_is_delivered_twice(celery_worker):
    key = f"integration:{uuid.uuid4().hex}"
    payload = {
        "key": key,
        "to": ["postulante@muni.cl"],
        "subject": "Recibo de postulación",
        "body": "Recibida.",
    }

    # Outside any transaction on_commit runs at once: both calls go to Redis now.
    enqueue_with_options(send_email, kwargs=payload, queue=celery_worker.queue)
    enqueue_with_options(send_email, kwargs=payload, queue=celery_worker.queue)

    log = celery_worker.wait_for_log(r"Task core\.tasks\.send_email\[[^\]]+\] succeeded", count=2)
    wait_for(lambda: SentEmail.objects.filter(key=key).exists(), what="fila SentEmail escrita por el worker")

    sent = SentEmail.objects.get(key=key)
    assert (sent.recipients, sent.subject) == (["postulante@muni.cl"], "Recibo de postulación")
    assert SentEmail.objects.filter(key=key).count() == 1
    assert f"Correo {key} enviado" in log
    assert f"Correo {key} ya enviado; no se repite" in log
