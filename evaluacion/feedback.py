"""What reaches each municipality once results are published: its decision, its place in the
category and a feedback report (per-criterion mean scores on the rubric's scale and the evaluators'
comments to the applicant, unattributed). Nothing here is shown before publication.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.urls import reverse
from django.utils.translation import gettext as _

from concurso.models import Call, Submission, SubmissionStatus
from concurso.results import SubmissionResult
from core.numbers import format_date, format_decimal
from evaluacion.models import AssignmentStatus, DecisionChoice, Review, ReviewStatus
from evaluacion.selectors.scores import criteria_for, ranking

SHOWN_OUTCOMES = (DecisionChoice.WINNER, DecisionChoice.MENTION, DecisionChoice.FINALIST)


@dataclass(frozen=True)
class CriterionFeedback:
    name: str
    description: str
    weight: int
    scale_min: int
    scale_max: int
    mean: float | None

    @property
    def percent(self) -> int:
        """Where the mean sits on the scale, 0-100 (for the bar on the page)."""
        if self.mean is None or self.scale_max == self.scale_min:
            return 0
        return round(100 * (self.mean - self.scale_min) / (self.scale_max - self.scale_min))


@dataclass
class FeedbackReport:
    submission: Submission
    call: Call
    outcome: str
    outcome_label: str
    category: str
    rank: int | None
    tied: bool
    entries_in_category: int
    final_score: float | None
    reviews_count: int
    criteria: list[CriterionFeedback] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def selected(self) -> bool:
        return self.outcome in SHOWN_OUTCOMES


def _outcome(decision) -> tuple[str, str]:
    value = decision.outcome if decision is not None and decision.outcome else DecisionChoice.NOT_SELECTED
    return value, str(DecisionChoice(value).label)


def _category_rows(call: Call) -> dict[int, tuple[object, list]]:
    """submission id -> (row, rows of its category), from the call's ranking."""
    found = {}
    for _category, rows in ranking(call).items():
        for row in rows:
            found[row.submission.pk] = (row, rows)
    return found


def is_published(submission: Submission) -> bool:
    return (
        submission.call.results_published_at is not None and submission.status == SubmissionStatus.ADMISSIBLE
    )


def report_for(submission: Submission, *, preview: bool = False) -> FeedbackReport | None:
    """The entry's feedback report, or None before publication (or for entries never evaluated).

    preview=True (staff only) builds it before publication, to check what municipalities will read."""
    if submission.status != SubmissionStatus.ADMISSIBLE:
        return None
    if not preview and not is_published(submission):
        return None
    call = submission.call
    row, rows = _category_rows(call).get(submission.pk, (None, []))
    if row is None:
        return None
    outcome, label = _outcome(row.decision)
    criteria = criteria_for(call)
    means = row.score.criterion_means if row.score else {}
    comments = sorted(
        text.strip()
        for text in Review.objects.filter(assignment__submission=submission, status=ReviewStatus.SUBMITTED)
        .exclude(assignment__status=AssignmentStatus.WITHDRAWN)
        .values_list("applicant_comment", flat=True)
        if text and text.strip()
    )
    return FeedbackReport(
        submission=submission,
        call=call,
        outcome=outcome,
        outcome_label=label,
        category=str(submission.category or _("Sin categoría")),
        rank=row.rank,
        tied=row.tied,
        entries_in_category=len(rows),
        final_score=row.final_score,
        reviews_count=row.score.count if row.score else 0,
        criteria=[
            CriterionFeedback(
                name=c.name,
                description=c.description,
                weight=c.weight,
                scale_min=c.scale_min,
                scale_max=c.scale_max,
                mean=means.get(str(c.pk)),
            )
            for c in criteria
        ],
        comments=comments,
    )


