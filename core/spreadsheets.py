"""The one writer of CSV and XLSX files for every export: cells a spreadsheet would run are defused.

Text written by applicants (a title such as ``=HYPERLINK("http://…","ver")``) must reach the
spreadsheet as text. A cell whose text starts with ``= + - @`` (or a tab or carriage return, or
their full-width forms, or any of these after leading spaces) is a formula for Excel, LibreOffice
and Google Sheets; ``defuse`` prefixes it with an apostrophe, the spreadsheets' own "this is text"
mark (OWASP's advice for CSV injection). Numbers stay numbers: ``-3.5`` is not a formula.

    from core import spreadsheets
    spreadsheets.csv_bytes(header, rows)
    spreadsheets.xlsx_bytes(header, rows, title="Ranking")

Dates (README, «Formatos»): real date cells in XLSX (shown 30-06-2025, moments in Chile's time),
ISO 8601 in the plain CSV (2025-06-30, 2025-06-30T14:30:00-04:00); the CSV for a spreadsheet set to
Chilean Spanish (core.numbers.spreadsheet_csv) writes 30-06-2025.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from core import numbers

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
PLAIN_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")


def defuse(value):
    """A cell value that no spreadsheet evaluates: numbers and dates as they are, text defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal | date | datetime):
        return value
    text = str(value)
    stripped = text.lstrip(" \u00a0")
    if stripped.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(stripped.strip()):
        return "'" + text
    return text


def defused_rows(rows: Iterable[Sequence]) -> Iterable[list]:
    for row in rows:
        yield [defuse(cell) for cell in row]


def csv_bytes(header: Sequence, rows: Iterable[Sequence], *, delimiter: str = ",") -> bytes:
    """UTF-8 CSV with a BOM (so spreadsheet programs read the accents), every cell defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow([defuse(cell) for cell in header])
    for row in defused_rows(rows):
        writer.writerow(["" if cell is None else _csv_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value):
    if isinstance(value, date | datetime):
        return numbers.format_iso(value)
    return value


def _xlsx_cell(value):
    """Excel has no time zones: a moment goes in as Chile's wall-clock time."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return numbers.chile_time(value).replace(tzinfo=None)
    return value


XLSX_DATE = "DD-MM-YYYY"
XLSX_DATETIME = "DD-MM-YYYY HH:MM"


def xlsx_bytes(
    header: Sequence,
    rows: Iterable[Sequence],
    *,
    title: str,
    column_width: float | None = None,
    bold_header: bool = False,
    anonymous: bool = False,
) -> bytes:
    """An XLSX workbook of one sheet; text cells are stored as text (never as formulas) and defused.

    ``anonymous`` leaves the author fields empty (files that must not hint at who made them).
    """
    from openpyxl import Workbook

    workbook = Workbook()
    _fill(
        workbook.active,
        title,
        header,
        rows,
        widths=[column_width] * len(header) if column_width else None,
        bold_header=bold_header,
    )
    if anonymous:
        workbook.properties.creator = ""
        workbook.properties.lastModifiedBy = ""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_sheets_bytes(sheets: Iterable[tuple[str, Sequence, Iterable[Sequence]]], *, widths=None) -> bytes:
    """An XLSX workbook of several sheets ``(title, header, rows)``, each filled as in xlsx_bytes.

    ``widths(index, header)`` gives a column's width (1-based index), or None for the default.
    """
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        column_widths = (
            [widths(index, name) for index, name in enumerate(header, start=1)] if widths else None
        )
        _fill(workbook.create_sheet(), title, header, rows, widths=column_widths)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill(sheet, title, header, rows, *, widths=None, bold_header=False) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.title = str(title)[:31]  # Excel's limit for sheet names
    for row in _with_header(header, rows):
        sheet.append([_xlsx_cell(cell) for cell in row])
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would store a leading "=" as a formula
            elif isinstance(cell.value, datetime):
                cell.number_format = XLSX_DATETIME
            elif isinstance(cell.value, date):
                cell.number_format = XLSX_DATE
    if bold_header:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    for index, width in enumerate(widths or [], start=1):
        if width:
            sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _with_header(header, rows):
    yield [defuse(cell) for cell in header]
    yield from defused_rows(rows)


# ---------------------------------------------------------------------------------------------
# CSV for spreadsheets set to Chilean Spanish
# ---------------------------------------------------------------------------------------------

_DECIMAL_TEXT = re.compile(r"^-?\d+\.\d+$")


def _spreadsheet_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        return numbers.format_decimal(value).replace(
            ".", ""
        )  # decimal comma, no thousands dots (read as a number)
    if isinstance(value, datetime | date):
        return numbers.format_date(value, with_time=isinstance(value, datetime), short=True)
    text = str(value)
    if _DECIMAL_TEXT.match(text):
        return text.replace(".", ",")

    return defuse(text)


def spreadsheet_csv(header, rows) -> bytes:
    """CSV that Excel/LibreOffice set to Chilean Spanish open in columns: ';' separator, decimal
    comma, dates as dd-mm-aaaa, UTF-8 with BOM and CRLF line ends."""

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(cell) for cell in header])
    for row in rows:
        writer.writerow([_spreadsheet_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
