"""The one writer of CSV and XLSX files for every export: cells a spreadsheet would run are defused.

Text written by applicants (a title such as ``=HYPERLINK("http://…","ver")``) must reach the
spreadsheet as text. A cell whose text starts with ``= + - @`` (or a tab or carriage return, or
their full-width forms, or any of these after leading spaces) is a formula for Excel, LibreOffice
and Google Sheets; ``defuse`` prefixes it with an apostrophe, the spreadsheets' own "this is text"
mark (OWASP's advice for CSV injection). Numbers stay numbers: ``-3.5`` is not a formula.

    from core import spreadsheets
    spreadsheets.csv_bytes(header, rows)
    spreadsheets.xlsx_bytes(header, rows, title="Ranking")
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

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


def csv_bytes(header: Sequence, rows: Iterable[Sequence]) -> bytes:
    """UTF-8 CSV with a BOM (so spreadsheet programs read the accents), every cell defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([defuse(cell) for cell in header])
    for row in defused_rows(rows):
        writer.writerow(["" if cell is None else cell for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


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
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(title)[:31]  # Excel's limit for sheet names
    for row in _with_header(header, rows):
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would store a leading "=" as a formula
    if bold_header:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    if column_width:
        for index in range(1, len(header) + 1):
            sheet.column_dimensions[get_column_letter(index)].width = column_width
    sheet.freeze_panes = "A2"
    if anonymous:
        workbook.properties.creator = ""
        workbook.properties.lastModifiedBy = ""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _with_header(header, rows):
    yield [defuse(cell) for cell in header]
    yield from defused_rows(rows)
