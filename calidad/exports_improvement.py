"""Exports of the improvement road: self-assessment, feedback report and plan as PDF (reportlab);
the plan and its follow-up as XLSX; every plan as JSON (``export_improvement_plans``)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone

from calidad import improvement, tabular
from calidad.models import ImprovementPlan


def _doc(title: str, build) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, title=title, leftMargin=1.8 * cm, rightMargin=1.8 * cm, invariant=1
    )
    story = []

    def p(text, style="BodyText"):
        story.append(Paragraph(escape(str(text or "")).replace("\n", "<br/>"), styles[style]))

    def table(rows, widths=None):
        cells = [
            [Paragraph(escape(str(c if c is not None else "—")), styles["BodyText"]) for c in row]
            for row in rows
        ]
        t = Table(cells, colWidths=widths, repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(t)
        story.append(Spacer(1, 8))

    p(title, "Title")
    build(p, table)
    p(f"Generado el {timezone.localtime():%d-%m-%Y %H:%M}", "Italic")
    doc.build(story)
    return buffer.getvalue()


def self_assessment_pdf(sa) -> bytes:
    committee = sa.committee

    def build(p, table):
        p(f"{committee.municipality} — ciclo {committee.cycle} — {sa.get_status_display()}", "Heading3")
        p("Comité de mejora", "Heading2")
        p(
            f"Decreto N° {committee.decree_number} del {committee.decree_date:%d-%m-%Y}. Contrapartes técnicas: "
            f"{committee.counterpart_1} y {committee.counterpart_2}."
        )
        table([["Integrante", "Cargo"], *[[m.name, m.post] for m in committee.members.all()]])
        p("Carta del alcalde o alcaldesa", "Heading2")
        p(sa.mayor_letter)
        p("Antecedentes de la comuna", "Heading2")
        p(sa.background)
        p("Elementos de gestión", "Heading2")
        rows = [["N°", "Elemento", "Evidencia", "Declarado", "Validado"]]
        for r in sa.responses.select_related("element").order_by("element__number"):
            rows.append([r.element.number, r.element.text, r.evidence, r.declared_score, r.validated_score])
        table(rows, widths=[28, 150, 230, 50, 50])

    return _doc("Informe de autoevaluación", build)


def feedback_pdf(sa) -> bytes:
    feedback = {f.area_id: f for f in sa.feedback.all()}

    def build(p, table):
        p(f"{sa.committee.municipality} — ciclo {sa.committee.cycle}", "Heading3")
        p(sa.feedback_summary)
        table(
            [
                ["Subcriterio", "Máximo", "Declarado", "Validado", "Diferencia"],
                *[
                    [str(r.area), r.maximum, r.declared, r.validated, r.difference]
                    for r in improvement.subcriterion_rows(sa)
                ],
            ]
        )
        for row in improvement.subcriterion_rows(sa):
            item = feedback.get(row.area.pk)
            p(str(row.area), "Heading3")
            p("Fortalezas: " + (item.strengths if item else ""))
            p("Oportunidades de mejora: " + (item.opportunities if item else ""))

    return _doc("Informe de retroalimentación", build)


def _line_row(line):
    return [
        line.title,
        line.methodology.name if line.methodology_id else "",
        line.responsible,
        line.team,
        f"{line.start_date:%d-%m-%Y}",
        f"{line.end_date:%d-%m-%Y}",
        line.success_indicator,
        line.target,
        line.get_status_display(),
        line.progress,
    ]


LINE_HEADERS = [
    "Línea de acción",
    "Metodología",
    "Responsable",
    "Equipo",
    "Inicio",
    "Término",
    "Indicador de éxito",
    "Meta",
    "Estado",
    "Avance %",
]


def plan_pdf(plan) -> bytes:
    def build(p, table):
        p(
            f"{plan.committee.municipality} — ciclo {plan.committee.cycle} — {plan.get_status_display()}",
            "Heading3",
        )
        p("Foco", "Heading2")
        p(plan.focus)
        p("Metodologías priorizadas", "Heading2")
        table(
            [
                ["Prioridad", "Metodología"],
                *[
                    [pm.priority, pm.methodology.name]
                    for pm in plan.methodologies.select_related("methodology")
                ],
            ]
        )
        p("Líneas de acción", "Heading2")
        table(
            [
                ["Línea", "Responsable", "Plazo", "Indicador y meta", "Avance"],
                *[
                    [
                        line.title,
                        line.responsible,
                        f"{line.start_date:%d-%m-%Y} a {line.end_date:%d-%m-%Y}",
                        f"{line.success_indicator}: {line.target}",
                        f"{line.progress} %",
                    ]
                    for line in plan.lines.all()
                ],
            ]
        )
        p("Acciones de mejora inmediata", "Heading2")
        table(
            [
                ["Acción", "Responsable", "Plazo", "Estado"],
                *[
                    [a.action, a.responsible, f"{a.due_date:%d-%m-%Y}", a.get_status_display()]
                    for a in plan.immediate_actions.all()
                ],
            ]
        )
        if plan.review_comments:
            p("Observaciones del validador", "Heading2")
            p(plan.review_comments)

    return _doc("Plan de mejoras", build)


def plan_xlsx(plan) -> bytes:
    lines = list(plan.lines.select_related("methodology").prefetch_related("updates"))
    actions = list(plan.immediate_actions.prefetch_related("updates"))
    updates = []
    for item in [*lines, *actions]:
        for u in item.updates.all():
            updates.append([str(item), f"{u.created_at:%d-%m-%Y}", u.percent, u.comment])
    return tabular.write_xlsx(
        [
            ("Líneas de acción", LINE_HEADERS, [_line_row(line) for line in lines]),
            (
                "Acciones inmediatas",
                ["Acción", "Responsable", "Plazo", "Estado", "Avance %"],
                [
                    [a.action, a.responsible, f"{a.due_date:%d-%m-%Y}", a.get_status_display(), a.progress]
                    for a in actions
                ],
            ),
            ("Seguimiento", ["Ítem", "Fecha", "Avance %", "Comentario"], updates),
        ]
    )


def plans_json() -> list[dict]:
    result = []
    plans = (
        ImprovementPlan.objects.select_related("committee__municipality")
        .prefetch_related("lines", "immediate_actions")
        .order_by("committee__municipality__name", "committee__cycle")
    )
    for plan in plans:
        result.append(
            {
                "municipality": plan.committee.municipality.name,
                "cycle": plan.committee.cycle,
                "status": plan.status,
                "focus": plan.focus,
                "lines": [
                    {
                        "title": line.title,
                        "responsible": line.responsible,
                        "start": line.start_date.isoformat(),
                        "end": line.end_date.isoformat(),
                        "indicator": line.success_indicator,
                        "target": line.target,
                        "status": line.status,
                        "progress": line.progress,
                        "overdue": line.is_overdue(),
                    }
                    for line in plan.lines.all()
                ],
                "immediate_actions": [
                    {
                        "action": a.action,
                        "due": a.due_date.isoformat(),
                        "status": a.status,
                        "progress": a.progress,
                    }
                    for a in plan.immediate_actions.all()
                ],
            }
        )
    return result
