"""Citizen schools (Escuelas Ciudadanas, issue 13 point 4): a catalogue of courses, cohorts per
comuna with dates and capacity, public enrolment, attendance and completion recorded by staff."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Course(models.Model):
    title = models.CharField(_("título"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(_("resumen"), max_length=300)
    description = models.TextField(_("descripción"))
    audience = models.CharField(_("dirigido a"), max_length=300, blank=True)
    sessions = models.PositiveSmallIntegerField(_("número de sesiones"), default=6)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)
    is_active = models.BooleanField(_("en el catálogo"), default=True)

    class Meta:
        verbose_name = _("curso")
        verbose_name_plural = _("cursos")
        ordering = ["order", "title"]

    def __str__(self):
        return self.title


class Cohort(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("curso")
    )
    comuna = models.ForeignKey(
        "core.Comuna", on_delete=models.PROTECT, related_name="+", verbose_name=_("comuna")
    )
    starts_on = models.DateField(_("inicio"))
    ends_on = models.DateField(_("término"))
    capacity = models.PositiveSmallIntegerField(_("cupos"))
    venue = models.CharField(_("lugar"), max_length=250, blank=True)
    schedule = models.CharField(_("horario"), max_length=200, blank=True)
    registration_open = models.BooleanField(_("inscripción abierta"), default=True)

    class Meta:
        verbose_name = _("cohorte")
        verbose_name_plural = _("cohortes")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="cohort_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.course} · {self.comuna} ({self.starts_on:%d-%m-%Y})"


class Enrolment(models.Model):
    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("cohorte")
    )
    full_name = models.CharField(_("nombre completo"), max_length=200)
    email = models.EmailField(_("correo electrónico"))
    comuna = models.ForeignKey(
        "core.Comuna", on_delete=models.PROTECT, related_name="+", verbose_name=_("comuna donde vive")
    )
    sessions_attended = models.PositiveSmallIntegerField(_("sesiones asistidas"), default=0)
    completed = models.BooleanField(_("aprobó el curso"), default=False)
    created_at = models.DateTimeField(_("inscrita el"), auto_now_add=True)

    class Meta:
        verbose_name = _("inscripción")
        verbose_name_plural = _("inscripciones")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "email"], name="one_enrolment_per_email_and_cohort")
        ]

    def __str__(self):
        return f"{self.full_name} · {self.cohort}"
