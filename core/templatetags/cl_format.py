"""es-CL display of money, scores and dates: one way everywhere (`{% load cl_format %}`)."""

from django import template

from core import numbers

register = template.Library()


@register.filter
def clp(value) -> str:
    """45000000 -> "$45.000.000"."""
    try:
        return numbers.format_amount(value)
    except (TypeError, ValueError, ArithmeticError):
        return str(value)


@register.filter
def puntaje(value, places=2) -> str:
    """88.5 -> "88,50" (decimal comma); "—" when there is no score."""
    if value is None or value == "":
        return "—"
    return numbers.format_decimal(value, int(places))


@register.filter
def fecha(value) -> str:
    """A date as 15-10-2025."""
    return numbers.format_date(value)


@register.filter
def fecha_hora(value) -> str:
    """A moment as 15-10-2025 12:00 (local time)."""
    return numbers.format_date(value, with_time=True)
