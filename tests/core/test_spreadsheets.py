"""core.spreadsheets: the one CSV/XLSX writer; nothing an applicant types runs as a formula."""

import csv
import io

import pytest
from openpyxl import load_workbook

from core.spreadsheets import csv_bytes, defuse, xlsx_bytes

FORMULA = '=HYPERLINK("http://malo.example","ver")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (FORMULA, "'" + FORMULA),
        ("+56 9 1234 5678", "'+56 9 1234 5678"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("   =1+1", "'   =1+1"),  # leading spaces do not hide it
        ("\uff1dHYPERLINK(1)", "'\uff1dHYPERLINK(1)"),  # full-width equals sign
        ("Reciclaje = futuro", "Reciclaje = futuro"),
        ("-3.5", "-3.5"),  # a number written as text is not a formula
        ("", ""),
        (None, ""),
        (12, 12),
        (-4.25, -4.25),
        (True, "True"),
    ],
)
def test_defuse(value, expected):
    assert defuse(value) == expected


def test_csv_is_utf8_with_bom_and_defused():
    data = csv_bytes(["Código", "Título"], [["BP-1", FORMULA], ["BP-2", "Huertos en la población"]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["Código", "Título"], ["BP-1", "'" + FORMULA], ["BP-2", "Huertos en la población"]]


def test_xlsx_stores_text_never_formulas():
    data = xlsx_bytes(
        ["Código", "Título", "Puntaje"],
        [["BP-1", FORMULA, 87.5]],
        title="Ranking",
        bold_header=True,
        anonymous=True,
    )
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    assert sheet.title == "Ranking"
    assert sheet["B2"].value == "'" + FORMULA and sheet["B2"].data_type == "s"
    assert sheet["C2"].value == 87.5
    assert workbook.properties.creator in ("", None)
