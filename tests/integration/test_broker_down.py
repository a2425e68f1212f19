"""With the broker down a user's action still succeeds; the work waits in PendingTask until it is back."""

import pytest
from django.urls import reverse

from core.models import PendingTask, SentEmail, User
from core.tasks import flush_pending_tasks
from tests.integration.conftest import closed_port_url

pytestmark = [
    pytest.mark.urls("tests.integration.urls"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_action_succeeds_and_the_task_is_recorded_when_the_broker_is_down(client, broker_down):
    response = client.post(reverse("register_contact"), {"email": "nueva@muni.cl"})

    assert response.status_code == 200
    user = User.objects.get(email="nueva@muni.cl")
    pending = PendingTask.objects.get()
    assert (pending.task_name, pending.args, pending.attempts) == ("core.tasks.send_email", [], 1)
    assert pending.kwargs == {
        "key": f"welcome:{user.pk}",
        "to": ["nueva@muni.cl"],
        "subject": "Bienvenida",
        "body": "Hola",
    }
    assert "OperationalError" in pending.last_error
    assert SentEmail.objects.count() == 0


def test_flush_keeps_the_task_while_the_broker_is_still_down(client, broker_down):
    client.post(reverse("register_contact"), {"email": "otra@muni.cl"})

    result = flush_pending_tasks.apply().get()

    assert result == {"published": 0, "failed": 1, "remaining": 1}
    assert PendingTask.objects.get().attempts == 2


@pytest.mark.services("CELERY_BROKER_URL")
def test_flush_requeues_when_the_broker_is_back_and_a_worker_sends_it(client, celery_config, celery_worker):
    queue = celery_worker.queue
    with celery_config(broker_url=closed_port_url(), task_always_eager=False):
        response = client.post(reverse("register_contact"), {"email": "tarde@muni.cl", "queue": queue})
    assert response.status_code == 200
    assert PendingTask.objects.count() == 1

    # The broker is back (the fixtures point the app at the real Redis again): beat's next flush.
    result = flush_pending_tasks.apply().get()

    assert result == {"published": 1, "failed": 0, "remaining": 0}
    celery_worker.wait_for_log(r"Task core\.tasks\.send_email\[[^\]]+\] succeeded")
    user = User.objects.get(email="tarde@muni.cl")
    assert SentEmail.objects.filter(key=f"welcome:{user.pk}").count() == 1
