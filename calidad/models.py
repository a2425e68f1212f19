"""Quality diagnostic of municipal management.

An **Instrument** is one version of a questionnaire (``family`` + ``version``); it is organised in
**Dimensions** (criterios del modelo) that group **ManagementAreas** (ámbitos / subcriterios), which
hold **Questions** (practices with ordered, cumulative **Choices**, or results whose reported figure
is turned into points by **Thresholds**). An instrument is editable until its first use; then it is
frozen (``frozen_at``) and any change makes a new version, so past results never move.

A **Diagnostic** is one application of an instrument by a municipality (one cycle): the session
(date, duration, **Participants** with their posts), one consensus **Answer** per question, the
signed acta, and, once submitted, the **AreaResults** per ámbito (a snapshot: maximum, obtained,
percent). Results published elsewhere (the national platform) are imported as diagnostics with
``origin=imported`` that belong to an **ExternalSource**.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from core.storage import private_storage


def percent(obtained, maximum) -> int | None:
    """Whole percentage rounded half up (42 for 10/24, 17 for 5/30), as the seed's table shows it."""
    if not maximum:
        return None
    value = Decimal(obtained) * 100 / Decimal(maximum)
    return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


class InstrumentKind(models.TextChoices):
    DIAGNOSTIC = "diagnostico", _("Instrumento de diagnóstico")
    # The self-assessment model (issue 12) is versioned the same way.
    SELF_ASSESSMENT = "autoevaluacion", _("Modelo de autoevaluación")


class Instrument(models.Model):
    """One version of a questionnaire. Versions of the same instrument share ``family``."""

    kind = models.CharField(
        _("tipo"), max_length=20, choices=InstrumentKind.choices, default=InstrumentKind.DIAGNOSTIC
    )
    family = models.SlugField(
        _("familia"),
        max_length=80,
        help_text=_("Identificador común de todas las versiones, por ejemplo «diagnostico-municipal»."),
    )
    version = models.PositiveSmallIntegerField(_("versión"), default=1)
    name = models.CharField(_("nombre"), max_length=200)
    description = models.TextField(_("descripción"), blank=True)
    is_active = models.BooleanField(
        _("vigente"),
        default=False,
        help_text=_("La versión que se ofrece para nuevos diagnósticos (una por familia)."),
    )
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_versions",
        verbose_name=_("versión anterior"),
    )
    frozen_at = models.DateTimeField(
        _("congelado el"),
        null=True,
        blank=True,
        help_text=_("Desde su primer uso la versión no se modifica: los cambios crean una versión nueva."),
    )
    created_at = models.DateTimeField(_("creado el"), auto_now_add=True)

    class Meta:
        verbose_name = _("instrumento")
        verbose_name_plural = _("instrumentos")
        ordering = ["family", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="calidad_unique_instrument_version")
        ]

    def __str__(self):
        return f"{self.name} (v{self.version})"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class Dimension(models.Model):
    """Criterio del modelo: a group of ámbitos (e.g. «Personas»)."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="dimensions", verbose_name=_("instrumento")
    )
    number = models.PositiveSmallIntegerField(_("número"))
    name = models.CharField(_("nombre"), max_length=160)
    description = models.TextField(_("descripción"), blank=True)

    class Meta:
        verbose_name = _("criterio del modelo")
        verbose_name_plural = _("criterios del modelo")
        ordering = ["instrument", "number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="calidad_unique_dimension_number")
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


class ManagementArea(models.Model):
    """Ámbito de gestión (subcriterio): where results are added up and compared."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="areas", verbose_name=_("instrumento")
    )
    dimension = models.ForeignKey(
        Dimension, on_delete=models.CASCADE, related_name="areas", verbose_name=_("criterio")
    )
    number = models.PositiveSmallIntegerField(_("número"))
    code = models.SlugField(
        _("código"),
        max_length=80,
        help_text=_(
            "Estable entre versiones (por ejemplo «estrategia»): permite comparar ciclos con versiones distintas."
        ),
    )
    name = models.CharField(_("nombre"), max_length=200)
    definition = models.TextField(_("definición"), blank=True)
    categories = models.ManyToManyField(
        "core.Category", blank=True, related_name="+", verbose_name=_("categorías de la biblioteca")
    )
    themes = models.ManyToManyField(
        "core.Theme", blank=True, related_name="+", verbose_name=_("temas de la biblioteca")
    )

    class Meta:
        verbose_name = _("ámbito de gestión")
        verbose_name_plural = _("ámbitos de gestión")
        ordering = ["instrument", "number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="calidad_unique_area_number"),
            models.UniqueConstraint(fields=["instrument", "code"], name="calidad_unique_area_code"),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


class QuestionKind(models.TextChoices):
    PRACTICE = "practica", _("Práctica")
    RESULT = "resultado", _("Resultado (cifra)")


class Question(ClusterableModel):
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="questions", verbose_name=_("instrumento")
    )
    area = models.ForeignKey(
        ManagementArea, on_delete=models.CASCADE, related_name="questions", verbose_name=_("ámbito")
    )
    number = models.PositiveSmallIntegerField(
        _("número"), help_text=_("Correlativo en todo el instrumento (1 a 78).")
    )
    kind = models.CharField(
        _("tipo"), max_length=12, choices=QuestionKind.choices, default=QuestionKind.PRACTICE
    )
    text = models.TextField(_("pregunta"))
    guidance = models.TextField(_("orientación"), blank=True)
    unit = models.CharField(
        _("unidad de la cifra"),
        max_length=40,
        blank=True,
        help_text=_("Solo preguntas de resultado: «%», «días»…"),
    )

    class Meta:
        verbose_name = _("pregunta")
        verbose_name_plural = _("preguntas")
        ordering = ["instrument", "number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="calidad_unique_question_number")
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:80]}"


