"""How every app queues background work and sends e-mail from a task.

Three things other apps use:

- ``portal_task``: the decorator for tasks (a ``shared_task`` with retries and exponential backoff).
- ``enqueue(task, *args, **kwargs)``: queue a task once the current transaction commits. If the
  broker is unreachable the user's action still succeeds: the call is stored as a PendingTask and
  ``core.tasks.flush_pending_tasks`` (Celery beat, every minute) queues it again later.
- ``send_email_once(key=..., to=..., subject=..., body=...)``: send an e-mail at most once per key,
  so a task that is retried or delivered twice never sends the same message twice.

A task that exhausts its retries (the mail server down for longer than the backoff, a search server
down for minutes) is not dropped: ``OutboxTask.on_failure`` puts the call back in the outbox
(PendingTask) and the beat flush queues it again later, with a growing pause between rounds (1, 2,
4... minutes, at most an hour) and at most ``OUTBOX_MAX_ROUNDS`` rounds. Exactly once still holds:
e-mails go through ``send_email_once`` and the other tasks are idempotent.

Tasks take primary keys (never model instances) and call the app's services; arguments must be
JSON-serialisable because a call may wait in the database until the broker is back.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from functools import partial

from celery import Task, current_app, shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.models import PendingTask, SentEmail

logger = logging.getLogger(__name__)

# Errors that mean "the broker is not reachable now" (Celery re-raises transport connection errors
# as kombu's OperationalError; the rest are belt and braces). Anything else, e.g. an argument that
# cannot be serialised, is a programming error and must surface.
BROKER_ERRORS: tuple[type[BaseException], ...] = (
    KombuOperationalError,
    RedisConnectionError,
    RedisTimeoutError,
    ConnectionError,
    TimeoutError,
)

# Retries for every task: exponential backoff (1 s, 2 s, 4 s... capped at 10 minutes) with jitter so
# that a burst of failures does not retry in lockstep.
RETRY_OPTIONS = {
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 6,
}


# The outbox round travels as a message header of the re-queued call.
OUTBOX_HEADER = "portal_outbox_round"
# Rounds of "retries exhausted, back to the outbox" before a call is given up (logged as an error):
# with the pauses below, about two days.
OUTBOX_MAX_ROUNDS = 50
OUTBOX_MAX_PAUSE = timedelta(hours=1)


def outbox_pause(round_number: int) -> timedelta:
    """Pause before a call that failed ``round_number`` times is queued again: 1, 2, 4... minutes."""
    return min(timedelta(minutes=2 ** max(0, round_number - 1)), OUTBOX_MAX_PAUSE)


def _outbox_round(request) -> int:
    value = getattr(request, OUTBOX_HEADER, None)
    if value is None:
        value = (getattr(request, "headers", None) or {}).get(OUTBOX_HEADER)
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


class OutboxTask(Task):
    """Base of every ``portal_task``: when the last retry fails, the call goes back to the outbox."""

    outbox_on_failure = True

    def signature_from_request(self, request=None, *args, **kwargs):
        """Retries keep the outbox round: a worker's request holds custom headers as attributes,
        which Celery does not copy into the retried message by itself."""
        signature = super().signature_from_request(request, *args, **kwargs)
        round_number = _outbox_round(self.request if request is None else request)
        if round_number:
            headers = dict(signature.options.get("headers") or {})
            headers[OUTBOX_HEADER] = round_number
            signature.set(headers=headers)
        return signature

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        super().on_failure(exc, task_id, args, kwargs, einfo)
        if not self.outbox_on_failure:
            return
        round_number = _outbox_round(self.request) + 1
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if round_number > OUTBOX_MAX_ROUNDS:
            logger.error(
                "Tarea %s abandonada tras %s rondas de reintentos: %s",
                self.name,
                OUTBOX_MAX_ROUNDS,
                error,
                extra={"task_name": self.name, "task_id": task_id},
            )
            return
        try:
            PendingTask.objects.create(
                task_name=self.name,
                args=list(args or ()),
                kwargs=dict(kwargs or {}),
                options={"headers": {OUTBOX_HEADER: round_number}},
                attempts=round_number,
                last_attempt_at=timezone.now(),
                last_error=error,
            )
        except Exception:  # the database too: nothing more can be done here, say it loudly
            logger.exception("No se pudo devolver la tarea %s a la bandeja de salida", self.name)
            return
        logger.warning(
            "Tarea %s agotó sus reintentos (%s); vuelve a la bandeja de salida (ronda %s)",
            self.name,
            error,
            round_number,
            extra={"task_name": self.name, "task_id": task_id, "outbox_round": round_number},
        )


def portal_task(*args, **options):
    """``@portal_task`` or ``@portal_task(name=..., max_retries=...)``: a shared task with retries
    whose calls go back to the outbox when the retries run out (``outbox_on_failure=False`` to opt out)."""
    merged = {"base": OutboxTask, **RETRY_OPTIONS, **options}
    if args and callable(args[0]) and len(args) == 1 and not options:
        return shared_task(**merged)(args[0])
    return shared_task(*args, **merged)


def _task_name(task) -> str:
    return task if isinstance(task, str) else task.name


def _resolve(task_name: str):
    """The registered task object, importing the apps' task modules if needed; None if unknown."""
    app = current_app
    task = app.tasks.get(task_name)
    if task is None:
        app.loader.import_default_modules()
        task = app.tasks.get(task_name)
    return task


