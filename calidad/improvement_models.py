"""Self-assessment, external validation and the improvement plan (issue 12).

One **ImprovementCommittee** per municipality and cycle anchors the road: its members (the municipal
users who may edit), the decree that designates it and two technical counterparts. The committee
writes a **SelfAssessment** against a versioned model (an ``Instrument`` of kind
``autoevaluacion``: criterios = Dimensions, subcriterios = ManagementAreas, elementos de gestión =
Questions), one **ElementResponse** per element with evidence, declared score and attachments.
Staff assign a **validator** (never one of the municipality or, optionally, of its region) who asks
questions in **ElementMessage** threads, records validated scores and writes the feedback report
(**FeedbackItem** per subcriterio). Then the committee writes the **ImprovementPlan** (focus,
prioritised **PlanMethodology** from the staff-managed **Methodology** catalogue, **ActionLines**,
**ImmediateActions**), validated by the same validator, followed up with **ProgressUpdates**.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage

__all__ = [
    "ImprovementCommittee",
    "CommitteeMember",
    "SelfAssessmentStatus",
    "SelfAssessment",
    "ElementResponse",
    "ElementAttachment",
    "ElementMessage",
    "FeedbackItem",
    "Methodology",
    "PlanStatus",
    "ImprovementPlan",
    "PlanMethodology",
    "ItemStatus",
    "ActionLine",
    "ImmediateAction",
    "ProgressUpdate",
] + ["MAX_SCORE", "SCORE_CHOICES"]

SCORE_CHOICES = [(n, str(n)) for n in range(0, 4)]
MAX_SCORE = 3


def improvement_path(instance, filename):
    return f"calidad/mejora/{timezone.now():%Y/%m}/{filename}"


class ImprovementCommittee(models.Model):
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        related_name="improvement_committees",
        verbose_name=_("municipalidad"),
    )
    cycle = models.PositiveSmallIntegerField(_("ciclo"), default=1)
    decree_number = models.CharField(_("número del decreto"), max_length=40)
    decree_date = models.DateField(_("fecha del decreto"))
    decree_file = models.FileField(
        _("decreto (PDF)"), storage=private_storage, upload_to=improvement_path, blank=True
    )
    counterpart_1 = models.CharField(_("contraparte técnica 1"), max_length=160)
    counterpart_2 = models.CharField(_("contraparte técnica 2"), max_length=160)
    is_public = models.BooleanField(
        _("mostrar el camino de calidad en el perfil público"),
        default=False,
        help_text=_("Publica el estado de la autoevaluación validada, el plan y las líneas terminadas."),
    )
    is_closed = models.BooleanField(_("ciclo cerrado"), default=False)
    created_at = models.DateTimeField(_("creado el"), auto_now_add=True)

    class Meta:
        verbose_name = _("comité de mejora")
        verbose_name_plural = _("comités de mejora")
        ordering = ["municipality__name", "-cycle"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "cycle"], name="calidad_unique_committee_cycle")
        ]

    def __str__(self):
        return f"{self.municipality} — ciclo {self.cycle}"


class CommitteeMember(models.Model):
    committee = models.ForeignKey(
        ImprovementCommittee, on_delete=models.CASCADE, related_name="members", verbose_name=_("comité")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_memberships",
        verbose_name=_("usuario del portal"),
        help_text=_("Solo los integrantes con usuario pueden editar."),
    )
    name = models.CharField(_("nombre"), max_length=160)
    post = models.CharField(_("cargo"), max_length=160)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("integrante del comité")
        verbose_name_plural = _("integrantes del comité")
        ordering = ["committee", "order", "pk"]

    def __str__(self):
        return f"{self.name} ({self.post})"


class SelfAssessmentStatus(models.TextChoices):
    DRAFT = "borrador", _("Borrador")
    SUBMITTED = "enviada", _("Enviada a validación")
    VALIDATED = "validada", _("Validada")


class SelfAssessment(models.Model):
    committee = models.OneToOneField(
        ImprovementCommittee,
        on_delete=models.CASCADE,
        related_name="self_assessment",
        verbose_name=_("comité"),
    )
    instrument = models.ForeignKey(
        "calidad.Instrument",
        on_delete=models.PROTECT,
        related_name="self_assessments",
        verbose_name=_("modelo"),
    )
    status = models.CharField(
        _("estado"), max_length=10, choices=SelfAssessmentStatus.choices, default=SelfAssessmentStatus.DRAFT
    )
    mayor_letter = models.TextField(_("carta del alcalde o alcaldesa"), blank=True)
    background = models.TextField(_("antecedentes de la comuna"), blank=True)
    acta = models.FileField(
        _("acta del comité (PDF)"), storage=private_storage, upload_to=improvement_path, blank=True
    )
    validator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="validations",
        verbose_name=_("validador asignado"),
    )
    feedback_summary = models.TextField(_("síntesis del informe de retroalimentación"), blank=True)
    submitted_at = models.DateTimeField(_("enviada el"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validada el"), null=True, blank=True)
    updated_at = models.DateTimeField(_("actualizada el"), auto_now=True)

    class Meta:
        verbose_name = _("autoevaluación")
        verbose_name_plural = _("autoevaluaciones")

    def __str__(self):
        return f"Autoevaluación {self.committee}"

    @property
    def municipality(self):
        return self.committee.municipality

    @property
    def municipality_id(self):
        return self.committee.municipality_id


class ElementResponse(models.Model):
    self_assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="responses", verbose_name=_("autoevaluación")
    )
    element = models.ForeignKey(
        "calidad.Question", on_delete=models.PROTECT, related_name="+", verbose_name=_("elemento de gestión")
    )
    evidence = models.TextField(_("evidencia"), blank=True)
    declared_score = models.PositiveSmallIntegerField(
        _("puntaje declarado"), null=True, blank=True, choices=SCORE_CHOICES
    )
    validated_score = models.PositiveSmallIntegerField(
        _("puntaje validado"), null=True, blank=True, choices=SCORE_CHOICES
    )
    validator_note = models.TextField(_("observación del validador"), blank=True)

    class Meta:
        verbose_name = _("respuesta a un elemento")
        verbose_name_plural = _("respuestas a elementos")
        ordering = ["self_assessment", "element__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["self_assessment", "element"], name="calidad_unique_element_response"
            )
        ]

    def __str__(self):
        return f"{self.self_assessment_id}:{self.element_id}"


class ElementAttachment(models.Model):
    response = models.ForeignKey(
        ElementResponse, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("respuesta")
    )
    file = models.FileField(_("archivo"), storage=private_storage, upload_to=improvement_path)
    name = models.CharField(_("nombre"), max_length=255)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name


class ElementMessage(models.Model):
    """One message of the validator's question thread on an element (question or answer)."""

    response = models.ForeignKey(
        ElementResponse, on_delete=models.CASCADE, related_name="messages", verbose_name=_("respuesta")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("autor")
    )
    from_validator = models.BooleanField(_("del validador"), default=False)
    body = models.TextField(_("mensaje"))
    created_at = models.DateTimeField(_("escrito el"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]


class FeedbackItem(models.Model):
    self_assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("autoevaluación")
    )
    area = models.ForeignKey(
        "calidad.ManagementArea", on_delete=models.PROTECT, related_name="+", verbose_name=_("subcriterio")
    )
    strengths = models.TextField(_("fortalezas"), blank=True)
    opportunities = models.TextField(_("oportunidades de mejora"), blank=True)

    class Meta:
        ordering = ["self_assessment", "area__number"]
        constraints = [
            models.UniqueConstraint(fields=["self_assessment", "area"], name="calidad_unique_feedback_area")
        ]

    def __str__(self):
        return f"{self.area_id}"