def results_for_submissions(submissions) -> dict[int, SubmissionResult]:
    """Registered in concurso.results: the published result of each given entry (others left out)."""
    published = [
        s for s in submissions if s.status == SubmissionStatus.ADMISSIBLE and s.call.results_published_at
    ]
    found: dict[int, SubmissionResult] = {}
    by_call: dict[int, list] = {}
    for submission in published:
        by_call.setdefault(submission.call_id, []).append(submission)
    for entries in by_call.values():
        rows = _category_rows(entries[0].call)
        for submission in entries:
            row, category_rows = rows.get(submission.pk, (None, []))
            if row is None:
                continue
            outcome, label = _outcome(row.decision)
            found[submission.pk] = SubmissionResult(
                outcome=outcome,
                outcome_label=label,
                category=str(submission.category or ""),
                rank=row.rank,
                tied=row.tied,
                entries_in_category=len(category_rows),
                report_url=reverse("evaluacion:feedback", args=[submission.code]),
                pdf_url=reverse("evaluacion:feedback_pdf", args=[submission.code]),
            )
    return found


def report_pdf(report: FeedbackReport) -> bytes:
    """The feedback report as a PDF (A4, page numbers), the same content as the page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    s = report.submission
    place = _place_text(report)
    story = [
        Paragraph(escape(_("Informe de retroalimentación")), styles["Title"]),
        Paragraph(escape(report.call.title), styles["Heading2"]),
        Paragraph(escape(f"{s.code} · {s.title}"), styles["Heading3"]),
        Paragraph(escape(f"{s.municipality.name} · {report.category}"), styles["Normal"]),
        Spacer(1, 0.3 * cm),
        Paragraph(f"<b>{escape(_('Resultado'))}</b>: {escape(report.outcome_label)}", styles["Normal"]),
        Paragraph(escape(place), styles["Normal"]),
        Paragraph(
            escape(
                _("Puntaje final: %(score)s de 100 · %(n)s evaluaciones")
                % {
                    "score": format_decimal(report.final_score) or "—",
                    "n": report.reviews_count,
                }
            ),
            styles["Normal"],
        ),
        Paragraph(
            escape(
                _("Resultados publicados el %(date)s")
                % {"date": format_date(report.call.results_published_at)}
            ),
            styles["Normal"],
        ),
        Spacer(1, 0.4 * cm),
    ]
    data = [[_("Criterio"), _("Ponderación"), _("Promedio"), _("Escala")]]
    for item in report.criteria:
        data.append(
            [
                Paragraph(escape(item.name), styles["BodyText"]),
                f"{item.weight} %",
                format_decimal(item.mean) if item.mean is not None else "—",
                f"{item.scale_min} a {item.scale_max}",
            ]
        )
    table = Table(data, colWidths=[8 * cm, 2.8 * cm, 2.6 * cm, 2.6 * cm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(
        KeepTogether(
            [
                Paragraph(
                    escape(_("Puntajes por criterio (promedio de las evaluaciones)")), styles["Heading3"]
                ),
                table,
            ]
        )
    )
    story.append(Spacer(1, 0.4 * cm))
    story.append(Paragraph(escape(_("Comentarios de las personas evaluadoras")), styles["Heading3"]))
    if report.comments:
        for text in report.comments:
            story.append(Paragraph(escape(text).replace("\n", "<br/>"), styles["BodyText"]))
            story.append(Spacer(1, 0.2 * cm))
    else:
        story.append(
            Paragraph(
                escape(_("Las evaluaciones no incluyeron comentarios para la municipalidad.")),
                styles["BodyText"],
            )
        )

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawRightString(
            A4[0] - 2 * cm, 1.2 * cm, _("%(code)s · página %(page)s") % {"code": s.code, "page": doc.page}
        )
        canvas.restoreState()

    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        title=_("Informe de retroalimentación %(code)s") % {"code": s.code},
        author="",
        invariant=1,
    ).build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def _place_text(report: FeedbackReport) -> str:
    if report.rank is None:
        return _("Sin lugar en el ranking de su categoría.")
    text = _("Lugar %(rank)s de %(n)s en la categoría «%(category)s»") % {
        "rank": report.rank,
        "n": report.entries_in_category,
        "category": report.category,
    }
    if report.tied:
        text += " " + _("(empate)")
    return text + "."


place_text = _place_text
