"""Attendee lists (CSV and XLSX) through the shared export framework (core.exports)."""

from django.utils.translation import gettext_lazy as _

from core import exports, spreadsheets
from core.spreadsheets import spreadsheet_csv

from .models import Event
from .rules import can_manage
from .selectors import attendees

HEADERS = [
    "Nombre",
    "Correo",
    "Municipalidad u organización",
    "Estado",
    "Inscripción (hora de Chile)",
    "Asistió",
]


def _rows(event_id: int):
    event = Event.objects.get(pk=event_id)
    for registration in attendees(event):
        yield (
            [
                registration.name,
                registration.email,
                registration.organisation,
                registration.get_status_display(),
                registration.created_at,
                "sí" if registration.attended else "no",
            ],
            event,
        )


def _collect(event_id: int) -> tuple[list, str]:
    slug, rows = "evento", []
    for row, event in _rows(event_id):
        rows.append(row)
        slug = event.slug
    return rows, slug


def build_csv(params: dict):
    # The variant for a spreadsheet set to Chilean Spanish (';', dd-mm-aaaa, BOM): what staff open.
    rows, slug = _collect(params["event_id"])
    return spreadsheet_csv(HEADERS, rows), f"inscritos-{slug}.csv", "text/csv; charset=utf-8"


def build_xlsx(params: dict):
    rows, slug = _collect(params["event_id"])
    return (
        spreadsheets.xlsx_bytes(HEADERS, rows, title="Inscritos"),
        f"inscritos-{slug}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _allowed(user, params) -> bool:
    return bool(can_manage(user)) and Event.objects.filter(pk=params.get("event_id")).exists()


exports.register("difusion.attendees_csv", label=_("Inscritos (CSV)"), build=build_csv, allowed=_allowed)
exports.register("difusion.attendees_xlsx", label=_("Inscritos (XLSX)"), build=build_xlsx, allowed=_allowed)
