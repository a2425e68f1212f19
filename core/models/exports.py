"""Files prepared in the background (ranking spreadsheets, the committee's minutes, entry lists).

A user asks for an export; an ExportJob row records the request and ``core.tasks.run_export``
builds the file with the builder registered for its ``kind`` (core.exports). The file is kept
outside MEDIA_ROOT and served only by a view that checks the permission again.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.storage import PrivateStorage


def export_storage():
    return PrivateStorage()


def export_path(instance, filename):
    # A random name on disk: what the file is about is kept in the row, never in the path.
    return f"exportaciones/{instance.created_at:%Y/%m}/{secrets.token_hex(12)}"


class ExportStatus(models.TextChoices):
    PENDING = "pendiente", _("Pendiente")
    RUNNING = "en_curso", _("En preparación")
    READY = "lista", _("Lista")
    FAILED = "fallida", _("Fallida")


class ExportJob(models.Model):
    # The id is what URLs carry: unguessable, so a URL says nothing about how many exports exist.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("solicitada por"),
    )
    kind = models.CharField(_("tipo"), max_length=100)
    params = models.JSONField(_("parámetros"), default=dict, blank=True)
    status = models.CharField(
        _("estado"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    file = models.FileField(
        _("archivo"), upload_to=export_path, storage=export_storage, max_length=300, blank=True
    )
    filename = models.CharField(_("nombre del archivo"), max_length=200, blank=True)
    content_type = models.CharField(_("tipo de contenido"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("tamaño (bytes)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("solicitada el"), auto_now_add=True)
    started_at = models.DateTimeField(_("iniciada el"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminada el"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]
        verbose_name = _("exportación")
        verbose_name_plural = _("exportaciones")

    def __str__(self):
        return f"{self.kind} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.READY, ExportStatus.FAILED)
