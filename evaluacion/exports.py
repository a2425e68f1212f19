"""Exports of the committee's work: ranking and scores (CSV, XLSX) and the minutes (acta, PDF)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from concurso.models import Call
from core import exports as portal_exports
from core import spreadsheets
from core.models import User
from core.numbers import format_date, format_decimal
from core.spreadsheets import spreadsheet_csv
from evaluacion.models import DecisionLog
from evaluacion.selectors.scores import annotate_rows, ranking
from evaluacion.services.blind_copies import ensure_redacted_copy


def _fmt(value) -> str:
    return "" if value is None else f"{value:.2f}"


def _blind_title(submission) -> str:
    copy = getattr(submission, "redacted_copy", None)
    if copy is None:  # entries never released have no stored copy yet: make it now, never the original
        copy = ensure_redacted_copy(submission=submission)
    return (copy.fields or {}).get("title", "")


def ranking_table(call: Call, *, identified: bool) -> tuple[list[str], list[list]]:
    header = [
        gettext("Categoría"),
        gettext("Puesto"),
        gettext("Empate"),
        gettext("Código"),
        gettext("Título"),
        gettext("Puntaje final"),
        gettext("Promedio bruto"),
        gettext("Normalizado"),
        gettext("Mediana"),
        gettext("Desv. estándar"),
        gettext("Mín."),
        gettext("Máx."),
        gettext("Evaluaciones"),
        gettext("Desacuerdo"),
        gettext("Puntaje ajustado"),
        gettext("Decisión"),
    ]
    if identified:
        header.insert(5, gettext("Municipalidad"))
    rows = []
    for category, entries in ranking(call).items():
        for row in entries:
            s = row.score
            decision = row.decision
            line = [
                str(category or ""),
                row.rank or "",
                gettext("sí") if row.tied else "",
                row.submission.code,
                row.submission.title if identified else _blind_title(row.submission),
                _fmt(row.final_score),
                _fmt(s.mean if s else None),
                _fmt(s.normalised_mean if s else None),
                _fmt(s.median if s else None),
                _fmt(s.std if s else None),
                _fmt(s.min if s else None),
                _fmt(s.max if s else None),
                s.count if s else 0,
                gettext("sí") if row.flagged else "",
                _fmt(decision.adjusted_score if decision and decision.adjusted_score is not None else None),
                decision.get_outcome_display() if decision and decision.outcome else "",
            ]
            if identified:
                line.insert(5, row.submission.municipality.name)
            rows.append(line)
    return header, rows


def ranking_csv(call: Call, *, identified: bool) -> bytes:
    # Titles are the applicants' text: core.spreadsheets defuses any that a spreadsheet would run.
    header, rows = ranking_table(call, identified=identified)
    return spreadsheets.csv_bytes(header, rows)


def ranking_xlsx(call: Call, *, identified: bool) -> bytes:
    header, rows = ranking_table(call, identified=identified)
    # No author that could hint at who prepared it.
    return spreadsheets.xlsx_bytes(
        header,
        ([_number(value) for value in row] for row in rows),
        title=gettext("Ranking"),
        bold_header=True,
        anonymous=True,
    )


def _number(value):
    if isinstance(value, str):
        try:
            return float(value) if value and value.replace(".", "", 1).isdigit() else value
        except ValueError:
            return value
    return value


# ---------------------------------------------------------------------------------------------
# Background exports (core.exports): params are {"call_id": int, "identified": bool}
# ---------------------------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_params(user, call: Call) -> dict:
    """What the requester may see decides the file: staff get identities, the committee if the call allows."""
    return {"call_id": call.pk, "identified": user.has_perm("evaluacion.view_identities", call)}


def can_export(user, params: dict) -> bool:
    call = Call.objects.filter(pk=params.get("call_id")).first()
    if call is None or not user.has_perm("evaluacion.view_committee"):
        return False
    return not params.get("identified") or user.has_perm("evaluacion.view_identities", call)


def _call(params: dict) -> Call:
    return Call.objects.get(pk=params["call_id"])


def build_ranking_csv(params: dict) -> tuple[bytes, str, str]:
    call = _call(params)
    return (
        ranking_csv(call, identified=bool(params.get("identified"))),
        f"ranking-{call.slug}.csv",
        "text/csv; charset=utf-8",
    )


def build_ranking_xlsx(params: dict) -> tuple[bytes, str, str]:
    call = _call(params)
    return ranking_xlsx(call, identified=bool(params.get("identified"))), f"ranking-{call.slug}.xlsx", XLSX


KINDS = {
    "ranking.csv": portal_exports.register(
        "evaluacion.ranking_csv",
        label=_("Ranking y puntajes (CSV)"),
        build=build_ranking_csv,
        allowed=can_export,
    ),
    "ranking.xlsx": portal_exports.register(
        "evaluacion.ranking_xlsx",
        label=_("Ranking y puntajes (XLSX)"),
        build=build_ranking_xlsx,
        allowed=can_export,
    ),
}


# Issue 15: the ranking for spreadsheets set to Chilean Spanish (';', decimal comma, BOM).
def build_ranking_csv_es(params: dict) -> tuple[bytes, str, str]:
    call = _call(params)
    header, rows = ranking_table(call, identified=bool(params.get("identified")))
    return spreadsheet_csv(header, rows), f"ranking-{call.slug}-excel-es.csv", "text/csv; charset=utf-8"


KINDS["ranking-es.csv"] = portal_exports.register(
    "evaluacion.ranking_csv_es",
    label=_("Ranking y puntajes (CSV para Excel en español)"),
    build=build_ranking_csv_es,
    allowed=can_export,
)


# Issue 15: the acta lists the members present, every decision with its reason and the adjustments,
# shows blind titles next to codes, keeps each category's heading with its table, numbers its pages
# and ends with a signature block.
def acta_pdf(call: Call, *, identified: bool, present: list[int] | None = None) -> bytes:

    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    grouped = annotate_rows(call, ranking(call), identified=identified)
    logs = list(
        DecisionLog.objects.filter(submission__call=call)
        .select_related("submission", "actor")
        .order_by("at", "pk")
    )
    members = list(User.objects.filter(pk__in=present or []).order_by("last_name", "first_name", "email"))
    if not members:  # nobody ticked: those who recorded decisions took part
        members = list({log.actor_id: log.actor for log in logs}.values())
    story = [
        Paragraph(escape(gettext("Acta del comité de expertos")), styles["Title"]),
        Paragraph(escape(call.title), styles["Heading2"]),
        Paragraph(
            escape(gettext("Emitida el %(date)s") % {"date": format_date(timezone.now(), with_time=True)}),
            styles["Normal"],
        ),
        Spacer(1, 0.3 * cm),
        Paragraph(escape(gettext("Integrantes presentes")), styles["Heading3"]),
    ]
    for member in members:
        story.append(Paragraph("• " + escape(member.get_full_name() or member.email), body))
    if not members:
        story.append(Paragraph(escape(gettext("Sin integrantes registrados.")), body))
    story.append(Spacer(1, 0.3 * cm))
    last_reason = {}
    for log in logs:
        last_reason[(log.submission_id, log.field)] = log.reason
    for category, rows in grouped.items():
        data = [[gettext("Puesto"), gettext("Postulación"), gettext("Puntaje"), gettext("Decisión y motivo")]]
        for row in rows:
            label = f"{row.submission.code} · {row.title}" + (
                f" · {row.submission.municipality.name}" if identified else ""
            )
            if row.tie_note:
                label += f"\n{row.tie_note}"
            decision = row.decision
            outcome = decision.get_outcome_display() if decision and decision.outcome else "—"
            reason = last_reason.get((row.submission.pk, DecisionLog.Field.OUTCOME), "")
            text = outcome + (f": {reason}" if reason else "")
            if decision and decision.adjusted_score is not None:
                text += "\n" + gettext("Puntaje ajustado a %(score)s: %(reason)s") % {
                    "score": format_decimal(decision.adjusted_score),
                    "reason": last_reason.get((row.submission.pk, DecisionLog.Field.ADJUSTED_SCORE), ""),
                }
            data.append(
                [
                    f"{row.rank or '—'}{' =' if row.tied else ''}",
                    Paragraph(escape(label).replace("\n", "<br/>"), body),
                    format_decimal(row.final_score) or "—",
                    Paragraph(escape(text).replace("\n", "<br/>"), body),
                ]
            )
        table = Table(data, colWidths=[1.6 * cm, 7.4 * cm, 2 * cm, 6 * cm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        heading = Paragraph(escape(str(category or gettext("Sin categoría"))), styles["Heading3"])
        # The heading never stays alone at the bottom of a page: it travels with (the start of) its table.
        story += [KeepTogether([heading, table]), Spacer(1, 0.4 * cm)]
    story.append(Paragraph(escape(gettext("Registro de decisiones y ajustes")), styles["Heading3"]))
    for log in logs:
        story.append(
            Paragraph(
                escape(
                    gettext(
                        "%(when)s · %(code)s · %(field)s: %(old)s → %(new)s · %(who)s. Motivo: %(reason)s"
                    )
                    % {
                        "when": format_date(log.at, with_time=True),
                        "code": log.submission.code,
                        "field": log.get_field_display(),
                        "old": log.old_display,
                        "new": log.new_display,
                        "who": log.actor.get_full_name() or log.actor.email,
                        "reason": log.reason,
                    }
                ),
                body,
            )
        )
    signatures = (
        [[gettext("Firma"), ""]]
        if not members
        else [[Paragraph(escape(m.get_full_name() or m.email), body), "_" * 34] for m in members]
    )
    sign_table = Table(signatures, colWidths=[8 * cm, 8 * cm], rowHeights=[1.4 * cm] * len(signatures))
    sign_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    story.append(
        KeepTogether(
            [Spacer(1, 0.6 * cm), Paragraph(escape(gettext("Firmas")), styles["Heading3"]), sign_table]
        )
    )

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawRightString(
            A4[0] - 2 * cm,
            1.2 * cm,
            gettext("%(call)s · página %(page)s") % {"call": call.title, "page": doc.page},
        )
        canvas.restoreState()

    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=gettext("Acta del comité"), author="", invariant=1).build(
        story, onFirstPage=footer, onLaterPages=footer
    )
    return out.getvalue()


def build_acta_pdf(params: dict) -> tuple[bytes, str, str]:
    call = _call(params)
    data = acta_pdf(call, identified=bool(params.get("identified")), present=params.get("present") or [])
    return data, f"acta-{call.slug}.pdf", "application/pdf"


KINDS["acta.pdf"] = portal_exports.register(
    "evaluacion.acta_pdf", label=_("Acta del comité (PDF)"), build=build_acta_pdf, allowed=can_export
)
