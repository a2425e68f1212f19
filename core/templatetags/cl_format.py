"""es-CL display of money, scores and dates: one way everywhere (`{% load cl_format %}`).

The convention (README, «Formatos: montos, puntajes y fechas»):

* ``{{ d|fecha }}`` 30 de junio de 2025 · ``{{ d|fecha:"dia" }}`` martes 30 de junio de 2025
* ``{{ m|fecha_hora }}`` 30 de junio de 2025, 14:30 (Chile's time) · ``{{ m|fecha_hora:"segundos" }}`` for
  deadlines (…, 23:59:59) · options combine: ``"dia,segundos"``
* ``{{ d|fecha_corta }}`` 30-06-2025 and ``{{ m|fecha_hora_corta }}`` 30-06-2025 14:30: only in tables
* ``{{ m|hora }}`` 14:30 · ``{{ m|fecha_iso }}`` for ``<time datetime>`` and metadata
* ``{{ amount|clp }}`` $45.000.000 · ``{{ score|puntaje }}`` 88,50 (``puntaje:1`` 88,5)

Templates never use Django's ``|date``/``|time``/``|floatformat``/``|intcomma`` for these
(tests/core/test_formats_everywhere.py fails if they do).
"""

from django import template

from core import numbers

register = template.Library()


def _options(arg) -> set[str]:
    return {part.strip() for part in str(arg or "").split(",") if part.strip()}


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
def fecha(value, options="") -> str:
    """A date as "30 de junio de 2025" ("martes 30 de junio de 2025" with "dia")."""
    return numbers.format_date(value, weekday="dia" in _options(options))


@register.filter
def fecha_hora(value, options="") -> str:
    """A moment as "30 de junio de 2025, 14:30" in Chile's time; options "segundos" and "dia"."""
    chosen = _options(options)
    return numbers.format_date(value, with_time=True, seconds="segundos" in chosen, weekday="dia" in chosen)


@register.filter
def fecha_corta(value) -> str:
    """A date as 30-06-2025 (tables only)."""
    return numbers.format_date(value, short=True)


@register.filter
def fecha_hora_corta(value, options="") -> str:
    """A moment as 30-06-2025 14:30 in Chile's time (tables only); "segundos" for audit trails."""
    return numbers.format_date(value, with_time=True, short=True, seconds="segundos" in _options(options))


@register.filter
def hora(value) -> str:
    """The time of a moment, 14:30 in Chile's time."""
    return numbers.format_time(value)


@register.filter
def fecha_iso(value) -> str:
    """ISO 8601 for machines: the ``datetime`` attribute of ``<time>`` and metadata."""
    return numbers.format_iso(value)
