"""Attendee lists (CSV and XLSX) through the shared export framework (core.exports)."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from core import exports

from .models import Event
from .rules import can_manage
from .selectors import attendees

HEADERS = ["Nombre", "Correo", "Municipalidad u organización", "Estado", "Inscripción (hora de Chile)", "Asistió"]


def _rows(event_id: int):
    event = Event.objects.get(pk=event_id)
    for registration in attendees(event):
        yield [
            registration.name,
            registration.email,
            registration.organisation,
            registration.get_status_display(),
            timezone.localtime(registration.created_at).strftime("%d-%m-%Y %H:%M"),
            "sí" if registration.attended else "no",
        ], event


def build_csv(params: dict):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS)
    slug = "evento"
    for row, event in _rows(params["event_id"]):
        writer.writerow(row)
        slug = event.slug
    # BOM so that Excel (Chilean locale, ';' separator) opens accents correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), f"inscritos-{slug}.csv", "text/csv; charset=utf-8"


def build_xlsx(params: dict):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Inscritos"
    sheet.append(HEADERS)
    slug = "evento"
    for row, event in _rows(params["event_id"]):
        sheet.append(row)
        slug = event.slug
    buffer = io.BytesIO()
    workbook.save(buffer)
    return (
        buffer.getvalue(),
        f"inscritos-{slug}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _allowed(user, params) -> bool:
    return bool(can_manage(user)) and Event.objects.filter(pk=params.get("event_id")).exists()


exports.register("difusion.attendees_csv", label=_("Inscritos (CSV)"), build=build_csv, allowed=_allowed)
exports.register("difusion.attendees_xlsx", label=_("Inscritos (XLSX)"), build=build_xlsx, allowed=_allowed)