def publish(task_name: str, args: Sequence = (), kwargs: dict | None = None, options: dict | None = None):
    """Send one call to the broker now (or run it in-process in eager mode). Raises BROKER_ERRORS."""
    kwargs = kwargs or {}
    options = options or {}
    task = _resolve(task_name)
    if task is not None:
        return task.apply_async(args=list(args), kwargs=kwargs, **options)
    # Unknown here (its code is only installed on the workers): the broker can still route it.
    return current_app.send_task(task_name, args=list(args), kwargs=kwargs, **options)


def dispatch(
    task_name: str, args: Sequence = (), kwargs: dict | None = None, options: dict | None = None
) -> bool:
    """Publish now; if the broker is down, record the call for later. True when it was published."""
    try:
        publish(task_name, args, kwargs, options)
        return True
    except BROKER_ERRORS as exc:
        logger.warning(
            "Broker no disponible; tarea %s guardada para reintentar",
            task_name,
            extra={"task_name": task_name, "error": f"{type(exc).__name__}: {exc}"},
        )
        PendingTask.objects.create(
            task_name=task_name,
            args=list(args),
            kwargs=kwargs or {},
            options=options or {},
            attempts=1,
            last_attempt_at=timezone.now(),
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        return False


def enqueue(task, *args, **kwargs) -> None:
    """Queue ``task(*args, **kwargs)`` after the current transaction commits.

    Never raises because of the broker: the caller's action has succeeded and must stay so.
    ``task`` is a task object or its registered name.
    """
    enqueue_with_options(task, args=args, kwargs=kwargs)


def enqueue_with_options(task, *, args: Sequence = (), kwargs: dict | None = None, **options) -> None:
    """Like ``enqueue`` with apply_async options (``queue``, ``countdown``, ``eta``...)."""
    transaction.on_commit(partial(dispatch, _task_name(task), tuple(args), dict(kwargs or {}), options))


def flush_pending(*, limit: int = 200) -> dict[str, int]:
    """Queue again the calls recorded while the broker was down, oldest first.

    Stops at the first broker error (the broker is still down; the next run will try again).
    On PostgreSQL rows are locked with SKIP LOCKED so two concurrent runs never queue a call twice.
    """
    published = failed = 0
    now = timezone.now()
    with transaction.atomic():
        batch = list(
            PendingTask.objects.select_for_update(skip_locked=True).order_by("created_at", "id")[:limit]
        )
        for pending in batch:
            if not _is_due(pending, now):
                continue
            try:
                publish(pending.task_name, pending.args, pending.kwargs, pending.options)
            except BROKER_ERRORS as exc:
                failed += 1
                pending.attempts += 1
                pending.last_attempt_at = timezone.now()
                pending.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                pending.save(update_fields=["attempts", "last_attempt_at", "last_error"])
                logger.warning(
                    "Broker aún no disponible; %s tareas siguen pendientes", len(batch) - published
                )
                break
            pending.delete()
            published += 1
    remaining = PendingTask.objects.count()
    if published:
        logger.info("Tareas pendientes reencoladas: %s (quedan %s)", published, remaining)
    return {"published": published, "failed": failed, "remaining": remaining}


def _is_due(pending, now) -> bool:
    """Calls that came back after exhausting their retries wait ``outbox_pause`` between rounds;
    calls recorded because the broker was down go at the next flush."""
    round_number = ((pending.options or {}).get("headers") or {}).get(OUTBOX_HEADER)
    if not round_number or pending.last_attempt_at is None:
        return True
    return now - pending.last_attempt_at >= outbox_pause(int(round_number))


def send_email_once(
    *,
    key: str,
    to: Sequence[str],
    subject: str,
    body: str,
    html: str | None = None,
    from_email: str | None = None,
    reply_to: Sequence[str] | None = None,
) -> bool:
    """Send an e-mail unless one was already sent under ``key``. True when it was sent now.

    The SentEmail row (unique key) is inserted and the message sent inside one transaction: if
    sending fails the row is rolled back and a retry sends it; a concurrent run blocks on the
    unique index and then sees IntegrityError, so it sends nothing. The remaining window (message
    handed to the mail server, then the commit fails) can only produce a duplicate, never a loss.
    Build keys from what makes the message unique, e.g. ``f"receipt:{submission.pk}"`` or
    ``f"reminder-24h:{call.pk}:{user.pk}"``.
    """
    recipients = [address for address in to if address]
    if not recipients:
        return False
    try:
        with transaction.atomic():
            SentEmail.objects.create(key=key, recipients=recipients, subject=subject[:255])
            message = EmailMultiAlternatives(
                subject=subject,
                body=body,
                from_email=from_email or settings.DEFAULT_FROM_EMAIL,
                to=recipients,
                reply_to=list(reply_to) if reply_to else None,
            )
            if html:
                message.attach_alternative(html, "text/html")
            message.send()
    except IntegrityError:
        logger.info("Correo %s ya enviado; no se repite", key, extra={"email_key": key})
        return False
    logger.info("Correo %s enviado", key, extra={"email_key": key, "recipients": len(recipients)})
    return True
