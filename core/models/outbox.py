"""Delivery bookkeeping for background work.

PendingTask is the outbox for tasks that could not reach the broker: the user's action has
already succeeded, so the call is kept here and `core.tasks.flush_pending_tasks` (Celery beat,
every minute) queues it again once the broker answers.

SentEmail records every e-mail sent under an idempotency key, so a task that runs twice (a retry
after a timeout, a redelivery after a worker crash) never sends the same message twice.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingTask(models.Model):
    task_name = models.CharField(_("tarea"), max_length=200)
    args = models.JSONField(_("argumentos"), default=list, blank=True)
    kwargs = models.JSONField(_("argumentos con nombre"), default=dict, blank=True)
    # apply_async options (queue, countdown...) so a re-queued call goes where the original would.
    options = models.JSONField(_("opciones de envío"), default=dict, blank=True)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("intentos"), default=0)
    last_attempt_at = models.DateTimeField(_("último intento"), null=True, blank=True)
    last_error = models.TextField(_("último error"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("tarea pendiente")
        verbose_name_plural = _("tareas pendientes")

    def __str__(self):
        return f"{self.task_name} ({self.attempts})"


class SentEmail(models.Model):
    key = models.CharField(_("clave"), max_length=255, unique=True)
    recipients = models.JSONField(_("destinatarios"), default=list)
    subject = models.CharField(_("asunto"), max_length=255)
    sent_at = models.DateTimeField(_("enviado"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("correo enviado")
        verbose_name_plural = _("correos enviados")

    def __str__(self):
        return f"{self.key}: {self.subject}"
