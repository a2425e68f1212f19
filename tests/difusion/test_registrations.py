"""Registration at capacity, waiting list and promotion, e-mails, reminders, iCalendar, certificate."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from difusion import services
from difusion.models import RegistrationStatus
from difusion.tasks import send_event_reminders
from tests.factories.difusion import EventFactory, EventSpeakerFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _register(run_on_commit, event, n):
    return run_on_commit(services.register, event=event, name=f"Persona {n}", email=f"p{n}@ejemplo.cl")


def test_capacity_then_waiting_list_then_promotion(run_on_commit):
    event = EventFactory(capacity=2)
    first = _register(run_on_commit, event, 1)
    second = _register(run_on_commit, event, 2)
    third = _register(run_on_commit, event, 3)
    fourth = _register(run_on_commit, event, 4)
    assert [r.status for r in (first, second, third, fourth)] == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.WAITLISTED,
    ]
    assert len(mail.outbox) == 4
    assert "lista de espera" in mail.outbox[2].body

    promoted = run_on_commit(services.cancel_registration, registration=second)
    assert promoted.pk == third.pk
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == RegistrationStatus.CONFIRMED and third.promoted_at is not None
    assert fourth.status == RegistrationStatus.WAITLISTED
    assert event.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 2
    subjects = [message.subject for message in mail.outbox]
    assert any(subject.startswith("Tiene un cupo confirmado") for subject in subjects)
    promotion = [m for m in mail.outbox if m.subject.startswith("Tiene un cupo confirmado")]
    assert [m.to for m in promotion] == [["p3@ejemplo.cl"]]


def test_cancelling_a_waitlisted_registration_promotes_nobody(run_on_commit):
    event = EventFactory(capacity=1)
    _register(run_on_commit, event, 1)
    waiting = _register(run_on_commit, event, 2)
    assert run_on_commit(services.cancel_registration, registration=waiting) is None
    assert event.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 1


def test_same_email_twice_is_refused_but_may_register_again_after_cancelling(run_on_commit):
    event = EventFactory()
    registration = _register(run_on_commit, event, 1)
    with pytest.raises(ValidationError):
        run_on_commit(services.register, event=event, name="Otra", email="P1@ejemplo.cl ")
    run_on_commit(services.cancel_registration, registration=registration)
    again = _register(run_on_commit, event, 1)
    assert again.status == RegistrationStatus.CONFIRMED


def test_closed_or_started_events_refuse_registration(run_on_commit):
    with pytest.raises(ValidationError):
        _register(run_on_commit, EventFactory(registration_open=False), 1)
    started = EventFactory(starts_at=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError):
        _register(run_on_commit, started, 2)


def test_registration_form_full_event_keeps_input_and_shows_waitlist(client, run_on_commit):
    event = EventFactory(capacity=1)
    _register(run_on_commit, event, 1)
    url = reverse("difusion:event_detail", args=[event.slug])
    body = client.get(url).content.decode()
    assert "lista de espera" in body
    response = client.post(
        url, {"name": "Ana Pérez", "email": "no-es-correo", "organisation": "Municipalidad de Ñuñoa"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "form-errors" in body and "Ana Pérez" in body and "Municipalidad de Ñuñoa" in body
    with_callbacks = client.post(url, {"name": "Ana Pérez", "email": "ana@ejemplo.cl", "organisation": ""})
    assert with_callbacks.status_code == 302
    registration = event.registrations.get(email="ana@ejemplo.cl")
    assert registration.status == RegistrationStatus.WAITLISTED
    page = client.get(with_callbacks["Location"]).content.decode()
    assert "lugar 1" in page


def test_cancel_through_personal_link(client, run_on_commit):
    event = EventFactory(capacity=1)
    first = _register(run_on_commit, event, 1)
    waiting = _register(run_on_commit, event, 2)
    response = client.post(reverse("difusion:registration", args=[first.token]))
    assert response.status_code == 302
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_reminders_are_sent_once_and_only_for_events_within_a_day():
    soon = EventFactory(starts_at=timezone.now() + datetime.timedelta(hours=20))
    later = EventFactory(starts_at=timezone.now() + datetime.timedelta(days=5))
    RegistrationFactory(event=soon)
    RegistrationFactory(event=soon, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(event=later)
    assert send_event_reminders() == 1
    assert send_event_reminders() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Recordatorio")
    assert "hora de Chile" in mail.outbox[0].body


def test_icalendar_file(client):
    starts = datetime.datetime(2031, 3, 12, 9, 0, tzinfo=datetime.UTC) + datetime.timedelta(
        hours=3
    )  # 09:00 Chile (UTC-3)
    event = EventFactory(
        title="Seminario de transferencia",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=8),
        venue="Teatro Municipal",
        city="La Serena",
        online_url="https://video.ejemplo.cl/sala",
    )
    response = client.get(reverse("difusion:event_ics", args=[event.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Seminario de transferencia"
    assert vevent.decoded("DTSTART") == starts
    assert vevent.decoded("DTEND") == starts + datetime.timedelta(hours=8)
    assert "Teatro Municipal" in str(vevent["LOCATION"]) and "La Serena" in str(vevent["LOCATION"])
    assert str(vevent["URL"]).endswith(f"/eventos/{event.slug}/")
    assert str(vevent["UID"]).startswith(f"evento-{event.pk}@")
    assert "https://video.ejemplo.cl/sala" in str(vevent["DESCRIPTION"])


def test_event_page_shows_chile_time_and_json_ld(client):
    starts = datetime.datetime(
        2031, 3, 12, 12, 0, tzinfo=datetime.UTC
    )  # 09:00 in Santiago (summer time, UTC-3)
    event = EventFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=3))
    EventSpeakerFactory(event=event, name="María Soto")
    body = client.get(reverse("difusion:event_detail", args=[event.slug])).content.decode()
    assert "09:00–12:00" in body
    assert '"@type": "Event"' in body
    assert '"startDate": "2031-03-12T09:00:00-03:00"' in body
    assert "María Soto" in body


def test_unpublished_event_is_not_found(client):
    event = EventFactory(published=False)
    assert client.get(reverse("difusion:event_detail", args=[event.slug])).status_code == 404
    assert client.get(reverse("difusion:event_ics", args=[event.slug])).status_code == 404


def test_attendance_and_certificate(client, editor):
    event = EventFactory(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=2) + datetime.timedelta(hours=3),
    )
    came = RegistrationFactory(event=event, name="Pedro Rojas")
    absent = RegistrationFactory(event=event)
    assert services.record_attendance(event=event, attended_ids=[came.pk], actor=editor) == 1
    came.refresh_from_db()
    absent.refresh_from_db()
    assert came.attended and not absent.attended
    response = client.get(reverse("difusion:certificate", args=[came.token]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    from io import BytesIO

    from pypdf import PdfReader

    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert "Pedro Rojas" in text and event.title in text.replace("\n", " ")
    assert client.get(reverse("difusion:certificate", args=[absent.token])).status_code == 404


def test_attendance_requires_staff(applicant):
    event = EventFactory()
    with pytest.raises(PermissionDenied):
        services.record_attendance(event=event, attended_ids=[], actor=applicant)
