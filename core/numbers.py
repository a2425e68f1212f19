"""Numbers as people in Chile write them (es-CL): amounts in pesos, scores and dates.

One place for both directions, used by every form and template (issue 15):

* Reading an amount: ``45.000.000``, ``$45.000.000``, ``$ 45.000.000`` and ``45000000`` are all
  forty-five million pesos. The dot groups thousands; pesos have no decimals. Anything that could
  mean two things (``45,5``, ``45.00``, ``1,000,000``, ``4.5000``) is refused with a message that
  says how to write it, never silently truncated.
* Showing: money ``$45.000.000``, scores ``88,50`` (decimal comma), dates ``15 de octubre de 2025``
  and moments ``15 de octubre de 2025, 12:00`` in Chile's time (America/Santiago); the short
  ``15-10-2025`` only in tables and spreadsheets (see ``format_date``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# Thousands grouped with dots, the first group 1-3 digits, every other exactly 3.
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")
_PLAIN = re.compile(r"^\d+$")
MAX_AMOUNT = 10**15  # far above any municipal budget; stops absurd typing early


def parse_amount(text: str | int | None) -> int | None:
    """The amount in whole pesos, or None for an empty value; ValidationError if ambiguous."""
    if text is None:
        return None
    if isinstance(text, int):
        value = text
    else:
        raw = str(text).strip()
        if not raw:
            return None
        cleaned = raw.replace("\u00a0", " ").strip()
        cleaned = re.sub(r"^(CLP|clp)\s*", "", cleaned)
        cleaned = re.sub(r"\s*(CLP|clp|pesos)$", "", cleaned)
        cleaned = cleaned.removeprefix("$").strip()
        if cleaned.startswith("-"):
            raise ValidationError(_("El monto no puede ser negativo."), code="negative")
        if "," in cleaned:
            raise ValidationError(
                _("Escriba el monto en pesos, sin decimales ni comas: por ejemplo 45.000.000."),
                code="ambiguous",
            )
        compact = cleaned.replace(" ", "")
        if " " in cleaned and not re.fullmatch(r"\d{1,3}( \d{3})+", cleaned):
            raise ValidationError(
                _("No entendimos «%(value)s» como un monto en pesos: escríbalo como 45.000.000.")
                % {"value": raw},
                code="invalid",
            )
        if _PLAIN.match(compact):
            value = int(compact)
        elif _GROUPED.match(compact):
            value = int(compact.replace(".", ""))
        elif "." in compact and re.fullmatch(r"[\d.]+", compact):
            raise ValidationError(
                _(
                    "«%(value)s» es ambiguo: los puntos separan miles (grupos de tres cifras) y los pesos no llevan "
                    "decimales. Escriba, por ejemplo, 45.000.000."
                )
                % {"value": raw},
                code="ambiguous",
            )
        else:
            raise ValidationError(
                _("No entendimos «%(value)s» como un monto en pesos: escríbalo como 45.000.000.")
                % {"value": raw},
                code="invalid",
            )
    if value < 0:
        raise ValidationError(_("El monto no puede ser negativo."), code="negative")
    if value >= MAX_AMOUNT:
        raise ValidationError(
            _("El monto es demasiado grande: revise la cantidad de cifras."), code="too_large"
        )
    return value


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


def format_amount(value, *, symbol: bool = True) -> str:
    """``45000000`` -> ``$45.000.000`` (empty text for None)."""
    if value is None or value == "":
        return ""
    number = int(Decimal(str(value)).to_integral_value(rounding=ROUND_HALF_UP))
    text = ("-" if number < 0 else "") + _group(str(abs(number)))
    return f"${text}" if symbol else text


def format_decimal(value, places: int = 2) -> str:
    """``88.5`` -> ``88,50``; thousands grouped with dots (``1.234,50``). Empty for None."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return str(value)
    sign = "-" if number < 0 else ""
    whole, _dot, fraction = f"{abs(number):.{places}f}".partition(".")
    return sign + _group(whole) + ("," + fraction if places else "")


MONTHS = (
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
)
WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
CHILE = ZoneInfo("America/Santiago")


def chile_time(value: datetime) -> datetime:
    """An aware moment in Chile's time (America/Santiago); naive values are taken as already local."""
    return value.astimezone(CHILE) if timezone.is_aware(value) else value


def format_date(
    value, *, with_time: bool = False, short: bool = False, seconds: bool = False, weekday: bool = False
) -> str:
    """The one way dates are written (es-CL), every moment in Chile's time:

    * dates: ``30 de junio de 2025`` (``lunes 30 de junio de 2025`` with ``weekday``);
    * moments: ``30 de junio de 2025, 14:30`` (``14:30:59`` with ``seconds``: deadlines);
    * ``short``, only where a table or a spreadsheet needs it: ``30-06-2025`` and ``30-06-2025 14:30``.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = chile_time(value)
        day = value.date()
    elif isinstance(value, date):
        day, with_time = value, False
    else:
        return str(value)
    if short:
        text = f"{day.day:02d}-{day.month:02d}-{day.year}"
    else:
        text = f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"
        if weekday:
            text = f"{WEEKDAYS[day.weekday()]} {text}"
    if with_time:
        text += (" " if short else ", ") + format_time(value, seconds=seconds)
    return text


def format_time(value, *, seconds: bool = False) -> str:
    """``14:30`` (24 hours, Chile's time); ``14:30:59`` with ``seconds``."""
    if not isinstance(value, datetime):
        return "" if value is None or value == "" else str(value)
    value = chile_time(value)
    return value.strftime("%H:%M:%S" if seconds else "%H:%M")


def format_iso(value) -> str:
    """ISO 8601 for machines (``<time datetime>``, metadata, plain CSV): ``2025-06-30`` or
    ``2025-06-30T14:30:00-04:00`` (Chile's offset)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return chile_time(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# ---------------------------------------------------------------------------------------------
# Form field
# ---------------------------------------------------------------------------------------------


class AmountInput(forms.TextInput):
    """A text box (not type=number: browsers drop "45.000.000" there) that shows $45.000.000."""

    def __init__(self, attrs=None):
        base = {"inputmode": "numeric", "autocomplete": "off", "placeholder": "45.000.000"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return format_amount(int(value), symbol=False)
        return super().format_value(value)


class AmountField(forms.Field):
    """Whole pesos as written in Chile (see parse_amount). What was typed is shown back on error."""

    widget = AmountInput
    default_error_messages = {"max_value": "", "min_value": ""}

    def __init__(self, *, max_value: int | None = None, **kwargs):
        self.max_value = max_value
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_amount(value)

    def validate(self, value):
        super().validate(value)
        if value is not None and self.max_value is not None and value > self.max_value:
            raise ValidationError(
                _("El monto no puede superar %(max)s.") % {"max": format_amount(self.max_value)},
                code="max_value",
            )
