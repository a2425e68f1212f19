"""Dates one way everywhere (issue 15, point 5): the filters of core/templatetags/cl_format.py.

Convention (README, «Formatos: montos, puntajes y fechas»): «30 de junio de 2025»; moments
«30 de junio de 2025, 14:30» in Chile's time (America/Santiago) whatever the active time zone;
«30-06-2025» only in tables and spreadsheets; ISO 8601 for machines.
"""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone

from core.numbers import format_date, format_iso, format_time


def render(expression: str, **context) -> str:
    return Template("{% load cl_format %}" + expression).render(Context(context))


# 18:30 UTC on 30 June 2025 is 14:30 in Santiago (winter, UTC-4); on 15 January 2026 (summer, UTC-3)
# 02:59:59 UTC is 23:59:59 of the 14th: a deadline shows the Chilean day, not the UTC one.
WINTER = datetime(2025, 6, 30, 18, 30, tzinfo=UTC)
SUMMER_DEADLINE = datetime(2026, 1, 15, 2, 59, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    ("expression", "value", "expected"),
    [
        ("{{ v|fecha }}", date(2025, 6, 30), "30 de junio de 2025"),
        ("{{ v|fecha }}", date(2025, 1, 5), "5 de enero de 2025"),
        ("{{ v|fecha:'dia' }}", date(2025, 6, 30), "lunes 30 de junio de 2025"),
        ("{{ v|fecha }}", WINTER, "30 de junio de 2025"),
        ("{{ v|fecha_hora }}", WINTER, "30 de junio de 2025, 14:30"),
        ("{{ v|fecha_hora:'segundos' }}", SUMMER_DEADLINE, "14 de enero de 2026, 23:59:59"),
        ("{{ v|fecha_hora:'dia,segundos' }}", SUMMER_DEADLINE, "miércoles 14 de enero de 2026, 23:59:59"),
        ("{{ v|fecha_corta }}", date(2025, 6, 3), "03-06-2025"),
        ("{{ v|fecha_corta }}", SUMMER_DEADLINE, "14-01-2026"),
        ("{{ v|fecha_hora_corta }}", WINTER, "30-06-2025 14:30"),
        ("{{ v|fecha_hora_corta:'segundos' }}", SUMMER_DEADLINE, "14-01-2026 23:59:59"),
        ("{{ v|hora }}", WINTER, "14:30"),
        ("{{ v|fecha_iso }}", WINTER, "2025-06-30T14:30:00-04:00"),
        ("{{ v|fecha_iso }}", date(2025, 6, 30), "2025-06-30"),
        (
            "[{{ v|fecha }}|{{ v|fecha_hora }}|{{ v|fecha_corta }}|{{ v|hora }}|{{ v|fecha_iso }}]",
            None,
            "[||||]",
        ),
    ],
)
def test_date_filters(expression, value, expected):
    assert render(expression, v=value) == expected


def test_moments_are_shown_in_chile_time_whatever_the_active_time_zone():
    with timezone.override("Europe/Madrid"):
        assert render("{{ v|fecha_hora }}", v=WINTER) == "30 de junio de 2025, 14:30"
    assert format_time(WINTER, seconds=True) == "14:30:00"


def test_every_month_is_spanish():
    months = [format_date(date(2025, month, 1)).split(" de ")[1] for month in range(1, 13)]
    assert months == [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ]


def test_naive_moments_are_taken_as_chilean_and_iso_keeps_dates_plain():
    assert format_date(datetime(2025, 6, 30, 9, 5), with_time=True) == "30 de junio de 2025, 09:05"
    assert format_iso(date(2025, 6, 30)) == "2025-06-30"


def test_money_and_scores_filters():
    assert render("{{ v|clp }}", v=45_000_000) == "$45.000.000"
    assert render("{{ v|clp }}", v=None) == ""
    assert render("{{ v|puntaje }}", v=83.333) == "83,33"
    assert render("{{ v|puntaje:1 }}", v=80) == "80,0"
    assert render("{{ v|puntaje }}", v=None) == "—"


def test_spreadsheets_write_dates_as_dates():
    """Plain CSV: ISO 8601; XLSX: real date cells shown dd-mm-aaaa; Excel-es CSV: dd-mm-aaaa."""
    import io

    from openpyxl import load_workbook

    from core import spreadsheets
    from core.spreadsheets import spreadsheet_csv

    rows = [["a", date(2025, 6, 30), WINTER]]
    plain = spreadsheets.csv_bytes(["x", "día", "momento"], rows).decode("utf-8-sig").splitlines()
    assert plain[1] == "a,2025-06-30,2025-06-30T14:30:00-04:00"
    excel_es = spreadsheet_csv(["x", "día", "momento"], rows).decode("utf-8-sig").splitlines()
    assert excel_es[1] == "a;30-06-2025;30-06-2025 14:30"
    sheet = load_workbook(
        io.BytesIO(spreadsheets.xlsx_bytes(["x", "día", "momento"], rows, title="t"))
    ).active
    day, moment = sheet["B2"], sheet["C2"]
    assert day.is_date and day.value.date() == date(2025, 6, 30) and day.number_format == "DD-MM-YYYY"
    assert moment.is_date and moment.value == datetime(2025, 6, 30, 14, 30)  # Chile's wall clock
    assert moment.number_format == "DD-MM-YYYY HH:MM"
