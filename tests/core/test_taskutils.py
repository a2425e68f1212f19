"""core.taskutils and the tasks, in-process (eager Celery, no broker needed)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from core import taskutils
from core.models import PendingTask, SentEmail
from core.tasks import flush_pending_tasks, send_email
from portal.celery import app as celery_app
from portal.tasks import publish_scheduled_pages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def eager_celery():
    """Run tasks in-process whatever CELERY_BROKER_URL says (the services CI run sets it)."""
    conf = celery_app.conf
    previous = (conf.task_always_eager, conf.task_eager_propagates)
    conf.task_always_eager, conf.task_eager_propagates = True, False
    yield
    conf.task_always_eager, conf.task_eager_propagates = previous


def email_kwargs(key="receipt:1", to=("postulante@muni.cl",)):
    return {"key": key, "to": list(to), "subject": "Recibo", "body": "Su postulación fue recibida."}


def test_send_email_once_sends_then_refuses_the_same_key():
    assert taskutils.send_email_once(**email_kwargs(), html="<p>Recibida</p>") is True
    assert taskutils.send_email_once(**email_kwargs()) is False

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["postulante@muni.cl"]
    assert mail.outbox[0].alternatives[0].mimetype == "text/html"
    assert list(SentEmail.objects.values_list("key", "recipients", "subject")) == [
        ("receipt:1", ["postulante@muni.cl"], "Recibo")
    ]


def test_a_different_key_is_a_different_email():
    taskutils.send_email_once(**email_kwargs(key="receipt:1"))
    taskutils.send_email_once(**email_kwargs(key="receipt:2"))

    assert len(mail.outbox) == 2


def test_a_failed_send_leaves_no_record_so_the_retry_sends_it():
    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionRefusedError),
        pytest.raises(ConnectionRefusedError),
    ):
        taskutils.send_email_once(**email_kwargs())
    assert SentEmail.objects.count() == 0

    assert taskutils.send_email_once(**email_kwargs()) is True
    assert len(mail.outbox) == 1


def test_no_recipients_sends_nothing():
    assert taskutils.send_email_once(**email_kwargs(to=["", None])) is False
    assert (len(mail.outbox), SentEmail.objects.count()) == (0, 0)


def test_the_email_task_run_twice_sends_once():
    send_email.apply(kwargs=email_kwargs())
    send_email.apply(kwargs=email_kwargs())

    assert len(mail.outbox) == 1


def test_the_email_task_retries_a_failing_smtp_server_and_then_sends(settings):
    real_send = taskutils.EmailMultiAlternatives.send
    calls = {"n": 0}

    def flaky_send(message, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] < 3:
            raise ConnectionResetError("smtp down")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(taskutils.EmailMultiAlternatives, "send", flaky_send):
        result = send_email.apply(kwargs=email_kwargs())

    assert result.successful()
    assert calls["n"] == 3
    assert len(mail.outbox) == 1


def test_every_portal_task_retries_with_exponential_backoff():
    for task in (send_email, publish_scheduled_pages):
        assert task.autoretry_for == (Exception,)
        assert (task.retry_backoff, task.retry_jitter) == (True, True)
        assert task.max_retries >= 2


def test_enqueue_waits_for_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        taskutils.enqueue(send_email, **email_kwargs())
        assert len(mail.outbox) == 0

    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_enqueue_records_a_pending_task_when_the_broker_is_down(django_capture_on_commit_callbacks):
    with (
        mock.patch.object(send_email, "apply_async", side_effect=OperationalError("Connection refused")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        taskutils.enqueue(send_email, **email_kwargs())

    pending = PendingTask.objects.get()
    assert (pending.task_name, pending.args, pending.kwargs) == ("core.tasks.send_email", [], email_kwargs())
    assert (pending.attempts, pending.last_error) == (1, "OperationalError: Connection refused")


def test_a_programming_error_is_not_swallowed_as_broker_down(django_capture_on_commit_callbacks):
    with (
        mock.patch.object(send_email, "apply_async", side_effect=TypeError("not serialisable")),
        pytest.raises(TypeError),
        django_capture_on_commit_callbacks(execute=True),
    ):
        taskutils.enqueue(send_email, **email_kwargs())
    assert PendingTask.objects.count() == 0


def test_flush_requeues_pending_tasks_oldest_first_and_deletes_them():
    PendingTask.objects.create(task_name="core.tasks.send_email", kwargs=email_kwargs(key="a"))
    PendingTask.objects.create(task_name="core.tasks.send_email", kwargs=email_kwargs(key="b"))

    result = flush_pending_tasks.apply().get()

    assert result == {"published": 2, "failed": 0, "remaining": 0}
    assert [message.subject for message in mail.outbox] == ["Recibo", "Recibo"]
    assert list(SentEmail.objects.order_by("key").values_list("key", flat=True)) == ["a", "b"]
    assert PendingTask.objects.count() == 0


def test_flush_stops_at_the_first_broker_error_and_counts_the_attempt():
    first = PendingTask.objects.create(
        task_name="core.tasks.send_email", kwargs=email_kwargs(key="a"), attempts=1
    )
    PendingTask.objects.create(task_name="core.tasks.send_email", kwargs=email_kwargs(key="b"), attempts=1)

    with mock.patch.object(send_email, "apply_async", side_effect=OperationalError("still down")) as publish:
        result = taskutils.flush_pending()

    assert publish.call_count == 1
    assert result == {"published": 0, "failed": 1, "remaining": 2}
    first.refresh_from_db()
    assert (first.attempts, first.last_error) == (2, "OperationalError: still down")


def test_flush_passes_the_stored_options_back_to_the_broker():
    PendingTask.objects.create(
        task_name="core.tasks.send_email", kwargs=email_kwargs(), options={"queue": "correo", "countdown": 5}
    )
    with mock.patch.object(send_email, "apply_async") as publish:
        taskutils.flush_pending()

    publish.assert_called_once_with(args=[], kwargs=email_kwargs(), queue="correo", countdown=5)


def test_unknown_task_names_are_sent_by_name():
    with mock.patch.object(celery_app, "send_task") as send_task:
        assert taskutils.dispatch("otra_app.tasks.no_instalada", (1,), {"x": 2}) is True

    send_task.assert_called_once_with("otra_app.tasks.no_instalada", args=[1], kwargs={"x": 2})


def test_publish_scheduled_pages_publishes_a_page_whose_time_has_come():
    from wagtail.models import Page

    from portal.models import StandardPage

    root = Page.get_first_root_node()
    page = root.add_child(instance=StandardPage(title="Bases 2026", slug="bases-2026", live=False))
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()

    publish_scheduled_pages.apply()

    page.refresh_from_db()
    assert page.live is True


def test_beat_schedule_runs_the_periodic_jobs():
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert schedule == {
        "core.tasks.flush_pending_tasks": 60.0,
        "portal.tasks.publish_scheduled_pages": 60.0,
        "concurso.tasks.send_deadline_reminders": 900.0,
        "evaluacion.tasks.send_review_reminders": 900.0,
        "evaluacion.tasks.prepare_blind_copies": 900.0,
        "difusion.tasks.send_event_reminders": 1800.0,
        "calidad.tasks.send_improvement_reminders": 3600.0,
    }
    celery_app.loader.import_default_modules()
    for name in schedule:
        assert name in celery_app.tasks
