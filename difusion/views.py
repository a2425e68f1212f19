"""Public pages (events, registrations, books) and staff screens (attendance, book generation)."""

from functools import wraps

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import exports

from . import selectors, services
from .calendar import event_ics
from .certificates import certificate_pdf
from .forms import AttendanceForm, RegistrationForm
from .models import Book, BookStatus, Event, Registration, RegistrationStatus


def event_manager_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not rules.has_perm("difusion.manage_events", request.user):
            raise PermissionDenied(_("Esta sección es para el equipo de la asociación."))
        return view(request, *args, **kwargs)

    return wrapper


def _error_messages(error: ValidationError) -> list[str]:
    return (
        [message for messages_ in error.message_dict.values() for message in messages_]
        if hasattr(error, "error_dict")
        else list(error.messages)
    )


# -- public: events ------------------------------------------------------------------------------


@require_GET
def event_list(request):
    return render(
        request,
        "difusion/event_list.html",
        {"upcoming": selectors.upcoming_events(), "past": selectors.past_events()[:24]},
    )


@require_http_methods(["GET", "POST"])
def event_detail(request, slug):
    event = selectors.public_event(slug)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                registration = services.register(event=event, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        for message in errors:
                            form.add_error(field if field in form.fields else None, message)
                else:
                    for message in error.messages:
                        form.add_error(None, message)
            else:
                return redirect("difusion:registration", token=registration.token)
    return render(
        request,
        "difusion/event_detail.html",
        {
            "event": event,
            "form": form,
            "seats_left": selectors.seats_left(event),
            "event_url": request.build_absolute_uri(reverse("difusion:event_detail", args=[event.slug])),
        },
    )


@require_GET
def event_calendar(request, slug):
    event = selectors.public_event(slug)
    url = request.build_absolute_uri(reverse("difusion:event_detail", args=[event.slug]))
    response = HttpResponse(
        event_ics(event, url=url, host=request.get_host().split(":")[0]),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def _registration_or_404(token) -> Registration:
    return get_object_or_404(Registration.objects.select_related("event"), token=token, event__published=True)


@require_http_methods(["GET", "POST"])
def registration_detail(request, token):
    """The person's own registration, reached through the link in their e-mail (the token is the key)."""
    registration = _registration_or_404(token)
    if request.method == "POST":
        try:
            promoted = services.cancel_registration(registration=registration)
        except ValidationError as error:
            for message in _error_messages(error):
                messages.error(request, message)
        else:
            del promoted
            messages.success(
                request, _("Su inscripción quedó anulada. Gracias por avisar: el cupo pasa a quien espera.")
            )
        return redirect("difusion:registration", token=registration.token)
    return render(
        request,
        "difusion/registration.html",
        {
            "registration": registration,
            "event": registration.event,
            "position": selectors.waitlist_position(registration),
        },
    )


@require_GET
def certificate(request, token):
    registration = _registration_or_404(token)
    if not (registration.attended and registration.status == RegistrationStatus.CONFIRMED):
        raise Http404
    response = HttpResponse(certificate_pdf(registration), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificado-{registration.event.slug}.pdf"'
    return response


# -- public: books -------------------------------------------------------------------------------


@require_GET
def book_list(request):
    return render(request, "difusion/book_list.html", {"books": selectors.published_books()})


@require_GET
def book_detail(request, slug):
    book = get_object_or_404(selectors.published_books(), slug=slug)
    return render(
        request, "difusion/book_detail.html", {"book": book, "entries": selectors.book_entries(book)}
    )


# -- staff ---------------------------------------------------------------------------------------


@event_manager_required
@require_GET
def staff_home(request):
    return render(
        request,
        "difusion/staff/home.html",
        {"books": Book.objects.select_related("document", "call"), "events": Event.objects.all()[:50]},
    )


@event_manager_required
@require_http_methods(["GET", "POST"])
def staff_attendance(request, pk):
    event = get_object_or_404(Event, pk=pk)
    confirmed = list(event.registrations.filter(status=RegistrationStatus.CONFIRMED).order_by("name", "pk"))
    form = AttendanceForm(request.POST or None, registrations=confirmed)
    if request.method == "POST" and form.is_valid():
        count = services.record_attendance(
            event=event, attended_ids=form.cleaned_data["attended"], actor=request.user
        )
        messages.success(request, _("Asistencia guardada: %(n)s personas.") % {"n": count})
        return redirect("difusion:staff_attendance", pk=event.pk)
    return render(
        request,
        "difusion/staff/attendance.html",
        {
            "event": event,
            "form": form,
            "confirmed": confirmed,
            "waitlist": selectors.waitlist(event),
            "cancelled": event.registrations.filter(status=RegistrationStatus.CANCELLED).count(),
        },
    )


@event_manager_required
@require_POST
def staff_attendees_export(request, pk, fmt):
    event = get_object_or_404(Event, pk=pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    job = exports.request_export(
        user=request.user, kind=f"difusion.attendees_{fmt}", params={"event_id": event.pk}
    )
    return exports.response_for(request, job)


@event_manager_required
@require_GET
def staff_book(request, pk):
    book = get_object_or_404(Book.objects.select_related("document", "call"), pk=pk)
    return render(
        request,
        "difusion/staff/book.html",
        {
            "book": book,
            "entries": selectors.book_entries(book),
            "statuses": BookStatus,
            "refresh": book.is_busy,
        },
    )


@event_manager_required
@require_POST
def staff_book_generate(request, pk):
    book = get_object_or_404(Book, pk=pk)
    try:
        services.request_book_generation(book=book, actor=request.user)
    except ValidationError as error:
        for message in _error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Generación del libro en curso."))
    return redirect("difusion:staff_book", pk=book.pk)


@event_manager_required
@require_POST
def staff_book_add_call(request, pk):
    book = get_object_or_404(Book.objects.select_related("call"), pk=pk)
    if book.call is None:
        messages.error(request, _("El libro no tiene una convocatoria asociada; elíjala al editarlo."))
    else:
        added = services.add_practices(
            book=book, practice_ids=services.call_practice_ids(book.call), actor=request.user
        )
        messages.success(request, _("Se agregaron %(n)s prácticas ganadoras o con mención.") % {"n": added})
    return redirect("difusion:staff_book", pk=book.pk)
