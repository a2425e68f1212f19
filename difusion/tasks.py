"""Background work of the dissemination app. Tasks take ids and call services."""

import logging
from datetime import timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.taskutils import portal_task, send_email_once

from . import services
from .book import build_pdf
from .models import Book, Registration, RegistrationStatus

logger = logging.getLogger(__name__)

REMINDER_WINDOW = timedelta(hours=24)


def _site_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(registration: Registration, kind: str) -> bool:
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "kind": kind,
        "event_url": _site_url(reverse("difusion:event_detail", args=[event.slug])),
        "manage_url": _site_url(reverse("difusion:registration", args=[registration.token])),
        "ics_url": _site_url(reverse("difusion:event_ics", args=[event.slug])),
    }
    subject = render_to_string("difusion/emails/registration_subject.txt", context).strip()
    body = render_to_string("difusion/emails/registration_body.txt", context)
    return send_email_once(
        key=f"difusion-{kind}:{registration.pk}:{registration.status}",
        to=[registration.email],
        subject=subject,
        body=body,
    )


@portal_task(name="difusion.tasks.send_registration_email")
def send_registration_email(registration_id: int, kind: str) -> bool:
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None:
        return False
    return _send(registration, kind)


@portal_task(name="difusion.tasks.send_event_reminders")
def send_event_reminders() -> int:
    """Remind confirmed people of events starting within 24 hours (once each: send_email_once)."""
    now = timezone.now()
    sent = 0
    registrations = Registration.objects.select_related("event").filter(
        status=RegistrationStatus.CONFIRMED,
        event__published=True,
        event__starts_at__gt=now,
        event__starts_at__lte=now + REMINDER_WINDOW,
    )
    for registration in registrations:
        sent += _send(registration, "recordatorio")
    return sent


@portal_task(name="difusion.tasks.build_book", max_retries=2)
def build_book(book_id: int) -> str:
    book = Book.objects.filter(pk=book_id).first()
    if book is None:
        return "missing"

    def progress(value: int, message: str) -> None:
        services.set_book_progress(book_id=book_id, progress=value, message=message)

    progress(5, _("Leyendo las prácticas"))
    try:
        pdf, digest, seconds = build_pdf(book, progress=progress)
    except Exception as exc:
        logger.exception("No se pudo generar el libro %s", book_id)
        # Not retried: the error is shown to staff, who fix the content and generate again.
        services.mark_book_failed(book_id=book_id, error=f"{type(exc).__name__}: {exc}")
        return "failed"
    progress(95, _("Publicando el documento"))
    services.store_book_pdf(book_id=book_id, pdf=pdf, content_hash=digest, seconds=seconds)
    return "ready"