class Choice(models.Model):
    """An alternative of a practice question. Each includes the previous ones, except those that say
    the practice is absent («no se hace», «no se tiene», «está obsoleto»), which score 0."""

    question = ParentalKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("pregunta")
    )
    position = models.PositiveSmallIntegerField(_("orden"))
    text = models.TextField(_("alternativa"))
    points = models.PositiveSmallIntegerField(_("puntos"))
    is_absence = models.BooleanField(
        _("indica ausencia"), default=False, help_text=_("«No se hace», «no se tiene» o «está obsoleto».")
    )

    class Meta:
        verbose_name = _("alternativa")
        verbose_name_plural = _("alternativas")
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="calidad_unique_choice_position")
        ]

    def __str__(self):
        return self.text[:80]


class Threshold(models.Model):
    """A band of a result question: a figure in [minimum, maximum) scores ``points``.
    An open end (empty) means no bound on that side."""

    question = ParentalKey(
        Question, on_delete=models.CASCADE, related_name="thresholds", verbose_name=_("pregunta")
    )
    minimum = models.DecimalField(
        _("desde (incluido)"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("hasta (excluido)"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    points = models.PositiveSmallIntegerField(_("puntos"))
    label = models.CharField(_("descripción"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("tramo")
        verbose_name_plural = _("tramos")
        ordering = ["question", "points"]

    def __str__(self):
        return self.label or f"[{self.minimum}, {self.maximum}) → {self.points}"

    def contains(self, value: Decimal) -> bool:
        return (self.minimum is None or value >= self.minimum) and (
            self.maximum is None or value < self.maximum
        )


class ExternalSource(models.Model):
    """Results published elsewhere (e.g. the national diagnostic platform), imported from a CSV."""

    name = models.CharField(_("fuente"), max_length=200)
    year = models.PositiveSmallIntegerField(_("año"))
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.PROTECT,
        related_name="external_sources",
        verbose_name=_("instrumento (ámbitos)"),
    )
    url = models.URLField(_("dirección de la publicación"), blank=True)
    file_name = models.CharField(_("archivo importado"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("importado el"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("importado por"),
    )

    class Meta:
        verbose_name = _("fuente externa de resultados")
        verbose_name_plural = _("fuentes externas de resultados")
        ordering = ["-year", "name"]

    def __str__(self):
        return f"{self.name} ({self.year})"


class DiagnosticStatus(models.TextChoices):
    DRAFT = "borrador", _("Borrador")
    SUBMITTED = "enviado", _("Enviado")


class DiagnosticOrigin(models.TextChoices):
    PLATFORM = "plataforma", _("Aplicado en este portal")
    IMPORTED = "importado", _("Resultado publicado importado")


def acta_path(instance, filename):
    return f"calidad/actas/{instance.municipality_id}/{instance.pk or 'nuevo'}.pdf"


class Diagnostic(models.Model):
    """One application of the diagnostic instrument by a municipality: one cycle."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        related_name="quality_diagnostics",
        verbose_name=_("municipalidad"),
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="diagnostics", verbose_name=_("instrumento")
    )
    origin = models.CharField(
        _("origen"), max_length=12, choices=DiagnosticOrigin.choices, default=DiagnosticOrigin.PLATFORM
    )
    source = models.ForeignKey(
        ExternalSource,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="diagnostics",
        verbose_name=_("fuente externa"),
    )
    status = models.CharField(
        _("estado"), max_length=10, choices=DiagnosticStatus.choices, default=DiagnosticStatus.DRAFT
    )
    held_on = models.DateField(_("fecha de la sesión"))
    duration_minutes = models.PositiveSmallIntegerField(_("duración (minutos)"), null=True, blank=True)
    meeting_description = models.TextField(_("descripción de la reunión"), blank=True)
    observations = models.TextField(_("principales observaciones"), blank=True)
    acta = models.FileField(_("acta firmada (PDF)"), storage=private_storage, upload_to=acta_path, blank=True)
    acta_name = models.CharField(_("nombre del archivo del acta"), max_length=255, blank=True)
    acta_size = models.PositiveIntegerField(_("tamaño del acta"), default=0)
    is_published = models.BooleanField(
        _("resultados públicos"),
        default=False,
        help_text=_("La municipalidad decide publicar sus resultados."),
    )
    total_maximum = models.PositiveIntegerField(_("puntaje máximo"), default=0)
    total_obtained = models.DecimalField(_("puntaje obtenido"), max_digits=8, decimal_places=2, default=0)
    total_percent = models.PositiveSmallIntegerField(_("% logro"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("creado por"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("enviado por"),
    )
    submitted_at = models.DateTimeField(_("enviado el"), null=True, blank=True)
    created_at = models.DateTimeField(_("creado el"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado el"), auto_now=True)

    class Meta:
        verbose_name = _("diagnóstico")
        verbose_name_plural = _("diagnósticos")
        ordering = ["municipality", "-held_on", "-pk"]
        indexes = [models.Index(fields=["status", "municipality", "held_on"])]

    def __str__(self):
        return f"{self.municipality} — {self.held_on:%d-%m-%Y}"

    @property
    def is_submitted(self) -> bool:
        return self.status == DiagnosticStatus.SUBMITTED

    @property
    def is_imported(self) -> bool:
        return self.origin == DiagnosticOrigin.IMPORTED


class Post(models.TextChoices):
    """Posts that must take part in the diagnostic session (and "other")."""

    MAYOR = "alcaldia", _("Alcalde o alcaldesa")
    FINANCE = "finanzas", _("Dirección de Finanzas")
    PERSONNEL = "personal", _("Jefatura de Personal")
    CONTROL = "control", _("Dirección de Control")
    WORKS = "obras", _("Dirección de Obras")
    TRAFFIC = "transito", _("Dirección de Tránsito")
    COMMUNITY = "dideco", _("Dirección de Desarrollo Comunitario")
    PLANNING = "secpla", _("Secretaría Comunal de Planificación")
    ADMINISTRATION = "administracion", _("Administración Municipal")
    SECRETARY = "secretaria", _("Secretaría Municipal")
    STAFF_ASSOCIATION = "asociacion", _("Asociación de funcionarios y funcionarias")
    OTHER = "otro", _("Otro cargo")


# Posts whose absence is warned about (every one but "other").
REQUIRED_POSTS = [post for post in Post if post != Post.OTHER]
# Posts whose signature the acta needs (control only where the post exists).
SIGNING_POSTS = [Post.MAYOR, Post.SECRETARY, Post.CONTROL, Post.STAFF_ASSOCIATION]


class Participant(models.Model):
    diagnostic = models.ForeignKey(
        Diagnostic, on_delete=models.CASCADE, related_name="participants", verbose_name=_("diagnóstico")
    )
    name = models.CharField(_("nombre"), max_length=160)
    post = models.CharField(_("cargo"), max_length=20, choices=Post.choices)
    post_detail = models.CharField(_("detalle del cargo"), max_length=160, blank=True)
    signed_acta = models.BooleanField(_("firmó el acta"), default=False)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("participante")
        verbose_name_plural = _("participantes")
        ordering = ["diagnostic", "order", "pk"]

    def __str__(self):
        return f"{self.name} ({self.get_post_display()})"


class Answer(models.Model):
    """The team's consensus answer to one question (never a vote or an average)."""

    diagnostic = models.ForeignKey(
        Diagnostic, on_delete=models.CASCADE, related_name="answers", verbose_name=_("diagnóstico")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("pregunta")
    )
    choice = models.ForeignKey(
        Choice,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("alternativa"),
    )
    value = models.DecimalField(_("cifra"), max_digits=14, decimal_places=4, null=True, blank=True)
    value_unavailable = models.BooleanField(_("no se tiene la cifra"), default=False)
    evidence = models.TextField(_("nota de evidencia"), blank=True)
    points = models.PositiveSmallIntegerField(_("puntos"), default=0)
    updated_at = models.DateTimeField(_("actualizada el"), auto_now=True)

    class Meta:
        verbose_name = _("respuesta")
        verbose_name_plural = _("respuestas")
        constraints = [
            models.UniqueConstraint(fields=["diagnostic", "question"], name="calidad_unique_answer")
        ]

    def __str__(self):
        return f"{self.diagnostic_id}/{self.question_id}"

    @property
    def is_answered(self) -> bool:
        return self.choice_id is not None or self.value is not None or self.value_unavailable


class AreaResult(models.Model):
    """Result of one ámbito in a submitted (or imported) diagnostic: a snapshot that never moves."""

    diagnostic = models.ForeignKey(
        Diagnostic, on_delete=models.CASCADE, related_name="area_results", verbose_name=_("diagnóstico")
    )
    area = models.ForeignKey(
        ManagementArea, on_delete=models.PROTECT, related_name="results", verbose_name=_("ámbito")
    )
    maximum = models.PositiveIntegerField(_("puntaje máximo"))
    obtained = models.DecimalField(_("puntaje obtenido"), max_digits=8, decimal_places=2)
    percent = models.PositiveSmallIntegerField(_("% logro"), null=True, blank=True)

    class Meta:
        verbose_name = _("resultado por ámbito")
        verbose_name_plural = _("resultados por ámbito")
        ordering = ["diagnostic", "area__number"]
        constraints = [
            models.UniqueConstraint(fields=["diagnostic", "area"], name="calidad_unique_area_result")
        ]

    def __str__(self):
        return f"{self.area}: {self.obtained}/{self.maximum}"


from calidad.improvement_models import *  # noqa: E402,F401,F403  (issue 12: self-assessment and plan)
