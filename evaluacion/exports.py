"""Exports of the committee's work: ranking and scores (CSV, XLSX) and the minutes (acta, PDF)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from concurso.models import Call
from core import exports as portal_exports
from core import spreadsheets
from evaluacion import selectors, services
from evaluacion.models import DecisionLog


def _fmt(value) -> str:
    return "" if value is None else f"{value:.2f}"


def _blind_title(submission) -> str:
    copy = getattr(submission, "redacted_copy", None)
    if copy is None:  # entries never released have no stored copy yet: make it now, never the original
        copy = services.ensure_redacted_copy(submission=submission)
    return (copy.fields or {}).get("title", "")


def ranking_table(call: Call, *, identified: bool) -> tuple[list[str], list[list]]:
    header = [
        _g("Categoría"), _g("Puesto"), _g("Empate"), _g("Código"), _g("Título"),
        _g("Puntaje final"), _g("Promedio bruto"), _g("Normalizado"), _g("Mediana"), _g("Desv. estándar"),
        _g("Mín."), _g("Máx."), _g("Evaluaciones"), _g("Desacuerdo"), _g("Puntaje ajustado"), _g("Decisión"),
    ]
    if identified:
        header.insert(5, _g("Municipalidad"))
    rows = []
    for category, entries in selectors.ranking(call).items():
        for row in entries:
            s = row.score
            decision = row.decision
            line = [
                str(category or ""), row.rank or "", _g("sí") if row.tied else "", row.submission.code,
                row.submission.title if identified else _blind_title(row.submission),
                _fmt(row.final_score),
                _fmt(s.mean if s else None), _fmt(s.normalised_mean if s else None), _fmt(s.median if s else None),
                _fmt(s.std if s else None), _fmt(s.min if s else None), _fmt(s.max if s else None),
                s.count if s else 0, _g("sí") if row.flagged else "",
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
        header, ([_number(value) for value in row] for row in rows), title=_g("Ranking"), bold_header=True, anonymous=True
    )


def _number(value):
    if isinstance(value, str):
        try:
            return float(value) if value and value.replace(".", "", 1).isdigit() else value
        except ValueError:
            return value
    return value


def acta_pdf(call: Call, *, identified: bool) -> bytes:
    """The committee's minutes: every decision with its reasons and the full audit trail."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    story = [
        Paragraph(escape(_g("Acta del comité de expertos")), styles["Title"]),
        Paragraph(escape(call.title), styles["Heading2"]),
        Paragraph(escape(_g("Emitida el %(date)s") % {"date": timezone.localtime().strftime("%d-%m-%Y %H:%M")}), styles["Normal"]),
        Spacer(1, 0.4 * cm),
    ]
    for category, entries in selectors.ranking(call).items():
        story.append(Paragraph(escape(str(category or _g("Sin categoría"))), styles["Heading3"]))
        data = [[_g("Puesto"), _g("Código"), _g("Puntaje"), _g("Decisión")]]
        for row in entries:
            label = row.submission.code + (f" · {row.submission.municipality.name}" if identified else "")
            outcome = row.decision.get_outcome_display() if row.decision and row.decision.outcome else "—"
            data.append([
                f"{row.rank or '—'}{' (' + _g('empate') + ')' if row.tied else ''}", Paragraph(escape(label), styles["BodyText"]),
                _fmt(row.final_score).replace(".", ","), outcome,
            ])
        table = Table(data, colWidths=[2.5 * cm, 8 * cm, 2.5 * cm, 4 * cm], repeatRows=1)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story += [table, Spacer(1, 0.4 * cm)]
    story.append(Paragraph(escape(_g("Registro de decisiones y motivos")), styles["Heading3"]))
    for log in DecisionLog.objects.filter(submission__call=call).select_related("submission", "actor").order_by("at", "pk"):
        field = log.get_field_display()
        old, new = log.old_display, log.new_display
        text = _g("%(when)s · %(code)s · %(field)s: %(old)s → %(new)s · %(who)s. Motivo: %(reason)s") % {
            "when": timezone.localtime(log.at).strftime("%d-%m-%Y %H:%M"), "code": log.submission.code,
            "field": field, "old": old, "new": new, "who": log.actor.get_full_name() or log.actor.email,
            "reason": log.reason,
        }
        story.append(Paragraph(escape(text), styles["BodyText"]))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=_g("Acta del comité"), author="", invariant=1).build(story)
    return out.getvalue()


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
    return ranking_csv(call, identified=bool(params.get("identified"))), f"ranking-{call.slug}.csv", "text/csv; charset=utf-8"


def build_ranking_xlsx(params: dict) -> tuple[bytes, str, str]:
    call = _call(params)
    return ranking_xlsx(call, identified=bool(params.get("identified"))), f"ranking-{call.slug}.xlsx", XLSX


def build_acta_pdf(params: dict) -> tuple[bytes, str, str]:
    call = _call(params)
    return acta_pdf(call, identified=bool(params.get("identified"))), f"acta-{call.slug}.pdf", "application/pdf"


KINDS = {
    "ranking.csv": portal_exports.register(
        "evaluacion.ranking_csv", label=_("Ranking y puntajes (CSV)"), build=build_ranking_csv, allowed=can_export
    ),
    "ranking.xlsx": portal_exports.register(
        "evaluacion.ranking_xlsx", label=_("Ranking y puntajes (XLSX)"), build=build_ranking_xlsx, allowed=can_export
    ),
    "acta.pdf": portal_exports.register(
        "evaluacion.acta_pdf", label=_("Acta del comité (PDF)"), build=build_acta_pdf, allowed=can_export
    ),
}