class Methodology(models.Model):
    """Catalogue of improvement methodologies, per subcriterio (by the stable ámbito code)."""

    area_code = models.SlugField(
        _("código del subcriterio"),
        max_length=80,
        help_text=_("Código estable del ámbito, por ejemplo «estrategia»."),
    )
    name = models.CharField(_("metodología"), max_length=200)
    description = models.TextField(_("descripción"), blank=True)
    is_active = models.BooleanField(_("disponible"), default=True)

    class Meta:
        verbose_name = _("metodología de mejoramiento")
        verbose_name_plural = _("metodologías de mejoramiento")
        ordering = ["area_code", "name"]

    def __str__(self):
        return self.name


class PlanStatus(models.TextChoices):
    DRAFT = "borrador", _("Borrador")
    SUBMITTED = "enviado", _("En validación")
    RETURNED = "devuelto", _("Devuelto con observaciones")
    APPROVED = "aprobado", _("Validado, en ejecución")
    CLOSED = "cerrado", _("Cerrado")


class ImprovementPlan(models.Model):
    committee = models.OneToOneField(
        ImprovementCommittee, on_delete=models.CASCADE, related_name="plan", verbose_name=_("comité")
    )
    focus = models.TextField(_("foco"), blank=True, help_text=_("Qué abordará la municipalidad y por qué."))
    status = models.CharField(
        _("estado"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    review_comments = models.TextField(_("observaciones del validador"), blank=True)
    achievements = models.TextField(_("logros al cierre"), blank=True)
    submitted_at = models.DateTimeField(_("enviado el"), null=True, blank=True)
    approved_at = models.DateTimeField(_("validado el"), null=True, blank=True)
    closed_at = models.DateTimeField(_("cerrado el"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan de mejoras")
        verbose_name_plural = _("planes de mejoras")

    def __str__(self):
        return f"Plan de mejoras {self.committee}"

    @property
    def municipality_id(self):
        return self.committee.municipality_id


class PlanMethodology(models.Model):
    plan = models.ForeignKey(
        ImprovementPlan, on_delete=models.CASCADE, related_name="methodologies", verbose_name=_("plan")
    )
    methodology = models.ForeignKey(
        Methodology, on_delete=models.PROTECT, related_name="+", verbose_name=_("metodología")
    )
    priority = models.PositiveSmallIntegerField(_("prioridad"), default=1)

    class Meta:
        ordering = ["plan", "priority", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "methodology"], name="calidad_unique_plan_methodology")
        ]

    def __str__(self):
        return f"{self.priority}. {self.methodology_id}"


class ItemStatus(models.TextChoices):
    PENDING = "pendiente", _("Pendiente")
    IN_PROGRESS = "en_curso", _("En curso")
    DONE = "terminada", _("Terminada")


class ActionLine(models.Model):
    plan = models.ForeignKey(
        ImprovementPlan, on_delete=models.CASCADE, related_name="lines", verbose_name=_("plan")
    )
    methodology = models.ForeignKey(
        Methodology,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("metodología"),
    )
    title = models.CharField(_("línea de acción"), max_length=250)
    responsible = models.CharField(_("responsable"), max_length=160)
    team = models.CharField(_("equipo"), max_length=300, blank=True)
    resources = models.TextField(_("recursos"), blank=True)
    start_date = models.DateField(_("inicio"))
    end_date = models.DateField(_("término"))
    success_indicator = models.CharField(_("indicador de éxito"), max_length=250)
    target = models.CharField(_("meta"), max_length=160)
    status = models.CharField(
        _("estado"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("avance (%)"), default=0)
    completed_at = models.DateField(_("terminada el"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("línea de acción")
        verbose_name_plural = _("líneas de acción")
        ordering = ["plan", "order", "pk"]

    def __str__(self):
        return self.title

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status != ItemStatus.DONE and self.end_date < today


class ImmediateAction(models.Model):
    plan = models.ForeignKey(
        ImprovementPlan, on_delete=models.CASCADE, related_name="immediate_actions", verbose_name=_("plan")
    )
    action = models.CharField(_("acción"), max_length=250)
    responsible = models.CharField(_("responsable"), max_length=160)
    due_date = models.DateField(_("plazo"))
    status = models.CharField(
        _("estado"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("avance (%)"), default=0)

    class Meta:
        verbose_name = _("acción de mejora inmediata")
        verbose_name_plural = _("acciones de mejora inmediata")
        ordering = ["plan", "due_date", "pk"]

    def __str__(self):
        return self.action

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status != ItemStatus.DONE and self.due_date < today


class ProgressUpdate(models.Model):
    line = models.ForeignKey(
        ActionLine,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="updates",
        verbose_name=_("línea"),
    )
    immediate_action = models.ForeignKey(
        ImmediateAction,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="updates",
        verbose_name=_("acción inmediata"),
    )
    percent = models.PositiveSmallIntegerField(_("avance (%)"))
    comment = models.TextField(_("comentario"))
    evidence = models.FileField(
        _("archivo de evidencia"), storage=private_storage, upload_to=improvement_path, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("autor")
    )
    created_at = models.DateTimeField(_("registrado el"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(line__isnull=False, immediate_action__isnull=True)
                | models.Q(line__isnull=True, immediate_action__isnull=False),
                name="calidad_progress_one_target",
            )
        ]

    def __str__(self):
        return f"{self.percent} %"
