"""Server-rendered SVG charts (no JavaScript): evaluator severity and the ranking per category."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
ROW = 26
LEFT = 150
RIGHT = 40


def number(value: float) -> str:
    """One decimal with a decimal comma, as the tables show it (89,4), whatever the active locale."""
    return f"{value:.1f}".replace(".", ",")


def _x(value: float) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * max(0.0, min(100.0, value)) / 100.0


def _axis(height: int) -> str:
    parts = []
    for tick in range(0, 101, 20):
        x = _x(tick)
        parts.append(f'<line x1="{x:.1f}" y1="18" x2="{x:.1f}" y2="{height - 14}" class="chart-grid"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 2}" text-anchor="middle" class="chart-tick">{tick}</text>')
    return "".join(parts)


def distribution_svg(series: list[tuple[str, list[float]]], *, title: str) -> SafeString:
    """One row per evaluator: every total as a dot, the mean as a bar (severity at a glance)."""
    height = 30 + ROW * max(1, len(series)) + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" class="chart" '
        f'aria-labelledby="chart-dist-title"><title id="chart-dist-title">{escape(title)}</title>',
        _axis(height),
    ]
    for index, (label, values) in enumerate(series):
        y = 30 + ROW * index
        parts.append(f'<text x="{LEFT - 8}" y="{y + 4}" text-anchor="end" class="chart-label">{escape(label)}</text>')
        parts.append(f'<line x1="{_x(0):.1f}" y1="{y}" x2="{_x(100):.1f}" y2="{y}" class="chart-track"/>')
        for value in values:
            parts.append(f'<circle cx="{_x(value):.1f}" cy="{y}" r="4" class="chart-dot"><title>{number(value)}</title></circle>')
        if values:
            mean = sum(values) / len(values)
            parts.append(
                f'<rect x="{_x(mean) - 1.5:.1f}" y="{y - 9}" width="3" height="18" class="chart-mean">'
                f"<title>{escape(label)}: {number(mean)} ({len(values)})</title></rect>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label is escaped above


def ranking_svg(rows: list[tuple[str, float, bool]], *, title: str) -> SafeString:
    """Horizontal bars of final scores in rank order; tied entries are marked."""
    height = 30 + ROW * max(1, len(rows)) + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" class="chart" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        _axis(height),
    ]
    for index, (label, value, tied) in enumerate(rows):
        y = 30 + ROW * index
        css = "chart-bar chart-bar-tied" if tied else "chart-bar"
        parts.append(f'<text x="{LEFT - 8}" y="{y + 4}" text-anchor="end" class="chart-label">{escape(label)}</text>')
        parts.append(
            f'<rect x="{_x(0):.1f}" y="{y - 8}" width="{_x(value) - _x(0):.1f}" height="16" class="{css}">'
            f"<title>{escape(label)}: {number(value)}</title></rect>"
        )
        parts.append(f'<text x="{_x(value) + 4:.1f}" y="{y + 4}" class="chart-value">{number(value)}{" =" if tied else ""}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308
