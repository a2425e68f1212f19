"""Reading and writing tables (CSV with either delimiter, or XLSX) with spreadsheet-safe cells."""

from __future__ import annotations

import csv
import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from core import spreadsheets

# Writing goes through the project's one spreadsheet writer (core.spreadsheets): formulas defused.
safe = spreadsheets.defuse


def write_csv(headers: list[str], rows) -> bytes:
    return spreadsheets.csv_bytes(headers, rows, delimiter=";")


def write_xlsx(sheets: list[tuple[str, list[str], list]]) -> bytes:
    return spreadsheets.xlsx_sheets_bytes(sheets, widths=lambda index, _header: 18 if index > 1 else 28)


def read_rows(data: bytes, filename: str = "") -> list[dict[str, str]]:
    """Rows of the first sheet (XLSX) or of a CSV (UTF-8 or Latin-1, «;» or «,»), keyed by the
    lower-cased header. Each row also carries its line number under "_line"."""
    if data[:2] == b"PK" or filename.lower().endswith(".xlsx"):
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            raise ValidationError(_("El archivo no es una planilla XLSX válida."))
        sheet = workbook.worksheets[0]
        raw = [
            ["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)
        ]
        workbook.close()
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") >= first.count(",") else ","
        raw = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not raw:
        raise ValidationError(_("El archivo está vacío."))
    headers = [h.strip().lower() for h in raw[0]]
    rows = []
    for line, values in enumerate(raw[1:], start=2):
        if not any((v or "").strip() for v in values):
            continue
        row = {headers[i]: (values[i] if i < len(values) else "").strip() for i in range(len(headers))}
        for key, value in row.items():
            if value.startswith("'") and len(value) > 1 and value[1] in "=+-@":
                row[key] = value[1:]  # undo our own defusing
        row["_line"] = line
        rows.append(row)
    return rows
