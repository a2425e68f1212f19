"""Server-rendered SVG charts (no JavaScript): evaluator severity and the ranking per category.

Each chart comes with its text alternative: a title and description inside the SVG (named by
role="img" + aria-labelledby/aria-describedby) and, right after it, the same data as an HTML
table inside a <details> element. Both are built here from the same rows, so they cannot drift.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 640
ROW = 26
LEFT = 150
RIGHT = 40


def number(value: float) -> str:
    """One decimal with a decimal comma, as the tables show it (89,4), whatever the active locale."""
    return f"{value:.1f}".replace(".", ",")


def chart_id(kind: str, title: str) -> str:
    """A stable id per chart (several charts share a page, so a fixed id would collide)."""
    return f"chart-{kind}-{hashlib.sha1(title.encode()).hexdigest()[:10]}"  # noqa: S324 - not security


def _x(value: float) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * max(0.0, min(100.0, value)) / 100.0


def _axis(height: int) -> str:
    parts = []
    for tick in range(0, 101, 20):
        x = _x(tick)
        parts.append(f'<line x1="{x:.1f}" y1="18" x2="{x:.1f}" y2="{height - 14}" class="chart-grid"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{height - 2}" text-anchor="middle" class="chart-tick">{tick}</text>'
        )
    return "".join(parts)


def _svg_open(*, ident: str, height: int, title: str, description: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" class="chart" '
        f'id="{ident}" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(description)}</desc>'
    )


def _data_table(
    *, ident: str, caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]]
) -> SafeString:
    """The chart's data as a real table, folded under "Ver los datos del gráfico" (works without JS)."""
    head = format_html_join("", '<th scope="col">{}</th>', ((header,) for header in headers))
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        (
            (
                format_html(
                    '<th scope="row">{}</th>{}',
                    row[0],
                    format_html_join("", "<td>{}</td>", ((cell,) for cell in row[1:])),
                ),
            )
            for row in rows
        ),
    )
    if not rows:
        body = format_html('<tr><td colspan="{}">{}</td></tr>', len(headers), _("Sin datos todavía."))
    return format_html(
        '<details class="chart-data" id="{}-data"><summary>{}</summary>'
        '<table class="table"><caption>{}</caption><thead><tr>{}</tr></thead><tbody>{}</tbody></table></details>',
        ident,
        _("Ver los datos del gráfico"),
        caption,
        head,
        body,
    )


def distribution_svg(
    series: list[tuple[str, list[float]]], *, title: str, ident: str | None = None
) -> SafeString:
    """One row per evaluator: every total as a dot, the mean as a bar (severity at a glance);
    followed by its data table (evaluator, reviews, mean, minimum, maximum)."""
    ident = ident or chart_id("dist", title)
    height = 30 + ROW * max(1, len(series)) + 20
    description = _(
        "Un punto por cada evaluación enviada y una barra vertical con el promedio de cada evaluador, "
        "en una escala de 0 a 100. Los datos están en la tabla que sigue al gráfico."
    )
    parts = [_svg_open(ident=ident, height=height, title=title, description=description), _axis(height)]
    for index, (label, values) in enumerate(series):
        y = 30 + ROW * index
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + 4}" text-anchor="end" class="chart-label">{escape(label)}</text>'
        )
        parts.append(f'<line x1="{_x(0):.1f}" y1="{y}" x2="{_x(100):.1f}" y2="{y}" class="chart-track"/>')
        for value in values:
            parts.append(
                f'<circle cx="{_x(value):.1f}" cy="{y}" r="4" class="chart-dot"><title>{number(value)}</title></circle>'
            )
        if values:
            mean = sum(values) / len(values)
            parts.append(
                f'<rect x="{_x(mean) - 1.5:.1f}" y="{y - 9}" width="3" height="18" class="chart-mean">'
                f"<title>{escape(label)}: {number(mean)} ({len(values)})</title></rect>"
            )
    parts.append("</svg>")
    svg = mark_safe("".join(parts))  # noqa: S308 - every label is escaped above
    table = _data_table(
        ident=ident,
        caption=title,
        headers=[_("Evaluador"), _("Evaluaciones"), _("Promedio"), _("Mínimo"), _("Máximo")],
        rows=[
            (
                label,
                str(len(values)),
                number(sum(values) / len(values)) if values else "—",
                number(min(values)) if values else "—",
                number(max(values)) if values else "—",
            )
            for label, values in series
        ],
    )
    return svg + table


def _ranks(rows: Sequence[tuple]) -> list[int]:
    """Rank of each row: the given one (4th item) when the caller passes it; otherwise derived from
    the order, tied neighbours with the same score sharing the rank of the first of them (1, 1, 3)."""
    ranks: list[int] = []
    for position, row in enumerate(rows, start=1):
        if len(row) > 3 and row[3] is not None:
            ranks.append(int(row[3]))
            continue
        previous = rows[position - 2] if position > 1 else None
        if previous is not None and row[2] and previous[2] and number(row[1]) == number(previous[1]):
            ranks.append(ranks[-1])
        else:
            ranks.append(position)
    return ranks


def ranking_svg(rows: list[tuple], *, title: str, ident: str | None = None) -> SafeString:
    """Horizontal bars of final scores in rank order; tied entries are marked with «=».
    Rows are (label, final score, tied) or (label, final score, tied, rank); the label is what the
    committee sees (the entry code). Followed by its data table (rank, entry, score, tie)."""
    ident = ident or chart_id("rank", title)
    height = 30 + ROW * max(1, len(rows)) + 20
    description = _(
        "Barras horizontales con el puntaje final de cada postulación, en orden de ranking y en una escala "
        "de 0 a 100; los empates se marcan con «=». Los datos están en la tabla que sigue al gráfico."
    )
    parts = [_svg_open(ident=ident, height=height, title=title, description=description), _axis(height)]
    for index, (label, value, tied, *rest) in enumerate(rows):
        y = 30 + ROW * index
        css = "chart-bar chart-bar-tied" if tied else "chart-bar"
        full = _with_title(label, rest)
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + 4}" text-anchor="end" class="chart-label">{escape(label)}</text>'
        )
        parts.append(
            f'<rect x="{_x(0):.1f}" y="{y - 8}" width="{_x(value) - _x(0):.1f}" height="16" class="{css}">'
            f"<title>{escape(full)}: {number(value)}</title></rect>"
        )
        parts.append(
            f'<text x="{_x(value) + 4:.1f}" y="{y + 4}" class="chart-value">{number(value)}{" =" if tied else ""}</text>'
        )
    parts.append("</svg>")
    svg = mark_safe("".join(parts))  # noqa: S308 - every label is escaped above
    table = _data_table(
        ident=ident,
        caption=title,
        headers=[_("Puesto"), _("Postulación"), _("Puntaje final"), _("Empate")],
        rows=[
            (str(rank), _with_title(label, rest), number(value), _("Sí (=)") if tied else _("No"))
            for rank, (label, value, tied, *rest) in zip(_ranks(rows), rows, strict=True)
        ],
    )
    return svg + table


def _with_title(label: str, rest: list) -> str:
    """ "BP26-X · blind title" when a row carries the title (5th item, issue 15); the code otherwise."""
    title = rest[1] if len(rest) > 1 else ""
    return f"{label} · {title}" if title else label
