"""Every URL of the dissemination app × every role."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import ExportJob
from tests.factories.core import UserFactory
from tests.factories.difusion import BookEntryFactory, BookFactory, EventFactory, RegistrationFactory
from tests.factories.portal import good_practice_factory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "applicant", "evaluator", "committee", "editor", "coordinator"]
STAFF = {"editor", "coordinator"}


def _user(role):
    if role == "anonymous":
        return None
    return UserFactory(**{role: True})


@pytest.fixture
def objects():
    event = EventFactory()
    past = EventFactory(
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3) + datetime.timedelta(hours=2),
    )
    registration = RegistrationFactory(event=event)
    attended = RegistrationFactory(event=past, attended=True)
    book = BookFactory()
    BookEntryFactory(book=book, practice=good_practice_factory())
    return {"event": event, "registration": registration, "attended": attended, "book": book}


def _urls(o):
    event, book = o["event"], o["book"]
    return [
        # (method, url, public)
        ("get", reverse("difusion:event_list"), True),
        ("get", reverse("difusion:event_detail", args=[event.slug]), True),
        ("get", reverse("difusion:event_ics", args=[event.slug]), True),
        ("get", reverse("difusion:registration", args=[o["registration"].token]), True),
        ("get", reverse("difusion:certificate", args=[o["attended"].token]), True),
        ("get", reverse("difusion:book_list"), True),
        ("get", reverse("difusion:staff_home"), False),
        ("get", reverse("difusion:staff_attendance", args=[event.pk]), False),
        ("post", reverse("difusion:staff_attendance", args=[event.pk]), False),
        ("post", reverse("difusion:staff_attendees_export", args=[event.pk, "csv"]), False),
        ("post", reverse("difusion:staff_attendees_export", args=[event.pk, "xlsx"]), False),
        ("get", reverse("difusion:staff_book", args=[book.pk]), False),
        ("post", reverse("difusion:staff_book_generate", args=[book.pk]), False),
        ("post", reverse("difusion:staff_book_add_call", args=[book.pk]), False),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, objects, role):
    user = _user(role)
    if user:
        client.force_login(user)
    for method, url, public in _urls(objects):
        response = getattr(client, method)(url)
        if public:
            assert response.status_code == 200, (role, method, url)
        elif role == "anonymous":
            assert response.status_code == 302 and "/cuenta/ingresar/" in response["Location"], (role, url)
        elif role in STAFF:
            assert response.status_code in (200, 302), (role, method, url, response.status_code)
        else:
            assert response.status_code == 403, (role, method, url, response.status_code)


def test_unpublished_book_detail_is_not_found(client, objects):
    assert client.get(reverse("difusion:book_detail", args=[objects["book"].slug])).status_code == 404


def test_attendee_export_csv_and_xlsx(client, objects, editor, django_capture_on_commit_callbacks):
    import io

    from openpyxl import load_workbook

    client.force_login(editor)
    event = objects["event"]
    RegistrationFactory(event=event, name="Ñandú Pérez", status="espera")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("difusion:staff_attendees_export", args=[event.pk, "csv"]))
        client.post(reverse("difusion:staff_attendees_export", args=[event.pk, "xlsx"]))
    jobs = {job.kind: job for job in ExportJob.objects.filter(requested_by=editor)}
    with jobs["difusion.attendees_csv"].file.open("rb") as handle:
        text = handle.read().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Nombre;Correo")
    assert objects["registration"].email in text and "Ñandú Pérez;" in text and "En lista de espera" in text
    with jobs["difusion.attendees_xlsx"].file.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == [objects["registration"].name, "Ñandú Pérez"]


def test_export_refused_to_non_staff(applicant):
    from django.core.exceptions import PermissionDenied

    from core import exports

    with pytest.raises(PermissionDenied):
        exports.request_export(
            user=applicant, kind="difusion.attendees_csv", params={"event_id": EventFactory().pk}
        )
