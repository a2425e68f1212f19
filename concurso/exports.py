"""CSV and XLSX exports of entries for staff. Cells that a spreadsheet would run as formulas are defused."""

import csv
import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

HEADERS = [
    "Código", "Convocatoria", "Categoría", "Municipalidad", "Comuna", "Región", "Estado", "Título",
    "Enviada el (hora de Chile)", "Contacto", "Correo de contacto", "Teléfono de contacto", "Adjuntos",
    "Motivo de admisibilidad",
]


def _safe(value) -> str:
    text = "" if value is None else str(value)
    # CSV/formula injection: a leading = + - @ (or tab/CR) would make a spreadsheet evaluate the cell.
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def rows(entries):
    for entry in entries:
        submitted = timezone.localtime(entry.submitted_at).strftime("%Y-%m-%d %H:%M:%S") if entry.submitted_at else ""
        yield [
            entry.code,
            entry.call.title,
            entry.category.name if entry.category else "",
            entry.municipality.name,
            entry.municipality.comuna.name,
            str(entry.municipality.comuna.region),
            entry.get_status_display(),
            entry.title,
            submitted,
            entry.contact_name,
            entry.contact_email,
            entry.contact_phone,
            getattr(entry, "attachment_count", ""),
            entry.admissibility_reason,
        ]


def as_csv(entries) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in rows(entries):
        writer.writerow([_safe(cell) for cell in row])
    # BOM so spreadsheet programs read the accents as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(entries) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Postulaciones"
    sheet.append(HEADERS)
    for row in rows(entries):
        sheet.append([cell if isinstance(cell, int) else _safe(cell) for cell in row])
    for index, _header in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 22
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
