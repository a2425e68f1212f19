"""Server-rendered SVG charts of the quality diagnostic (no JavaScript), in the style of
evaluacion/charts.py: every chart has a title and a description inside the SVG (role="img") and is
followed by the same data as an HTML table, both built here from the same rows."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 760
LEFT = 300
RIGHT = 50
ROW = 28


def chart_id(kind: str, title: str) -> str:
    return f"chart-{kind}-{hashlib.sha1(title.encode()).hexdigest()[:10]}"  # noqa: S324 - not security


def pct(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}".replace(".", ",") + " %"
    return f"{int(value)} %"


def _x(value: float) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * max(0.0, min(100.0, float(value))) / 100.0


def _axis(top: int, height: int) -> str:
    parts = []
    for tick in range(0, 101, 20):
        x = _x(tick)
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 16}" class="chart-grid"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{height - 3}" text-anchor="middle" class="chart-tick">{tick} %</text>'
        )
    return "".join(parts)


def _open(ident: str, height: int, title: str, description: str, width: int = WIDTH) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" class="chart" '
        f'id="{ident}" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(description)}</desc>'
    )


def data_table(
    *, ident: str, caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]], open_: bool = False
) -> SafeString:
    head = format_html_join("", '<th scope="col">{}</th>', ((h,) for h in headers))
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        (
            (
                format_html(
                    '<th scope="row">{}</th>{}',
                    row[0],
                    format_html_join("", "<td>{}</td>", ((c,) for c in row[1:])),
                ),
            )
            for row in rows
        ),
    )
    return format_html(
        '<details class="chart-data" id="{}-data"{}><summary>{}</summary><div class="table-scroll">'
        '<table class="table"><caption>{}</caption><thead><tr>{}</tr></thead><tbody>{}</tbody></table></div></details>',
        ident,
        mark_safe(" open") if open_ else "",
        _("Ver los datos del gráfico"),
        caption,
        head,
        body,
    )


def _short(name: str, limit: int = 36) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def results_svg(rows, *, title: str, benchmark: dict | None = None, benchmark_label: str = "") -> SafeString:
    """Horizontal bars of % logro per ámbito; with ``benchmark`` (code → Spread) a band from the
    lower to the upper quartile and a tick at the median of the comparison group."""
    ident = chart_id("res", title)
    top = 14
    height = top + ROW * max(1, len(rows)) + 24
    description = _("Barras horizontales con el porcentaje de logro de cada ámbito de gestión, de 0 a 100 %.")
    if benchmark:
        description += " " + _(
            "La franja gris va del cuartil inferior al superior de %(group)s y la marca vertical indica su mediana."
        ) % {"group": benchmark_label}
    description += " " + _("Los datos están en la tabla que sigue al gráfico.")
    parts = [_open(ident, height, title, description), _axis(top, height)]
    for index, row in enumerate(rows):
        y = top + ROW * index + ROW / 2
        label = f"{row.number}. {_short(row.name)}"
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" class="chart-label">{escape(label)}</text>'
        )
        group = (benchmark or {}).get(row.code)
        if group is not None and group.shown:
            parts.append(
                f'<rect x="{_x(group.q1):.1f}" y="{y - 11:.1f}" width="{max(1.0, _x(group.q3) - _x(group.q1)):.1f}" '
                f'height="22" class="chart-band"><title>{escape(benchmark_label)}: {pct(group.q1)} – {pct(group.q3)}</title></rect>'
            )
        value = row.percent or 0
        parts.append(
            f'<rect x="{_x(0):.1f}" y="{y - 7:.1f}" width="{_x(value) - _x(0):.1f}" height="14" class="chart-bar">'
            f"<title>{escape(row.name)}: {pct(row.percent)}</title></rect>"
        )
        if group is not None and group.shown:
            parts.append(
                f'<rect x="{_x(group.median) - 1.5:.1f}" y="{y - 12:.1f}" width="3" height="24" class="chart-mean"/>'
            )
        parts.append(
            f'<text x="{_x(value) + 4:.1f}" y="{y + 4:.1f}" class="chart-value">{pct(row.percent)}</text>'
        )
    parts.append("</svg>")
    headers = [_("Ámbito"), _("Puntaje máximo"), _("Puntaje obtenido"), _("% logro")]
    if benchmark:
        headers += [_("Mediana"), _("Cuartiles")]
    table_rows = []
    for row in rows:
        line = [f"{row.number}. {row.name}", str(row.maximum), row.obtained_display, pct(row.percent)]
        if benchmark:
            group = benchmark.get(row.code)
            if group is not None and group.shown:
                line += [pct(group.median), f"{pct(group.q1)} – {pct(group.q3)}"]
            else:
                line += [_("Sin datos suficientes"), "—"]
        table_rows.append(line)
    table = data_table(ident=ident, caption=title, headers=headers, rows=table_rows)
    return mark_safe("".join(parts)) + table  # noqa: S308


def compare_svg(rows, *, title: str, before_label: str, after_label: str) -> SafeString:
    """Two bars per ámbito: the earlier cycle (light) and the later one (dark)."""
    ident = chart_id("cmp", title)
    top = 30
    height = top + ROW * 1.5 * max(1, len(rows)) + 24
    description = _(
        "Dos barras por ámbito: la clara es %(before)s y la oscura %(after)s, con el porcentaje de logro "
        "de 0 a 100 %%. Los datos están en la tabla que sigue al gráfico."
    ) % {"before": before_label, "after": after_label}
    parts = [_open(ident, int(height), title, description), _axis(top, int(height))]
    parts.append(
        f'<rect x="{LEFT}" y="4" width="12" height="10" class="chart-bar-before"/>'
        f'<text x="{LEFT + 16}" y="13" class="chart-tick">{escape(before_label)}</text>'
        f'<rect x="{LEFT + 200}" y="4" width="12" height="10" class="chart-bar"/>'
        f'<text x="{LEFT + 216}" y="13" class="chart-tick">{escape(after_label)}</text>'
    )
    for index, row in enumerate(rows):
        y = top + ROW * 1.5 * index + ROW * 0.75
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" class="chart-label">'
            f"{escape(str(row.number) + '. ' + _short(row.name))}</text>"
        )
        for offset, value, css in ((-8, row.before, "chart-bar-before"), (2, row.after, "chart-bar")):
            if value is None:
                continue
            parts.append(
                f'<rect x="{_x(0):.1f}" y="{y + offset:.1f}" width="{_x(value) - _x(0):.1f}" height="9" class="{css}">'
                f"<title>{escape(row.name)}: {pct(value)}</title></rect>"
            )
        if row.after is not None:
            parts.append(
                f'<text x="{_x(max(row.after, row.before or 0)) + 4:.1f}" y="{y + 8:.1f}" class="chart-value">'
                f"{pct(row.after)}</text>"
            )
    parts.append("</svg>")
    table_rows = [
        (
            f"{r.number}. {r.name}",
            pct(r.before),
            pct(r.after),
            "—" if r.change is None else (f"+{r.change}" if r.change > 0 else str(r.change)) + " pp",
        )
        for r in rows
    ]
    return mark_safe("".join(parts)) + data_table(  # noqa: S308
        ident=ident,
        caption=title,
        headers=[_("Ámbito"), before_label, after_label, _("Cambio")],
        rows=table_rows,
    )


def trend_svg(points: list[tuple[str, int | None]], *, title: str) -> SafeString:
    """Total % logro per cycle, oldest first, as a line with labelled points."""
    ident = chart_id("trend", title)
    width, height, left, right, top, bottom = 640, 240, 44, 24, 16, 40
    description = _(
        "Línea con el porcentaje de logro total de cada ciclo de diagnóstico, del más antiguo al más reciente. "
        "Los datos están en la tabla que sigue al gráfico."
    )
    parts = [_open(ident, height, title, description, width=width)]
    plot_h = height - top - bottom

    def y_of(value):
        return top + plot_h * (1 - max(0, min(100, value)) / 100)

    for tick in range(0, 101, 25):
        y = y_of(tick)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" class="chart-grid"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="chart-tick">{tick} %</text>'
        )
    count = len(points)
    step = (width - left - right) / max(1, count - 1) if count > 1 else 0
    coords = []
    for index, (label, value) in enumerate(points):
        x = left + step * index if count > 1 else (left + width - right) / 2
        parts.append(
            f'<text x="{x:.1f}" y="{height - 18}" text-anchor="middle" class="chart-tick">{escape(label)}</text>'
        )
        if value is not None:
            coords.append((x, y_of(value), value, label))
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v, _l in coords)
        parts.append(f'<polyline points="{path}" class="chart-line"/>')
    for x, y, value, label in coords:
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" class="chart-dot"><title>{escape(label)}: {pct(value)}</title></circle>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{y - 10:.1f}" text-anchor="middle" class="chart-value">{pct(value)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts)) + data_table(  # noqa: S308
        ident=ident,
        caption=title,
        headers=[_("Ciclo"), _("% logro total")],
        rows=[(label, pct(v)) for label, v in points],
    )
