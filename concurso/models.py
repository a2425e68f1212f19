"""Calls for entries (convocatorias) and the municipalities' submissions (postulaciones)."""

import secrets
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concurso.case_format import FIELDS as CASE
from core.storage import private_storage

# Crockford-like alphabet without look-alikes (0/O, 1/I/L) so codes can be read aloud.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class Phase(models.TextChoices):
    UPCOMING = "proxima", _("Próxima")
    SUBMISSIONS = "postulacion", _("Postulación")
    ADMISSIBILITY = "admisibilidad", _("Admisibilidad")
    EVALUATION = "evaluacion", _("Evaluación")
    COMMITTEE = "comite", _("Comité de expertos")
    RESULTS = "resultados", _("Resultados")


class RankingBasis(models.TextChoices):
    RAW = "raw", _("Promedio bruto")
    NORMALISED = "normalised", _("Puntaje normalizado por evaluador")


class Call(models.Model):
    title = models.CharField(_("título"), max_length=200)
    year = models.PositiveSmallIntegerField(_("año"))
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    code_prefix = models.CharField(
        _("prefijo de códigos"),
        max_length=6,
        default="BP",
        help_text=_("Los códigos de postulación serán PREFIJO+AA-XXXXX."),
    )
    description = models.TextField(_("descripción"))
    rules_document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("bases técnicas (PDF)"),
    )
    categories = models.ManyToManyField("core.Category", related_name="calls", verbose_name=_("categorías"))
    max_entries_per_municipality = models.PositiveSmallIntegerField(
        _("máximo de postulaciones por municipalidad"), default=3
    )
    min_implementation_months = models.PositiveSmallIntegerField(
        _("meses mínimos de implementación"), null=True, blank=True
    )
    required_attachments = models.TextField(
        _("adjuntos obligatorios"),
        blank=True,
        help_text=_("Uno por línea, por ejemplo: Informe de resultados."),
    )
    submissions_open_at = models.DateTimeField(_("apertura de postulaciones"))
    submissions_close_at = models.DateTimeField(_("cierre de postulaciones"))
    admissibility_close_at = models.DateTimeField(_("fin de admisibilidad"))
    evaluation_open_at = models.DateTimeField(_("inicio de evaluación"))
    evaluation_close_at = models.DateTimeField(_("cierre de evaluación"))
    committee_close_at = models.DateTimeField(_("fin del comité"))
    results_at = models.DateTimeField(_("publicación de resultados"))
    results_published_at = models.DateTimeField(
        _("resultados publicados el"), null=True, blank=True, editable=False
    )

    reviews_per_entry = models.PositiveSmallIntegerField(_("evaluaciones por postulación"), default=3)
    same_region_conflict = models.BooleanField(
        _("conflicto por misma región"),
        default=False,
        help_text=_("Si se marca, un evaluador no evalúa postulaciones de su propia región."),
    )
    committee_sees_identities = models.BooleanField(_("el comité ve la identidad"), default=False)
    ranking_basis = models.CharField(
        _("base del ranking"), max_length=12, choices=RankingBasis.choices, default=RankingBasis.NORMALISED
    )

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("convocatoria")
        verbose_name_plural = _("convocatorias")
        ordering = ["-submissions_open_at"]

    def __str__(self):
        return self.title

    PHASE_FIELDS = (
        "submissions_open_at",
        "submissions_close_at",
        "admissibility_close_at",
        "evaluation_open_at",
        "evaluation_close_at",
        "committee_close_at",
        "results_at",
    )

    def clean(self):
        super().clean()
        values = [(name, getattr(self, name)) for name in self.PHASE_FIELDS]
        if any(value is None for _name, value in values):
            return
        errors = {}
        for (prev_name, prev), (name, value) in zip(values, values[1:], strict=False):
            if value <= prev:
                errors[name] = _(
                    "Las fases deben estar en orden y no superponerse: esta fecha debe ser posterior a «%(prev)s»."
                ) % {"prev": self._meta.get_field(prev_name).verbose_name}
        if errors:
            raise ValidationError(errors)

    def phase_at(self, moment=None) -> str:
        now = moment or timezone.now()
        if self.results_published_at or now >= self.results_at:
            return Phase.RESULTS
        if now < self.submissions_open_at:
            return Phase.UPCOMING
        if now < self.submissions_close_at:
            return Phase.SUBMISSIONS
        if now < self.evaluation_open_at:
            return Phase.ADMISSIBILITY
        if now < self.evaluation_close_at:
            return Phase.EVALUATION
        return Phase.COMMITTEE

    @property
    def phase(self) -> str:
        return self.phase_at()

    def new_submission_code(self) -> str:
        suffix = "".join(secrets.choice(CODE_ALPHABET) for _i in range(5))
        return f"{self.code_prefix}{self.year % 100:02d}-{suffix}"


