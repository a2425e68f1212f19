"""Blind evaluation: rubric, evaluator pool, conflicts, assignments, redacted copies, reviews,
committee decisions (with an append-only audit log) and the publication of results."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concurso.models import Phase, private_storage


class EvaluatorProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evaluator_profile"
    )
    expertise = models.ManyToManyField(
        "core.Category", blank=True, related_name="+", verbose_name=_("áreas de experticia")
    )
    affiliation = models.ForeignKey(
        "core.Municipality",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("municipalidad de afiliación"),
    )
    region = models.ForeignKey(
        "core.Region",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("región"),
    )
    email_domain = models.CharField(_("dominio de correo"), max_length=120, blank=True)
    max_load = models.PositiveSmallIntegerField(_("carga máxima"), default=10)
    institution = models.CharField(_("institución"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("perfil de evaluador")
        verbose_name_plural = _("perfiles de evaluador")

    def __str__(self):
        return str(self.user)

    @property
    def domains(self) -> set[str]:
        """Every e-mail domain that ties the evaluator to an institution (profile and login)."""
        found = {self.email_domain.strip().lower()} if self.email_domain.strip() else set()
        if "@" in self.user.email:
            found.add(self.user.email.rsplit("@", 1)[1].lower())
        return found


# ---------------------------------------------------------------------------------------------
# Rubric
# ---------------------------------------------------------------------------------------------


class Rubric(models.Model):
    call = models.OneToOneField(
        "concurso.Call", on_delete=models.CASCADE, related_name="rubric", verbose_name=_("convocatoria")
    )
    tie_break_criterion = models.ForeignKey(
        "evaluacion.Criterion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("criterio de desempate"),
    )
    # The committee's disagreement flag, per call (scoring.DisagreementThresholds).
    disagreement_max_std = models.FloatField(
        _("desviación estándar máxima"),
        default=15.0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "Se marca desacuerdo si la desviación estándar de los puntajes totales supera este valor (0 a 100)."
        ),
    )
    disagreement_max_gap = models.FloatField(
        _("diferencia máxima entre dos puntajes"),
        default=30.0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "Se marca desacuerdo si dos puntajes totales de la misma postulación se separan más que esto."
        ),
    )
    applicant_comment_required = models.BooleanField(
        _("comentarios para la municipalidad obligatorios"),
        default=False,
        help_text=_(
            "Si se marca, cada evaluación enviada debe incluir comentarios para la municipalidad postulante."
        ),
    )
    committee_note_required = models.BooleanField(
        _("notas para el comité obligatorias"),
        default=False,
        help_text=_("Si se marca, cada evaluación enviada debe incluir notas privadas para el comité."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pauta de evaluación")
        verbose_name_plural = _("pautas de evaluación")

    def __str__(self):
        return str(_("Pauta de %(call)s") % {"call": self.call})

    @property
    def is_editable(self) -> bool:
        return timezone.now() < self.call.evaluation_open_at

    @property
    def thresholds_editable(self) -> bool:
        """The flag only guides the committee, so it can be tuned until results are published."""
        return self.call.results_published_at is None


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(_("clave"), max_length=60)
    name = models.CharField(_("nombre"), max_length=120)
    description = models.TextField(_("descripción"), blank=True)
    guidance = models.TextField(
        _("orientación por nivel"),
        blank=True,
        help_text=_(
            "Una línea por nivel, con el formato «puntaje: descripción», por ejemplo «7: excepcional»."
        ),
    )
    weight = models.PositiveSmallIntegerField(_("ponderación (%)"))
    scale_min = models.PositiveSmallIntegerField(_("puntaje mínimo"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("puntaje máximo"), default=7)
    required = models.BooleanField(_("obligatorio"), default=True)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("criterio")
        verbose_name_plural = _("criterios")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["rubric", "key"], name="unique_criterion_key")]

    def __str__(self):
        return f"{self.name} ({self.weight}%)"

    @property
    def levels(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))

    @property
    def guidance_by_level(self) -> dict[int, str]:
        result = {}
        for line in self.guidance.splitlines():
            level, sep, text = line.partition(":")
            if sep and level.strip().isdigit():
                result[int(level.strip())] = text.strip()
        return result


# ---------------------------------------------------------------------------------------------
# Evaluator pool
# ---------------------------------------------------------------------------------------------


class Invitation(models.Model):
    """A one-time invitation to join a call's evaluator pool (the link carries a signed nonce)."""

    call = models.ForeignKey("concurso.Call", on_delete=models.CASCADE, related_name="evaluator_invitations")
    email = models.EmailField(_("correo"))
    nonce = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invitación de evaluador")
        verbose_name_plural = _("invitaciones de evaluador")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email


