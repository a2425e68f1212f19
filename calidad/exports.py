"""Files of the quality diagnostic: the results of one diagnostic (CSV, XLSX, PDF report) prepared
in the background through core.exports, and the rows of ``manage.py export_diagnostics``."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from calidad import selectors, tabular
from calidad.models import AreaResult, Diagnostic, DiagnosticStatus
from core import exports as core_exports
from core.numbers import format_date

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_COLUMNS = [
    "codigo_cut",
    "municipio",
    "region",
    "version_instrumento",
    "fecha",
    "origen",
    "ambito_numero",
    "ambito",
    "puntaje_maximo",
    "puntaje_obtenido",
    "porcentaje_logro",
]


def _points(value) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def results_rows(diagnostic: Diagnostic) -> tuple[list[str], list[list]]:
    table = selectors.results_table(diagnostic)
    headers = [
        gettext("Ámbito de gestión"),
        gettext("Puntaje máximo"),
        gettext("Puntaje obtenido"),
        gettext("% logro"),
    ]
    rows = [[f"{r.number}. {r.name}", r.maximum, _points(r.obtained), r.percent] for r in table.rows]
    rows.append([gettext("TOTAL"), table.maximum, _points(table.obtained), table.percent])
    return headers, rows


def _filename(diagnostic: Diagnostic, extension: str) -> str:
    return f"diagnostico-{diagnostic.municipality.slug}-{diagnostic.held_on:%Y-%m-%d}.{extension}"


def results_csv(diagnostic: Diagnostic) -> bytes:
    headers, rows = results_rows(diagnostic)
    return tabular.write_csv(headers, rows)


def results_xlsx(diagnostic: Diagnostic) -> bytes:
    headers, rows = results_rows(diagnostic)
    answers = []
    if not diagnostic.is_imported:
        for answer in diagnostic.answers.select_related("question__area", "choice").order_by(
            "question__number"
        ):
            q = answer.question
            given = (
                answer.choice.text
                if answer.choice
                else (
                    gettext("No se tiene la cifra")
                    if answer.value_unavailable
                    else ("" if answer.value is None else str(answer.value).replace(".", ","))
                )
            )
            answers.append(
                [q.number, q.area.name, q.get_kind_display(), q.text, given, answer.points, answer.evidence]
            )
    return tabular.write_xlsx(
        [
            (gettext("Resultados"), headers, rows),
            (
                gettext("Respuestas"),
                [
                    gettext("N°"),
                    gettext("Ámbito"),
                    gettext("Tipo"),
                    gettext("Pregunta"),
                    gettext("Respuesta"),
                    gettext("Puntos"),
                    gettext("Evidencia"),
                ],
                answers,
            ),
        ]
    )


def results_pdf(diagnostic: Diagnostic) -> bytes:
    """A report: session data, the results table, a bar chart, strengths and opportunities."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    table = selectors.results_table(diagnostic)
    municipality = diagnostic.municipality

    def p(text, style="BodyText"):
        return Paragraph(escape(str(text)), styles[style])

    story = [
        p(gettext("Diagnóstico de la calidad de la gestión municipal"), "Title"),
        p(f"{municipality.name} · {municipality.comuna.region}", "Heading2"),
        p(
            gettext("Sesión del %(date)s · %(instrument)s · %(status)s")
            % {
                "date": format_date(diagnostic.held_on),
                "instrument": diagnostic.instrument,
                "status": diagnostic.get_status_display(),
            }
        ),
    ]
    if diagnostic.duration_minutes:
        story.append(
            p(
                gettext("Duración: %(h)s h %(m)s min")
                % {"h": diagnostic.duration_minutes // 60, "m": diagnostic.duration_minutes % 60}
            )
        )
    story.append(Spacer(1, 0.3 * cm))
    headers, rows = results_rows(diagnostic)
    data = [headers] + [
        [p(r[0]), str(r[1]), str(r[2]).replace(".", ","), "—" if r[3] is None else f"{r[3]} %"] for r in rows
    ]
    grid = Table(data, colWidths=[9.5 * cm, 2.4 * cm, 2.6 * cm, 2 * cm], repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story += [grid, Spacer(1, 0.4 * cm), p(gettext("Porcentaje de logro por ámbito"), "Heading3")]
    drawing = Drawing(16 * cm, 0.75 * cm * len(table.rows) + 1.5 * cm)
    chart = HorizontalBarChart()
    chart.x, chart.y = 6 * cm, 0.8 * cm
    chart.width, chart.height = 9.5 * cm, 0.75 * cm * len(table.rows)
    chart.data = [[r.percent or 0 for r in reversed(table.rows)]]
    chart.categoryAxis.categoryNames = [f"{r.number}. {r.name[:34]}" for r in reversed(table.rows)]
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.bars[0].fillColor = colors.HexColor("#1f5f7a")
    chart.barLabelFormat = "%d %%"
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    drawing.add(chart)
    story.append(drawing)
    story.append(p(gettext("Fortalezas (ámbitos con mayor logro)"), "Heading3"))
    for row in table.strengths():
        story.append(p(f"• {row.number}. {row.name}: {row.percent} %"))
    story.append(p(gettext("Oportunidades de mejora (ámbitos con menor logro)"), "Heading3"))
    for row in table.opportunities():
        story.append(p(f"• {row.number}. {row.name}: {row.percent} %"))
    participants = list(diagnostic.participants.all())
    if participants:
        story.append(p(gettext("Participantes"), "Heading3"))
        for person in participants:
            signed = gettext(" (firmó el acta)") if person.signed_acta else ""
            detail = f" — {person.post_detail}" if person.post_detail else ""
            story.append(p(f"• {person.name}, {person.get_post_display()}{detail}{signed}"))
    story.append(Spacer(1, 0.4 * cm))
    story.append(
        p(
            gettext(
                "Generado el %(date)s. %% de logro: puntaje obtenido ÷ máximo, redondeado a entero (0,5 hacia arriba)."
            )
            % {"date": format_date(timezone.now(), with_time=True)}
        )
    )
    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        title=gettext("Diagnóstico de calidad"),
        author="",
        invariant=1,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
    ).build(story)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Every diagnostic and ámbito (manage.py export_diagnostics)
# ---------------------------------------------------------------------------------------------


def diagnostic_rows(*, include_imported: bool = True):
    """One dict per submitted diagnostic and ámbito, in one query."""
    results = (
        AreaResult.objects.filter(diagnostic__status=DiagnosticStatus.SUBMITTED)
        .select_related("area", "diagnostic__instrument", "diagnostic__municipality__comuna__region")
        .order_by(
            "diagnostic__municipality__comuna__code", "diagnostic__held_on", "diagnostic_id", "area__number"
        )
    )
    if not include_imported:
        results = results.filter(diagnostic__origin="plataforma")
    for r in results.iterator(chunk_size=2000):
        d = r.diagnostic
        yield {
            "codigo_cut": d.municipality.comuna.code,
            "municipio": d.municipality.name,
            "region": str(d.municipality.comuna.region),
            "version_instrumento": f"{d.instrument.family} v{d.instrument.version}",
            "fecha": d.held_on.isoformat(),
            "origen": d.origin,
            "ambito_numero": r.area.number,
            "ambito": r.area.name,
            "puntaje_maximo": r.maximum,
            "puntaje_obtenido": _points(r.obtained),
            "porcentaje_logro": r.percent,
        }


# ---------------------------------------------------------------------------------------------
# Background exports: params {"diagnostic_id": int}
# ---------------------------------------------------------------------------------------------


def _diagnostic(params) -> Diagnostic:
    return Diagnostic.objects.select_related("municipality__comuna__region", "instrument").get(
        pk=params["diagnostic_id"]
    )


def can_export(user, params: dict) -> bool:
    diagnostic = Diagnostic.objects.filter(pk=params.get("diagnostic_id")).first()
    return diagnostic is not None and user.has_perm("calidad.export_diagnostic", diagnostic)


def can_export_details(user, params: dict) -> bool:
    """The XLSX carries every answer and evidence note: internal, not for published readers."""
    diagnostic = Diagnostic.objects.filter(pk=params.get("diagnostic_id")).first()
    return diagnostic is not None and user.has_perm("calidad.view_diagnostic_details", diagnostic)


def build_csv(params):
    d = _diagnostic(params)
    return results_csv(d), _filename(d, "csv"), "text/csv; charset=utf-8"


def build_xlsx(params):
    d = _diagnostic(params)
    return results_xlsx(d), _filename(d, "xlsx"), XLSX


def build_pdf(params):
    d = _diagnostic(params)
    return results_pdf(d), _filename(d, "pdf"), "application/pdf"


KINDS = {
    "csv": core_exports.register(
        "calidad.results_csv",
        label=_("Resultados del diagnóstico (CSV)"),
        build=build_csv,
        allowed=can_export,
    ),
    "xlsx": core_exports.register(
        "calidad.results_xlsx",
        label=_("Resultados y respuestas del diagnóstico (XLSX)"),
        build=build_xlsx,
        allowed=can_export_details,
    ),
    "pdf": core_exports.register(
        "calidad.results_pdf", label=_("Informe del diagnóstico (PDF)"), build=build_pdf, allowed=can_export
    ),
}
