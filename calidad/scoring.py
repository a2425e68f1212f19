"""Turning answers into points and points into results (pure functions, no queries)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from calidad.models import QuestionKind, percent


def question_maximum(question) -> int:
    """Highest points a question can give (from its prefetched choices or thresholds)."""
    if question.kind == QuestionKind.PRACTICE:
        return max((choice.points for choice in question.choices.all()), default=0)
    return max((band.points for band in question.thresholds.all()), default=0)


def points_for_figure(question, value: Decimal | None) -> int:
    """Points of a reported figure: those of the band that contains it (0 outside every band or
    when the municipality does not have the figure)."""
    if value is None:
        return 0
    for band in question.thresholds.all():
        if band.contains(value):
            return band.points
    return 0


def points_for(question, *, choice=None, value=None, unavailable=False) -> int:
    if question.kind == QuestionKind.PRACTICE:
        return choice.points if choice is not None else 0
    if unavailable:
        return 0
    return points_for_figure(question, value)


@dataclass
class AreaRow:
    """One line of a results table."""

    area_id: int
    number: int
    code: str
    name: str
    maximum: int
    obtained: Decimal
    percent: int | None

    @property
    def obtained_display(self) -> str:
        value = self.obtained
        return str(int(value)) if value == value.to_integral_value() else f"{value:.1f}".replace(".", ",")


@dataclass
class ResultsTable:
    rows: list[AreaRow]
    maximum: int
    obtained: Decimal
    percent: int | None

    @property
    def obtained_display(self) -> str:
        value = self.obtained
        return str(int(value)) if value == value.to_integral_value() else f"{value:.1f}".replace(".", ",")

    def strengths(self, count: int = 3) -> list[AreaRow]:
        """Highest ámbitos by % logro (ties: the larger ámbito first, then by number)."""
        ranked = sorted(
            (r for r in self.rows if r.percent is not None), key=lambda r: (-r.percent, -r.maximum, r.number)
        )
        return ranked[:count]

    def opportunities(self, count: int = 3) -> list[AreaRow]:
        """Lowest ámbitos by % logro: the opportunities for improvement."""
        ranked = sorted(
            (r for r in self.rows if r.percent is not None), key=lambda r: (r.percent, -r.maximum, r.number)
        )
        return ranked[:count]


def build_table(rows: list[AreaRow]) -> ResultsTable:
    maximum = sum(r.maximum for r in rows)
    obtained = sum((r.obtained for r in rows), Decimal(0))
    return ResultsTable(rows=rows, maximum=maximum, obtained=obtained, percent=percent(obtained, maximum))


def area_row(area, *, maximum, obtained) -> AreaRow:
    obtained = Decimal(obtained)
    return AreaRow(
        area_id=area.pk,
        number=area.number,
        code=area.code,
        name=area.name,
        maximum=int(maximum),
        obtained=obtained,
        percent=percent(obtained, maximum),
    )