class PoolMember(models.Model):
    call = models.ForeignKey("concurso.Call", on_delete=models.CASCADE, related_name="evaluator_pool")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evaluator_calls"
    )
    active = models.BooleanField(_("activo"), default=True)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evaluador de la convocatoria")
        verbose_name_plural = _("evaluadores de la convocatoria")
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="unique_pool_member")]
        ordering = ["pk"]

    def __str__(self):
        return f"{self.call_id}:{self.user_id}"


# ---------------------------------------------------------------------------------------------
# Conflicts and assignments
# ---------------------------------------------------------------------------------------------


class ConflictKind(models.TextChoices):
    AFFILIATION = "afiliacion", _("Afiliación a la municipalidad")
    DOMAIN = "dominio", _("Dominio de correo compartido")
    REGION = "region", _("Misma región")
    DECLARED = "declarado", _("Declarado por el evaluador")
    STAFF = "coordinacion", _("Registrado por la coordinación")


AUTOMATIC_KINDS = (ConflictKind.AFFILIATION, ConflictKind.DOMAIN, ConflictKind.REGION)


class Conflict(models.Model):
    submission = models.ForeignKey("concurso.Submission", on_delete=models.CASCADE, related_name="conflicts")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts"
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=ConflictKind.choices)
    reason = models.TextField(_("motivo"), blank=True)
    locked = models.BooleanField(
        _("bloqueado"),
        default=False,
        help_text=_("Un conflicto bloqueado no se puede quitar sin desbloquearlo antes."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("conflicto de interés")
        verbose_name_plural = _("conflictos de interés")
        constraints = [models.UniqueConstraint(fields=["submission", "evaluator"], name="unique_conflict")]
        ordering = ["pk"]

    def __str__(self):
        return f"{self.submission.code} / {self.evaluator_id} ({self.kind})"


class ConflictRemoval(models.Model):
    """Append-only log of conflicts removed by staff (only staff can remove one, with a reason)."""

    submission = models.ForeignKey(
        "concurso.Submission", on_delete=models.PROTECT, related_name="conflict_removals"
    )
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("tipo"), max_length=20, choices=ConflictKind.choices)
    conflict_reason = models.TextField(_("motivo del conflicto"), blank=True)
    reason = models.TextField(_("motivo de la eliminación"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("conflicto eliminado")
        verbose_name_plural = _("conflictos eliminados")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.submission.code} / {self.evaluator_id} ({self.kind})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("El registro de conflictos eliminados no se puede modificar."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("El registro de conflictos eliminados no se puede borrar."))


class AssignmentStatus(models.TextChoices):
    DRAFT = "borrador", _("Borrador")
    RELEASED = "liberada", _("Liberada")
    WITHDRAWN = "retirada", _("Retirada por conflicto")


class AssignmentSource(models.TextChoices):
    AUTOMATIC = "automatica", _("Automática")
    MANUAL = "manual", _("Manual")
    EXTRA = "adicional", _("Evaluación adicional")
    REASSIGNED = "reasignada", _("Reasignación por conflicto")


class Assignment(models.Model):
    submission = models.ForeignKey(
        "concurso.Submission", on_delete=models.CASCADE, related_name="assignments"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    status = models.CharField(
        _("estado"), max_length=12, choices=AssignmentStatus.choices, default=AssignmentStatus.DRAFT
    )
    source = models.CharField(
        _("origen"), max_length=12, choices=AssignmentSource.choices, default=AssignmentSource.AUTOMATIC
    )
    affinity = models.FloatField(_("afinidad"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("asignación")
        verbose_name_plural = _("asignaciones")
        constraints = [models.UniqueConstraint(fields=["submission", "evaluator"], name="unique_assignment")]
        ordering = ["submission__code", "pk"]

    def __str__(self):
        return f"{self.submission.code} / {self.evaluator_id}"

    @property
    def is_active(self) -> bool:
        return self.status != AssignmentStatus.WITHDRAWN


class ExtraReviewRequest(models.Model):
    submission = models.ForeignKey(
        "concurso.Submission", on_delete=models.CASCADE, related_name="extra_review_requests"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("motivo"))
    created_at = models.DateTimeField(default=timezone.now)
    fulfilled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("solicitud de evaluación adicional")
        verbose_name_plural = _("solicitudes de evaluación adicional")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.submission.code}"


# ---------------------------------------------------------------------------------------------
# Blind copies
# ---------------------------------------------------------------------------------------------


class RedactedCopy(models.Model):
    """What evaluators read: the entry's texts with identities replaced by "[reservado]"."""

    submission = models.OneToOneField(
        "concurso.Submission", on_delete=models.CASCADE, related_name="redacted_copy"
    )
    fields = models.JSONField(_("campos anonimizados"), default=dict)
    generated_at = models.DateTimeField(default=timezone.now)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("copia anonimizada")
        verbose_name_plural = _("copias anonimizadas")

    def __str__(self):
        return f"{self.submission.code}"


class IdentityTermKind(models.TextChoices):
    PLACE = "lugar", _("Sector, barrio o lugar")
    PROGRAMME = "programa", _("Programa, proyecto o marca")
    PERSON = "persona", _("Autoridad o persona")
    OTHER = "otro", _("Otro")


class IdentityTerm(models.Model):
    """A word that identifies a municipality and has no rule of its own ("sector Las Compañías",
    a programme's brand, an authority): masked in every blind copy of its entries."""

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.CASCADE, related_name="identity_terms"
    )
    term = models.CharField(_("término"), max_length=160)
    kind = models.CharField(
        _("tipo"), max_length=12, choices=IdentityTermKind.choices, default=IdentityTermKind.PLACE
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("término reservado")
        verbose_name_plural = _("términos reservados")
        ordering = ["municipality", "term"]
        constraints = [models.UniqueConstraint(fields=["municipality", "term"], name="unique_identity_term")]

    def __str__(self):
        return self.term


class BlindCopyReview(models.Model):
    """Append-only record of a staff review of an entry's blind copy (texts and attachments).

    ``digest`` fingerprints what was reviewed; a later change of the copy makes the review stale,
    and the entry cannot be released to evaluators until it is reviewed again."""

    submission = models.ForeignKey(
        "concurso.Submission", on_delete=models.PROTECT, related_name="blind_reviews"
    )
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    digest = models.CharField(max_length=64)
    masked = models.JSONField(_("términos ocultados en la revisión"), default=list)
    kept = models.JSONField(_("fragmentos revisados y mantenidos"), default=list)

    class Meta:
        verbose_name = _("revisión de copia anonimizada")
        verbose_name_plural = _("revisiones de copias anonimizadas")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.submission.code} ({self.at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("El registro de revisiones no se puede modificar."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("El registro de revisiones no se puede borrar."))


def sanitised_path(instance, filename):
    return f"anonimizados/{secrets.token_hex(12)}"


class SanitisedAttachment(models.Model):
    """An attachment rewritten for blind review: no metadata, neutral name, redacted text."""

    attachment = models.OneToOneField(
        "concurso.SubmissionAttachment", on_delete=models.CASCADE, related_name="sanitised"
    )
    number = models.PositiveSmallIntegerField(_("número"))
    file = models.FileField(upload_to=sanitised_path, storage=private_storage, max_length=300, blank=True)
    neutral_name = models.CharField(_("nombre neutro"), max_length=80)
    content_type = models.CharField(max_length=100, blank=True)
    available = models.BooleanField(default=False, help_text=_("Falso si el formato no se puede anonimizar."))
    digest = models.CharField(max_length=64, blank=True, help_text=_("SHA-256 del archivo anonimizado."))
    generated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("adjunto anonimizado")
        verbose_name_plural = _("adjuntos anonimizados")
        ordering = ["number"]

    def __str__(self):
        return self.neutral_name


# ---------------------------------------------------------------------------------------------
# Reviews
# ---------------------------------------------------------------------------------------------


class ReviewStatus(models.TextChoices):
    DRAFT = "borrador", _("Borrador")
    SUBMITTED = "enviada", _("Enviada")


class Review(models.Model):
    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    status = models.CharField(
        _("estado"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    # Two texts per review (issue 15): the private note stays with the committee; the comment to the
    # applicant reaches the municipality, unattributed, in its feedback report once results are public.
    overall_comment = models.TextField(_("notas privadas para el comité"), blank=True)
    applicant_comment = models.TextField(_("comentarios para la municipalidad"), blank=True)
    total = models.FloatField(_("puntaje ponderado"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("evaluación")
        verbose_name_plural = _("evaluaciones")

    def __str__(self):
        return f"{self.assignment}"


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("puntaje"), null=True, blank=True)
    justification = models.TextField(_("justificación"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="unique_review_criterion")
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.score}"


# ---------------------------------------------------------------------------------------------
# Committee
# ---------------------------------------------------------------------------------------------


class DecisionChoice(models.TextChoices):
    WINNER = "ganadora", _("Ganadora")
    MENTION = "mencion", _("Mención honrosa")
    FINALIST = "finalista", _("Finalista")
    NOT_SELECTED = "no_seleccionada", _("No seleccionada")


class Decision(models.Model):
    submission = models.OneToOneField(
        "concurso.Submission", on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField(_("decisión"), max_length=20, choices=DecisionChoice.choices, blank=True)
    adjusted_score = models.DecimalField(
        _("puntaje ajustado"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("decisión final")
        verbose_name_plural = _("decisiones finales")

    def __str__(self):
        return f"{self.submission.code}: {self.outcome}"


class DecisionLog(models.Model):
    """Append-only audit log of every committee change (who, when, old, new, reason)."""

    class Field(models.TextChoices):
        OUTCOME = "decision", _("Decisión")
        ADJUSTED_SCORE = "puntaje", _("Puntaje ajustado")

    submission = models.ForeignKey(
        "concurso.Submission", on_delete=models.PROTECT, related_name="decision_log"
    )
    field = models.CharField(_("campo"), max_length=10, choices=Field.choices)
    old_value = models.CharField(_("valor anterior"), max_length=40, blank=True)
    new_value = models.CharField(_("valor nuevo"), max_length=40, blank=True)
    reason = models.TextField(_("motivo"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("registro de decisión")
        verbose_name_plural = _("registro de decisiones")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.submission.code} {self.field}: {self.old_value} -> {self.new_value}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("El registro de decisiones no se puede modificar."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("El registro de decisiones no se puede borrar."))

    def _display(self, value: str) -> str:
        """What people read: "Mención honrosa" for "mencion", "88,50" for "88.50"."""
        if not value:
            return "—"
        if self.field == self.Field.OUTCOME:
            return str(dict(DecisionChoice.choices).get(value, value))
        return value.replace(".", ",")

    @property
    def old_display(self) -> str:
        return self._display(self.old_value)

    @property
    def new_display(self) -> str:
        return self._display(self.new_value)


class Publication(models.Model):
    call = models.OneToOneField("concurso.Call", on_delete=models.CASCADE, related_name="publication")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("motivo"), blank=True)
    # What the confirmation page announced: {"emails": int, "entries": int, "drafts": [titles]}.
    summary = models.JSONField(_("resumen"), default=dict, blank=True)

    class Meta:
        verbose_name = _("publicación de resultados")
        verbose_name_plural = _("publicaciones de resultados")

    def __str__(self):
        return f"{self.call}"


# ---------------------------------------------------------------------------------------------
# Phases moved by staff
# ---------------------------------------------------------------------------------------------


class CallPhaseChange(models.Model):
    """Append-only log of staff closing a phase early (who, when, from, to, reason, dates moved)."""

    call = models.ForeignKey("concurso.Call", on_delete=models.PROTECT, related_name="phase_changes")
    from_phase = models.CharField(_("fase anterior"), max_length=20, choices=Phase.choices)
    to_phase = models.CharField(_("fase nueva"), max_length=20, choices=Phase.choices)
    reason = models.TextField(_("motivo"))
    # {"evaluation_close_at": ["2026-...", "2026-..."]}: each moved date, before and after (ISO 8601).
    dates = models.JSONField(_("fechas modificadas"), default=dict)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("cambio de fase")
        verbose_name_plural = _("cambios de fase")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.call}: {self.from_phase} -> {self.to_phase}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("El registro de cambios de fase no se puede modificar."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("El registro de cambios de fase no se puede borrar."))
