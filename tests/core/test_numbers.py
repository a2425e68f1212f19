"""Chilean numbers (issue 15): amounts read as people write them, one es-CL display everywhere."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import timezone

from core.numbers import AmountField, format_amount, format_date, format_decimal, parse_amount


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("45.000.000", 45_000_000),
        ("$45.000.000", 45_000_000),
        ("$ 45.000.000", 45_000_000),
        ("45000000", 45_000_000),
        ("45 000 000", 45_000_000),
        ("\u00a045.000.000 ", 45_000_000),
        ("CLP 1.500", 1500),
        ("1.500 pesos", 1500),
        ("999", 999),
        ("0", 0),
        ("", None),
        ("   ", None),
        (None, None),
        (12, 12),
    ],
)
def test_amounts_written_the_chilean_way_are_read_exactly(typed, expected):
    assert parse_amount(typed) == expected


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("45,5", "ambiguous"),  # decimal comma: pesos have no decimals
        ("45.000,50", "ambiguous"),
        ("1,000,000", "ambiguous"),  # thousands with commas (English style)
        ("45.00", "ambiguous"),  # a dot with two digits: decimals or a typo?
        ("4.5000", "ambiguous"),
        ("45.000.00", "ambiguous"),
        (".500", "ambiguous"),
        ("-5", "negative"),
        ("$-5", "negative"),
        ("45 millones", "invalid"),
        ("4 5000", "invalid"),
        ("12abc", "invalid"),
        ("9" * 16, "too_large"),
    ],
)
def test_ambiguous_or_wrong_amounts_are_refused_never_truncated(typed, code):
    with pytest.raises(ValidationError) as error:
        parse_amount(typed)
    assert error.value.code == code
    assert error.value.messages[0]  # a message in Spanish, shown next to the field


def test_the_form_field_keeps_what_was_typed_and_shows_stored_amounts_grouped():
    field = AmountField(required=False, max_value=10**13)
    assert field.clean("$45.000.000") == 45_000_000
    with pytest.raises(ValidationError, match="supera"):
        field.clean("99.000.000.000.000")
    assert field.widget.format_value(45_000_000) == "45.000.000"
    assert field.widget.format_value("45,5") == "45,5"  # the refused text comes back as typed
    assert field.widget.attrs["inputmode"] == "numeric"


def test_one_es_cl_display_for_money_scores_and_dates():
    assert format_amount(45_000_000) == "$45.000.000"
    assert format_amount(999) == "$999"
    assert format_amount(0) == "$0"
    assert format_amount(None) == ""
    assert format_amount(1_234, symbol=False) == "1.234"
    assert format_decimal(88.5) == "88,50"
    assert format_decimal(Decimal("1234.5")) == "1.234,50"
    assert format_decimal(83.3333, 1) == "83,3"
    assert format_decimal(None) == ""
    assert format_date(date(2025, 10, 15)) == "15 de octubre de 2025"
    assert format_date(date(2025, 10, 15), short=True) == "15-10-2025"
    moment = timezone.make_aware(datetime(2025, 10, 15, 12, 5))
    assert format_date(moment, with_time=True) == "15 de octubre de 2025, 12:05"
    assert format_date(moment, with_time=True, short=True) == "15-10-2025 12:05"


def test_template_filters_use_the_same_formats():
    rendered = Template(
        "{% load cl_format %}{{ money|clp }}|{{ score|puntaje }}|{{ none|puntaje }}|{{ day|fecha }}"
    ).render(Context({"money": 45_000_000, "score": 88.5, "none": None, "day": date(2025, 10, 15)}))
    assert rendered == "$45.000.000|88,50|—|15 de octubre de 2025"
    portal = Template("{% load portal_tags %}{{ money|clp }}").render(Context({"money": 45_000_000}))
    assert portal == "$45.000.000"


def test_spreadsheet_csv_for_chilean_spanish():
    from core.spreadsheets import spreadsheet_csv

    data = spreadsheet_csv(
        ["Código", "Puntaje", "Monto", "Fecha", "Texto"],
        [
            ["BP26-AAAAA", "83.33", 45_000_000, date(2025, 10, 15), '=HYPERLINK("x")'],
            ["BP26-B", 88.5, None, None, "-5"],
        ],
    )
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Código;Puntaje;Monto;Fecha;Texto"
    assert lines[1] == 'BP26-AAAAA;83,33;45000000;15-10-2025;"\'=HYPERLINK(""x"")"'
    assert lines[2] == "BP26-B;88,50;;;-5"