class SubmissionStatus(models.TextChoices):
    DRAFT = "borrador", _("Borrador")
    SUBMITTED = "enviada", _("Enviada")
    WITHDRAWN = "retirada", _("Retirada")
    ADMISSIBLE = "admisible", _("Admisible")
    INADMISSIBLE = "inadmisible", _("Inadmisible")


class Submission(models.Model):
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("convocatoria")
    )
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("municipalidad"),
    )
    category = models.ForeignKey(
        "core.Category",
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=CASE["category"].label,
        null=True,
        blank=True,
    )
    code = models.CharField(_("código"), max_length=20, unique=True, editable=False)
    status = models.CharField(
        _("estado"), max_length=12, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )

    # The case format (concurso/case_format.py). Blank is allowed for drafts; sending checks the required ones.
    title = models.CharField(CASE["title"].label, max_length=CASE["title"].max_length, blank=True)
    summary = models.TextField(CASE["summary"].label, max_length=CASE["summary"].max_length, blank=True)
    themes = models.ManyToManyField(
        "core.Theme", blank=True, related_name="submissions", verbose_name=CASE["themes"].label
    )
    ods = models.ManyToManyField(
        "core.SustainableDevelopmentGoal",
        blank=True,
        related_name="submissions",
        verbose_name=CASE["ods"].label,
    )
    year_start = models.PositiveSmallIntegerField(CASE["year_start"].label, null=True, blank=True)
    implementation_period = models.CharField(
        CASE["implementation_period"].label, max_length=CASE["implementation_period"].max_length, blank=True
    )
    implementation_months = models.PositiveSmallIntegerField(
        CASE["implementation_months"].label, null=True, blank=True
    )
    previous_situation = models.TextField(
        CASE["previous_situation"].label, max_length=CASE["previous_situation"].max_length, blank=True
    )
    objectives = models.TextField(
        CASE["objectives"].label, max_length=CASE["objectives"].max_length, blank=True
    )
    description = models.TextField(
        CASE["description"].label, max_length=CASE["description"].max_length, blank=True
    )
    results = models.TextField(CASE["results"].label, max_length=CASE["results"].max_length, blank=True)
    indicators = models.TextField(
        CASE["indicators"].label, max_length=CASE["indicators"].max_length, blank=True
    )
    citizen_participation = models.TextField(
        CASE["citizen_participation"].label, max_length=CASE["citizen_participation"].max_length, blank=True
    )
    sustainability = models.TextField(
        CASE["sustainability"].label, max_length=CASE["sustainability"].max_length, blank=True
    )
    replicability = models.TextField(
        CASE["replicability"].label, max_length=CASE["replicability"].max_length, blank=True
    )
    lessons_learned = models.TextField(
        CASE["lessons_learned"].label, max_length=CASE["lessons_learned"].max_length, blank=True
    )
    partners = models.TextField(CASE["partners"].label, max_length=CASE["partners"].max_length, blank=True)
    budget_clp = models.PositiveBigIntegerField(CASE["budget_clp"].label, null=True, blank=True)
    contact_name = models.CharField(
        CASE["contact_name"].label, max_length=CASE["contact_name"].max_length, blank=True
    )
    contact_email = models.EmailField(CASE["contact_email"].label, blank=True)
    contact_phone = models.CharField(
        CASE["contact_phone"].label, max_length=CASE["contact_phone"].max_length, blank=True
    )
    team_members = models.TextField(
        CASE["team_members"].label,
        max_length=CASE["team_members"].max_length,
        blank=True,
        help_text=CASE["team_members"].help,
    )

    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("creada por")
    )
    created_at = models.DateTimeField(_("creada el"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificada el"), auto_now=True)
    submitted_at = models.DateTimeField(_("enviada el"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("retirada el"), null=True, blank=True)
    admissibility_reason = models.TextField(_("motivo de admisibilidad"), blank=True)

    class Meta:
        verbose_name = _("postulación")
        verbose_name_plural = _("postulaciones")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["call", "status"]), models.Index(fields=["municipality", "call"])]

    def __str__(self):
        return f"{self.code} · {self.title or _('(sin título)')}"

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = self._unique_code()
        super().save(*args, **kwargs)

    def _unique_code(self) -> str:
        for _attempt in range(20):
            code = self.call.new_submission_code()
            if not Submission.objects.filter(code=code).exists():
                return code
        raise RuntimeError("No se pudo generar un código único de postulación.")

    @property
    def people_names(self) -> list[str]:
        names = [self.contact_name] + [line.strip() for line in self.team_members.splitlines()]
        return [name for name in names if name]


def attachment_path(instance, filename):
    # Neutral random name on disk: the original name is kept in a field, never in the path.
    return f"postulaciones/{instance.submission.call.slug}/{secrets.token_hex(12)}"


class SubmissionAttachment(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("archivo"), upload_to=attachment_path, storage=private_storage, max_length=300)
    original_name = models.CharField(_("nombre original"), max_length=255)
    content_type = models.CharField(_("tipo"), max_length=100)
    size = models.PositiveBigIntegerField(_("tamaño (bytes)"))
    label = models.CharField(_("descripción"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("adjunto")
        verbose_name_plural = _("adjuntos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.label or self.original_name


class DeadlineExtension(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="extensions")
    municipality = models.ForeignKey(
        "core.Municipality",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("municipalidad"),
        help_text=_("Vacío: la prórroga vale para todas."),
    )
    new_close_at = models.DateTimeField(_("nuevo cierre"))
    reason = models.TextField(_("motivo"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("prórroga")
        verbose_name_plural = _("prórrogas")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.call} → {self.new_close_at:%Y-%m-%d %H:%M}"


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk writes would bypass the model's save()/delete() guards: the audit log refuses them too."""

    def update(self, **kwargs):
        raise ValidationError(_("El registro de auditoría no se puede modificar."))

    def delete(self):
        raise ValidationError(_("El registro de auditoría no se puede borrar."))


class SubmissionEvent(models.Model):
    """Append-only audit log of every state change of an entry."""

    class Action(models.TextChoices):
        CREATED = "creada", _("Creada")
        SUBMITTED = "enviada", _("Enviada")
        WITHDRAWN = "retirada", _("Retirada")
        ADMISSIBLE = "admisible", _("Declarada admisible")
        INADMISSIBLE = "inadmisible", _("Declarada inadmisible")
        EXTENDED = "prorroga", _("Prórroga de plazo")
        EDIT_CONFLICT = "conflicto", _("Conflicto de edición")

    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="events", null=True, blank=True
    )
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("acción"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(_("fecha"), default=timezone.now)
    reason = models.TextField(_("motivo"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("evento de postulación")
        verbose_name_plural = _("registro de auditoría")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("El registro de auditoría no se puede modificar."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("El registro de auditoría no se puede borrar."))

    @property
    def new_close_at(self):
        """The deadline an extension event set, as an aware datetime (stored as ISO text in `data`)."""
        value = (self.data or {}).get("new_close_at")
        if not value:
            return None
        try:
            return datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return None


class SubmissionConflictCopy(models.Model):
    """The text of a save refused because a colleague saved first: kept so nothing typed is lost."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="conflict_copies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    base_version = models.PositiveIntegerField(_("versión editada"))
    current_version = models.PositiveIntegerField(_("versión guardada"))
    data = models.JSONField(_("texto rechazado"), default=dict)
    created_at = models.DateTimeField(_("fecha"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resuelto el"), null=True, blank=True)

    class Meta:
        verbose_name = _("copia por conflicto de edición")
        verbose_name_plural = _("copias por conflicto de edición")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.submission.code} v{self.base_version}"
