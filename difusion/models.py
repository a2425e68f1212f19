"""Dissemination of recognised practices: the Book of good practices and Events (seminars and
workshops) with their Registrations, attendance and certificates.

Practices are the library's pages (portal.GoodPracticePage), referenced by foreign key only: this
app never imports portal (the public site sits above it).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

RICH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class BookStatus(models.TextChoices):
    DRAFT = "borrador", _("Sin generar")
    QUEUED = "en_cola", _("En cola")
    BUILDING = "generando", _("Generando")
    READY = "listo", _("Listo")
    FAILED = "fallido", _("Falló")


class Book(ClusterableModel):
    """A printed collection of practices: cover, presentation, contents and one chapter per case."""

    title = models.CharField(_("título"), max_length=200)
    subtitle = models.CharField(_("subtítulo"), max_length=250, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    year = models.PositiveSmallIntegerField(_("año de edición"))
    presentation = RichTextField(_("presentación"), features=RICH_FEATURES)
    call = models.ForeignKey(
        "concurso.Call",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("convocatoria"),
        help_text=_("Opcional: permite cargar sus ganadoras y menciones desde la pantalla del libro."),
    )
    published = models.BooleanField(
        _("publicado en el sitio"),
        default=False,
        help_text=_("Visible en Publicaciones cuando el PDF está listo."),
    )
    status = models.CharField(
        _("estado"), max_length=12, choices=BookStatus.choices, default=BookStatus.DRAFT, editable=False
    )
    progress = models.PositiveSmallIntegerField(_("avance (%)"), default=0, editable=False)
    progress_message = models.CharField(_("etapa"), max_length=200, blank=True, editable=False)
    error = models.TextField(_("error"), blank=True, editable=False)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("PDF"),
    )
    generated_at = models.DateTimeField(_("generado"), null=True, blank=True, editable=False)
    build_seconds = models.FloatField(_("segundos de generación"), null=True, blank=True, editable=False)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("subtitle"),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("year")]),
        FieldPanel("presentation"),
        FieldPanel("call"),
        InlinePanel(
            "entries", label=_("prácticas del libro"), help_text=_("Se ordenan por categoría al generar.")
        ),
        FieldPanel("published"),
    ]

    class Meta:
        verbose_name = _("libro de buenas prácticas")
        verbose_name_plural = _("libros de buenas prácticas")
        ordering = ["-year", "title"]

    def __str__(self):
        return self.title

    # Written only by the generation (services with explicit update_fields): an editor saving the
    # form while a PDF is being built must not put back the old status or document.
    GENERATION_FIELDS = (
        "status",
        "progress",
        "progress_message",
        "error",
        "document",
        "generated_at",
        "build_seconds",
        "content_hash",
    )

    def save(self, *args, **kwargs):
        if self.pk and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            from modelcluster.models import get_all_child_relations

            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in self.GENERATION_FIELDS and f.name != "created_at"
            ] + [relation.get_accessor_name() for relation in get_all_child_relations(self)]
        super().save(*args, **kwargs)

    @property
    def is_busy(self) -> bool:
        return self.status in (BookStatus.QUEUED, BookStatus.BUILDING)


class BookEntry(Orderable):
    book = ParentalKey(Book, on_delete=models.CASCADE, related_name="entries")
    practice = models.ForeignKey(
        "portal.GoodPracticePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("práctica")
    )

    panels = [FieldPanel("practice")]

    class Meta(Orderable.Meta):
        verbose_name = _("práctica del libro")
        constraints = [
            models.UniqueConstraint(fields=["book", "practice"], name="difusion_book_practice_unique")
        ]


class EventKind(models.TextChoices):
    SEMINAR = "seminario", _("Seminario")
    WORKSHOP = "taller", _("Taller")


class Event(ClusterableModel):
    """A seminar or workshop. Times are stored in UTC and shown in Chile's time (America/Santiago)."""

    title = models.CharField(_("título"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("tipo"), max_length=12, choices=EventKind.choices, default=EventKind.SEMINAR)
    summary = models.TextField(_("resumen"), max_length=500)
    description = RichTextField(_("descripción"), blank=True, features=RICH_FEATURES)
    starts_at = models.DateTimeField(_("inicio"), help_text=_("Hora de Chile continental."))
    ends_at = models.DateTimeField(_("término"))
    venue = models.CharField(
        _("lugar"), max_length=200, blank=True, help_text=_("Vacío si es solo en línea.")
    )
    address = models.CharField(_("dirección"), max_length=250, blank=True)
    city = models.CharField(_("ciudad"), max_length=100, blank=True)
    online_url = models.URLField(_("enlace de transmisión"), blank=True)
    capacity = models.PositiveIntegerField(
        _("cupos"), help_text=_("Inscripciones confirmadas; las demás quedan en lista de espera.")
    )
    registration_open = models.BooleanField(_("inscripción abierta"), default=True)
    published = models.BooleanField(_("publicado"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("kind")]),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        MultiFieldPanel(
            [FieldPanel("venue"), FieldPanel("address"), FieldPanel("city"), FieldPanel("online_url")],
            heading=_("Lugar"),
        ),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_open")]),
        InlinePanel("programme", label=_("programa")),
        InlinePanel("speakers", label=_("expositores")),
        InlinePanel("practices", label=_("prácticas presentadas")),
        InlinePanel("materials", label=_("materiales")),
        FieldPanel("published"),
    ]

    class Meta:
        verbose_name = _("evento")
        verbose_name_plural = _("eventos")
        ordering = ["-starts_at"]

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("El término debe ser posterior al inicio.")})
        if not (self.venue or self.online_url):
            raise ValidationError({"venue": _("Indique un lugar o un enlace de transmisión.")})

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.venue

    @property
    def location_text(self) -> str:
        parts = [part for part in (self.venue, self.address, self.city) if part]
        return ", ".join(parts) or (str(_("En línea")) if self.online_url else "")


class EventSession(Orderable):
    event = ParentalKey(Event, on_delete=models.CASCADE, related_name="programme")
    starts_at = models.TimeField(_("hora"))
    title = models.CharField(_("actividad"), max_length=200)
    speaker_names = models.CharField(_("a cargo de"), max_length=250, blank=True)

    panels = [FieldRowPanel([FieldPanel("starts_at"), FieldPanel("title"), FieldPanel("speaker_names")])]


class EventSpeaker(Orderable):
    event = ParentalKey(Event, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("nombre"), max_length=150)
    affiliation = models.CharField(_("cargo e institución"), max_length=250, blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("affiliation")])]


class EventPractice(Orderable):
    event = ParentalKey(Event, on_delete=models.CASCADE, related_name="practices")
    practice = models.ForeignKey(
        "portal.GoodPracticePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("práctica")
    )

    panels = [FieldPanel("practice")]


class EventMaterial(Orderable):
    event = ParentalKey(Event, on_delete=models.CASCADE, related_name="materials")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("documento")
    )
    title = models.CharField(_("título"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmada", _("Confirmada")
    WAITLISTED = "espera", _("En lista de espera")
    CANCELLED = "anulada", _("Anulada")


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("nombre completo"), max_length=150)
    email = models.EmailField(_("correo electrónico"))
    organisation = models.CharField(_("municipalidad u organización"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("estado"), max_length=12, choices=RegistrationStatus.choices)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("asistió"), default=False)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inscripción")
        verbose_name_plural = _("inscripciones")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~models.Q(status="anulada"),
                name="difusion_one_active_registration_per_email",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.event})"
