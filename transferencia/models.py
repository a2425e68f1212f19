"""Replication of a good practice by another municipality (issue 13, point 3).

A replication refers to a practice page of the public site by its page id: the portal (a higher
layer) renders practices; this app only keeps the id and a title snapshot for lists and e-mails.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReplicationStatus(models.TextChoices):
    REQUESTED = "solicitada", _("Solicitada")
    DECLINED = "rechazada", _("Rechazada")
    IN_PROGRESS = "en_curso", _("En curso")
    COMPLETED = "completada", _("Completada")
    DISCARDED = "descartada", _("Descartada")


class StageKind(models.TextChoices):
    CONTACT = "contacto", _("Contacto")
    VISIT = "visita", _("Visita o pasantía")
    ADAPTATION = "adaptacion", _("Adaptación")
    IMPLEMENTED = "implementada", _("Implementada")
    DISCARDED = "descartada", _("Descartada")


OPEN_STATUSES = (ReplicationStatus.REQUESTED, ReplicationStatus.IN_PROGRESS)


class Replication(models.Model):
    practice_page_id = models.PositiveIntegerField(_("página de la práctica"), db_index=True)
    practice_title = models.CharField(_("práctica"), max_length=255)
    origin_municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        related_name="replications_given",
        verbose_name=_("municipalidad de origen"),
    )
    requester_municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        related_name="replications_requested",
        verbose_name=_("municipalidad que replica"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("solicitada por")
    )
    motivation = models.TextField(_("motivación"), max_length=3000)
    status = models.CharField(
        _("estado"),
        max_length=12,
        choices=ReplicationStatus.choices,
        default=ReplicationStatus.REQUESTED,
        db_index=True,
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("respondida por"),
    )
    answered_at = models.DateTimeField(_("respondida el"), null=True, blank=True)
    decline_reason = models.TextField(_("motivo del rechazo"), blank=True)
    contact_name = models.CharField(_("contacto en el municipio de origen"), max_length=200, blank=True)
    contact_email = models.EmailField(_("correo del contacto"), blank=True)
    contact_phone = models.CharField(_("teléfono del contacto"), max_length=40, blank=True)
    completed_on = models.DateField(_("implementada el"), null=True, blank=True)
    requester_consents = models.BooleanField(_("el municipio que replica autoriza publicar"), default=False)
    origin_consents = models.BooleanField(_("el municipio de origen autoriza publicar"), default=False)
    created_at = models.DateTimeField(_("creada el"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada el"), auto_now=True)

    class Meta:
        verbose_name = _("replicación")
        verbose_name_plural = _("replicaciones")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice_page_id", "requester_municipality"],
                condition=models.Q(status__in=["solicitada", "en_curso", "completada"]),
                name="one_live_replication_per_practice_and_municipality",
            ),
        ]

    def __str__(self):
        return f"{self.practice_title} → {self.requester_municipality}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_public(self) -> bool:
        return self.status == ReplicationStatus.COMPLETED and self.requester_consents and self.origin_consents


class ReplicationStage(models.Model):
    replication = models.ForeignKey(Replication, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("etapa"), max_length=12, choices=StageKind.choices)
    date = models.DateField(_("fecha"))
    notes = models.TextField(_("notas"), blank=True, max_length=3000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrada por")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("etapa de replicación")
        verbose_name_plural = _("etapas de replicación")
        ordering = ["date", "created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.date:%d-%m-%Y})"
