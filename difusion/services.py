"""Writes of the dissemination app: registrations (capacity, waiting list, cancellation and
promotion, attendance) and the book (choosing practices, queuing its generation)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.taskutils import enqueue
from evaluacion.models import DecisionChoice

from .models import Book, BookEntry, BookStatus, Event, Registration, RegistrationStatus
from .rules import can_manage

SEND_CONFIRMATION = "difusion.tasks.send_registration_email"
BUILD_BOOK = "difusion.tasks.build_book"


# -- registrations -------------------------------------------------------------------------------


@transaction.atomic
def register(*, event: Event, name: str, email: str, organisation: str = "", user=None) -> Registration:
    """Register someone: confirmed while seats last, otherwise on the waiting list.

    The event row is locked so two people never take the last seat together.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.published or not event.registration_open:
        raise ValidationError(_("La inscripción a este evento no está abierta."))
    if event.starts_at <= timezone.now():
        raise ValidationError(_("El evento ya comenzó; no se reciben más inscripciones."))
    email = email.strip().lower()
    if event.registrations.filter(email=email).exclude(status=RegistrationStatus.CANCELLED).exists():
        raise ValidationError(
            {
                "email": _(
                    "Este correo ya está inscrito en el evento. Revise el mensaje de confirmación que le enviamos."
                )
            }
        )
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    status = RegistrationStatus.CONFIRMED if confirmed < event.capacity else RegistrationStatus.WAITLISTED
    registration = Registration.objects.create(
        event=event,
        name=name.strip(),
        email=email,
        organisation=organisation.strip(),
        user=user if user is not None and user.is_authenticated else None,
        status=status,
    )
    enqueue(SEND_CONFIRMATION, registration.pk, "inscripcion")
    return registration


@transaction.atomic
def cancel_registration(*, registration: Registration) -> Registration | None:
    """Cancel a registration. A freed seat goes to the first person waiting; returns that person."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return None
    if event.starts_at <= timezone.now():
        raise ValidationError(_("El evento ya comenzó; la inscripción no se puede anular."))
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    enqueue(SEND_CONFIRMATION, registration.pk, "anulacion")
    if not was_confirmed:
        return None
    return _promote_next(event)


def _promote_next(event: Event) -> Registration | None:
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    if confirmed >= event.capacity:
        return None
    first = (
        event.registrations.select_for_update()
        .filter(status=RegistrationStatus.WAITLISTED)
        .order_by("created_at", "pk")
        .first()
    )
    if first is None:
        return None
    first.status = RegistrationStatus.CONFIRMED
    first.promoted_at = timezone.now()
    first.save(update_fields=["status", "promoted_at"])
    enqueue(SEND_CONFIRMATION, first.pk, "cupo")
    return first


@transaction.atomic
def record_attendance(*, event: Event, attended_ids, actor) -> int:
    """Mark who attended (confirmed registrations only); the others are marked absent. Returns count."""
    if not can_manage(actor):
        raise PermissionDenied
    attended_ids = {int(pk) for pk in attended_ids}
    now = timezone.now()
    confirmed = event.registrations.select_for_update().filter(status=RegistrationStatus.CONFIRMED)
    count = 0
    for registration in confirmed:
        attended = registration.pk in attended_ids
        count += attended
        if registration.attended != attended or registration.attendance_recorded_at is None:
            registration.attended = attended
            registration.attendance_recorded_at = now
            registration.save(update_fields=["attended", "attendance_recorded_at"])
    return count


# -- book ----------------------------------------------------------------------------------------


def call_practice_ids(call) -> list[int]:
    """Library pages of a call's winners and honourable mentions (the committee's final decisions)."""
    practice_model = BookEntry._meta.get_field("practice").related_model
    pages = (
        practice_model.objects.live()
        .filter(
            competition_decision__submission__call=call,
            competition_decision__outcome__in=[DecisionChoice.WINNER, DecisionChoice.MENTION],
        )
        .order_by("competition_decision__outcome", "competition_decision__submission__code", "pk")
        .values_list("pk", flat=True)
    )
    ids = list(dict.fromkeys(pages))
    if not ids:
        # Calls run before the portal existed: their practices carry the call as an outside recognition
        # (structured: competition and year, portal.recognitions), not as a result of this platform.
        ids = list(
            practice_model.objects.live()
            .filter(
                external_recognitions__competition__iexact=call.title,
                external_recognitions__year=call.year,
                external_recognitions__level__in=["ganadora", "mencion"],
            )
            .order_by("external_recognitions__level", "title")
            .values_list("pk", flat=True)
        )
        ids = list(dict.fromkeys(ids))
    return ids


@transaction.atomic
def add_practices(*, book: Book, practice_ids, actor) -> int:
    """Append practices to the book (those already in it are skipped). Returns how many were added."""
    if not can_manage(actor):
        raise PermissionDenied
    book = Book.objects.select_for_update().get(pk=book.pk)
    present = set(book.entries.values_list("practice_id", flat=True))
    start = (book.entries.order_by("-sort_order").values_list("sort_order", flat=True).first() or 0) + 1
    added = 0
    for offset, practice_id in enumerate(pid for pid in practice_ids if pid not in present):
        BookEntry.objects.create(book=book, practice_id=practice_id, sort_order=start + offset)
        added += 1
    return added


@transaction.atomic
def request_book_generation(*, book: Book, actor) -> Book:
    """Queue the PDF's generation (in the background); refused while one is already under way."""
    if not can_manage(actor):
        raise PermissionDenied
    book = Book.objects.select_for_update().get(pk=book.pk)
    if book.is_busy:
        raise ValidationError(_("El libro ya se está generando."))
    if not book.entries.exists():
        raise ValidationError(_("Agregue al menos una práctica antes de generar el libro."))
    book.status = BookStatus.QUEUED
    book.progress = 0
    book.progress_message = _("En cola")
    book.error = ""
    book.save(update_fields=["status", "progress", "progress_message", "error", "updated_at"])
    enqueue(BUILD_BOOK, book.pk)
    return book


def set_book_progress(
    *, book_id: int, progress: int, message: str, status: str = BookStatus.BUILDING
) -> None:
    Book.objects.filter(pk=book_id).update(progress=progress, progress_message=message, status=status)


@transaction.atomic
def store_book_pdf(*, book_id: int, pdf: bytes, content_hash: str, seconds: float) -> Book:
    """Save the generated PDF as the book's Wagtail document (the same document is reused)."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document_model = get_document_model()
    book = Book.objects.select_for_update().get(pk=book_id)
    filename = f"{book.slug}.pdf"
    document = book.document or document_model(title=book.title)
    document.title = book.title
    if document.pk and document.file:
        document.file.delete(save=False)
    document.file.save(filename, ContentFile(pdf), save=False)
    document.file_size = len(pdf)
    document.save()
    book.document = document
    book.status = BookStatus.READY
    book.progress = 100
    book.progress_message = _("Listo")
    book.generated_at = timezone.now()
    book.build_seconds = round(seconds, 2)
    book.content_hash = content_hash
    book.save(
        update_fields=[
            "document",
            "status",
            "progress",
            "progress_message",
            "generated_at",
            "build_seconds",
            "content_hash",
            "updated_at",
        ]
    )
    return book


def mark_book_failed(*, book_id: int, error: str) -> None:
    Book.objects.filter(pk=book_id).update(
        status=BookStatus.FAILED, error=error[:2000], progress_message=_("Falló")
    )
