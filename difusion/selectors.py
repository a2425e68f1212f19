"""Reads of the dissemination app (also used by the public site and the open data API)."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Book, BookEntry, BookStatus, Event, EventPractice, Registration, RegistrationStatus


def public_events() -> QuerySet[Event]:
    """Published events, newest first, with their confirmed-registration count."""
    return (
        Event.objects.filter(published=True)
        .annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            )
        )
        .order_by("-starts_at", "pk")
    )


def upcoming_events() -> QuerySet[Event]:
    return public_events().filter(ends_at__gt=timezone.now()).order_by("starts_at", "pk")


def past_events() -> QuerySet[Event]:
    return public_events().filter(ends_at__lte=timezone.now())


def public_event(slug: str) -> Event:
    """One published event with everything its page shows; 404 otherwise."""
    live_practices = EventPractice.objects.filter(practice__live=True).select_related(
        "practice__municipality__comuna__region", "practice__category"
    )
    return get_object_or_404(
        public_events().prefetch_related(
            "programme", "speakers", Prefetch("practices", queryset=live_practices), "materials__document"
        ),
        slug=slug,
    )


def seats_left(event: Event) -> int:
    confirmed = getattr(event, "confirmed_count", None)
    if confirmed is None:
        confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    return max(event.capacity - confirmed, 0)


def waitlist(event: Event) -> QuerySet[Registration]:
    return event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by("created_at", "pk")


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    return (
        waitlist(registration.event)
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def attendees(event: Event) -> QuerySet[Registration]:
    """Every registration that is not cancelled: confirmed first, then the waiting list."""
    return event.registrations.exclude(status=RegistrationStatus.CANCELLED).order_by(
        "status", "created_at", "pk"
    )


def book_entries(book: Book) -> list[BookEntry]:
    """The book's live practices in print order: by category, then the order staff chose."""
    return list(
        book.entries.filter(practice__live=True)
        .select_related(
            "practice__municipality__comuna__region", "practice__category", "practice__main_image"
        )
        .prefetch_related(
            "practice__indicators", "practice__themes", "practice__ods", "practice__gallery__image"
        )
        .order_by("practice__category__name", "sort_order", "pk")
    )


def published_books() -> QuerySet[Book]:
    return Book.objects.filter(
        published=True, status=BookStatus.READY, document__isnull=False
    ).select_related("document")
