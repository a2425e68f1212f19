"""Writes of citizen schools: keyword-only and atomic."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.taskutils import enqueue
from escuelas.models import Cohort, Course, Enrolment

FULL = _("Esta cohorte ya no tiene cupos. Revise otras fechas o comunas del mismo curso.")


@transaction.atomic
def save_course(
    *,
    slug: str,
    title: str,
    summary: str,
    description: str,
    audience: str = "",
    sessions: int = 6,
    order: int = 0,
) -> Course:
    course, _created = Course.objects.update_or_create(
        slug=slug,
        defaults={
            "title": title,
            "summary": summary,
            "description": description,
            "audience": audience,
            "sessions": sessions,
            "order": order,
        },
    )
    return course


@transaction.atomic
def create_cohort(
    *, course: Course, comuna, starts_on, ends_on, capacity: int, venue: str = "", schedule: str = ""
) -> Cohort:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("El término no puede ser anterior al inicio.")})
    if capacity < 1:
        raise ValidationError({"capacity": _("La cohorte necesita al menos un cupo.")})
    return Cohort.objects.create(
        course=course,
        comuna=comuna,
        starts_on=starts_on,
        ends_on=ends_on,
        capacity=capacity,
        venue=venue,
        schedule=schedule,
    )


@transaction.atomic
def enrol(*, cohort: Cohort, full_name: str, email: str, comuna) -> Enrolment:
    """Public registration. The cohort row is locked so two last-seat registrations cannot both pass."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if not cohort.registration_open or cohort.ends_on < timezone.localdate():
        raise ValidationError(_("La inscripción de esta cohorte está cerrada."))
    email = email.strip().lower()
    if cohort.enrolments.filter(email=email).exists():
        raise ValidationError({"email": _("Este correo ya está inscrito en esta cohorte.")})
    if cohort.enrolments.count() >= cohort.capacity:
        raise ValidationError(FULL)
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                cohort=cohort, full_name=full_name.strip(), email=email, comuna=comuna
            )
    except IntegrityError as exc:
        raise ValidationError({"email": _("Este correo ya está inscrito en esta cohorte.")}) from exc
    enqueue("escuelas.tasks.send_confirmation", enrolment.pk)
    return enrolment


@transaction.atomic
def record_progress(*, enrolment: Enrolment, sessions_attended: int, completed: bool) -> Enrolment:
    sessions = enrolment.cohort.course.sessions
    if sessions_attended > sessions:
        raise ValidationError(
            _("%(name)s: el curso tiene %(n)s sesiones.") % {"name": enrolment.full_name, "n": sessions}
        )
    enrolment.sessions_attended = sessions_attended
    enrolment.completed = completed
    enrolment.save(update_fields=["sessions_attended", "completed"])
    return enrolment


@transaction.atomic
def set_registration_open(*, cohort: Cohort, is_open: bool) -> Cohort:
    cohort.registration_open = is_open
    cohort.save(update_fields=["registration_open"])
    return cohort
