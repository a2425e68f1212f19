"""Reads of scores: rubric and criteria, aggregated scores per entry, ranking, published results."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from concurso.models import Call, Submission, SubmissionStatus
from evaluacion import scoring
from evaluacion.models import (
    AssignmentStatus,
    Decision,
    DecisionChoice,
    Review,
    ReviewScore,
    ReviewStatus,
    Rubric,
)


def to_scoring_criteria(criteria) -> list[scoring.Criterion]:
    return [
        scoring.Criterion(
            key=str(c.pk),
            weight=float(c.weight),
            scale_min=c.scale_min,
            scale_max=c.scale_max,
            optional=not c.required,
        )
        for c in criteria
    ]


def rubric_for(call: Call) -> Rubric | None:
    return (
        Rubric.objects.filter(call=call)
        .prefetch_related("criteria")
        .select_related("tie_break_criterion")
        .first()
    )


def criteria_for(call: Call) -> list:
    rubric = rubric_for(call)
    return list(rubric.criteria.all()) if rubric else []


@dataclass
class SubmissionRow:
    submission: Submission
    score: scoring.SubmissionScore | None
    decision: Decision | None
    reviews: list = field(default_factory=list)  # (label, review, scores) in a stable order
    assigned: int = 0
    rank: int | None = None
    tied: bool = False
    final_score: float | None = None
    extra_requested: bool = False

    @property
    def flagged(self) -> bool:
        return bool(self.score and self.score.disagreement)


def _submitted_reviews(call: Call):
    return (
        Review.objects.filter(
            assignment__submission__call=call,
            assignment__submission__status=SubmissionStatus.ADMISSIBLE,
            status=ReviewStatus.SUBMITTED,
        )
        .exclude(assignment__status=AssignmentStatus.WITHDRAWN)
        .select_related("assignment")
        .prefetch_related(Prefetch("scores", queryset=ReviewScore.objects.select_related("criterion")))
        .order_by("assignment__submission_id", "assignment_id")
    )


def disagreement_thresholds(rubric: Rubric | None) -> scoring.DisagreementThresholds:
    """The call's own thresholds (set on the rubric page); the defaults of 15 and 30 points otherwise."""
    if rubric is None:
        return scoring.DisagreementThresholds()
    return scoring.DisagreementThresholds(
        max_std=float(rubric.disagreement_max_std), max_gap=float(rubric.disagreement_max_gap)
    )


def call_scores(call: Call, *, category=None) -> list[SubmissionRow]:
    """Every admissible entry with its aggregated scores (scoring.aggregate), decision and reviews."""
    rubric = rubric_for(call)
    criteria = list(rubric.criteria.all()) if rubric else []
    scoring_criteria = to_scoring_criteria(criteria)
    submissions = (
        Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE)
        .select_related("category", "decision", "redacted_copy", "municipality__comuna__region")
        .annotate(
            n_assigned=Count(
                "assignments", filter=~Q(assignments__status=AssignmentStatus.WITHDRAWN), distinct=True
            ),
            n_requests=Count(
                "extra_review_requests",
                filter=Q(extra_review_requests__fulfilled_at__isnull=True),
                distinct=True,
            ),
        )
        .order_by("category__order", "category__name", "code")
    )
    reviews = list(_submitted_reviews(call))
    scores_by_submission: dict[int, scoring.SubmissionScore] = {}
    if reviews and scoring_criteria:
        inputs = [
            scoring.Review(
                submission_id=r.assignment.submission_id,
                evaluator_id=r.assignment.evaluator_id,
                scores={
                    str(s.criterion_id): s.score
                    for s in r.scores.all()
                    if str(s.criterion_id) in {c.key for c in scoring_criteria}
                },
            )
            for r in reviews
        ]
        for entry in scoring.aggregate(inputs, scoring_criteria, thresholds=disagreement_thresholds(rubric)):
            scores_by_submission[entry.submission_id] = entry
    by_submission = defaultdict(list)
    for review in reviews:
        by_submission[review.assignment.submission_id].append(review)
    rows = []
    for submission in submissions:
        if category is not None and submission.category_id != category.pk:
            continue
        entry_reviews = by_submission.get(submission.pk, [])
        rows.append(
            SubmissionRow(
                submission=submission,
                score=scores_by_submission.get(submission.pk),
                decision=getattr(submission, "decision", None),
                reviews=[(index, review) for index, review in enumerate(entry_reviews, start=1)],
                assigned=submission.n_assigned,
                extra_requested=submission.n_requests > 0,
            )
        )
    return rows


def ranking(call: Call, rows: list[SubmissionRow] | None = None) -> dict:
    """Category -> rows ordered by rank (scoring.rank): final score = adjusted if set, otherwise
    the call's basis (raw mean or normalised); then tie-break criterion, spread, submission time."""
    rows = call_scores(call) if rows is None else rows
    rubric = rubric_for(call)
    tie_key = str(rubric.tie_break_criterion_id) if rubric and rubric.tie_break_criterion_id else None
    records, by_id, categories = [], {}, {}
    for row in rows:
        by_id[row.submission.pk] = row
        categories[row.submission.category_id or 0] = row.submission.category
        if row.score is None and (row.decision is None or row.decision.adjusted_score is None):
            continue
        if row.decision is not None and row.decision.adjusted_score is not None:
            final = float(row.decision.adjusted_score)
        elif call.ranking_basis == "raw":
            final = row.score.mean
        else:
            final = row.score.normalised_mean
        row.final_score = final
        tie_value = row.score.criterion_means.get(tie_key) if (row.score and tie_key) else None
        records.append(
            scoring.RankingRecord(
                submission_id=row.submission.pk,
                category=row.submission.category_id or 0,
                final_score=final,
                tie_break_score=tie_value,
                spread=row.score.spread if row.score else 0.0,
                submitted_at=row.submission.submitted_at,
            )
        )
    result = {}
    for category_id, ranked in scoring.rank(records).items():
        ordered = []
        for item in ranked:
            row = by_id[item.submission_id]
            row.rank, row.tied = item.rank, item.tied
            ordered.append(row)
        result[categories[category_id]] = ordered
    unranked = [row for row in rows if row.final_score is None]
    for row in unranked:
        result.setdefault(categories[row.submission.category_id or 0], []).append(row)
    return result


def published_results(call: Call) -> dict:
    """For the public call page: category -> ordered list of (submission, decision, rank).

    Empty until staff publish; entries the committee did not select are left out.
    """
    if call.results_published_at is None:
        return {}
    order = {DecisionChoice.WINNER: 0, DecisionChoice.MENTION: 1, DecisionChoice.FINALIST: 2}
    result = {}
    for category, rows in ranking(call).items():
        chosen = [
            (row.submission, row.decision, row.rank)
            for row in rows
            if row.decision is not None and row.decision.outcome in order
        ]
        chosen.sort(key=lambda item: (order[item[1].outcome], item[2] or 10**6, item[0].code))
        if chosen:
            result[category] = chosen
    return result


def public_results(call: Call) -> list[dict]:
    """Rows of the public call page (the provider registered in concurso/results.py)."""
    by_category = published_results(call)
    decision_ids = [decision.pk for rows in by_category.values() for _s, decision, _r in rows]
    # Each winner links to its library page once that page is live (issue 15); the page model is
    # reached through the reverse relation, so the evaluation does not import the public site.
    page_model = Decision._meta.get_field("practice_pages").related_model
    pages = {
        page.competition_decision_id: page
        for page in page_model.objects.filter(competition_decision_id__in=decision_ids, live=True).order_by(
            "pk"
        )
    }
    groups = []
    for category, rows in by_category.items():
        entries = [
            {
                "code": submission.code,
                "title": submission.title,
                "municipality": submission.municipality,
                "decision_label": decision.get_outcome_display(),
                "rank": rank,
                "page_url": pages[decision.pk].url if decision.pk in pages else "",
            }
            for submission, decision, rank in rows
        ]
        groups.append({"category": category, "entries": entries})
    return groups


def evaluator_distributions(call: Call) -> list[tuple[str, list[float]]]:
    """Each evaluator's submitted totals (anonymous labels "Evaluador N"), to see severity."""
    totals = defaultdict(list)
    for evaluator_id, total in (
        Review.objects.filter(
            assignment__submission__call=call, status=ReviewStatus.SUBMITTED, total__isnull=False
        )
        .exclude(assignment__status=AssignmentStatus.WITHDRAWN)
        .values_list("assignment__evaluator_id", "total")
        .order_by("assignment__evaluator_id")
    ):
        totals[evaluator_id].append(total)
    return [
        (f"Evaluador {index}", values) for index, (_e, values) in enumerate(sorted(totals.items()), start=1)
    ]


def display_title(submission: Submission, *, identified: bool) -> str:
    """The title the committee reads: the real one if the call shows identities, else the blind copy's."""
    if identified:
        return submission.title
    try:
        copy = submission.redacted_copy  # select_related by call_scores; made when assignments are released
    except Submission.redacted_copy.RelatedObjectDoesNotExist:
        return ""
    return (copy.fields or {}).get("title", "")


def annotate_rows(call: Call, grouped: dict, *, identified: bool) -> dict:
    """Adds `title` and `tie_note` to each ranked row (see tie_notes)."""
    for rows in grouped.values():
        for row in rows:
            row.title = display_title(row.submission, identified=identified)
    tie_notes(call, grouped)
    return grouped


def _visible(value: float | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def tie_notes(call: Call, grouped: dict) -> None:
    """Where the final scores people see (2 decimals) are equal, say so and name what ordered them:
    more decimals of the final score, the rubric's tie-break criterion, the lower spread between
    evaluators, the earlier submission. Entries still equal after the whole chain share a place."""
    rubric = rubric_for(call)
    tie_key = str(rubric.tie_break_criterion_id) if rubric and rubric.tie_break_criterion_id else None
    tie_name = rubric.tie_break_criterion.name if rubric and rubric.tie_break_criterion_id else ""

    def reason(previous, row) -> str:
        if round(previous.final_score, 6) != round(row.final_score, 6):
            return _("el puntaje final con más decimales")
        a = previous.score.criterion_means.get(tie_key) if (previous.score and tie_key) else None
        b = row.score.criterion_means.get(tie_key) if (row.score and tie_key) else None
        if (a is None) != (b is None) or (a is not None and round(a, 6) != round(b, 6)):
            return _("el criterio de desempate «%(name)s»") % {"name": tie_name}
        sa = round(previous.score.spread, 6) if previous.score else 0.0
        sb = round(row.score.spread, 6) if row.score else 0.0
        if sa != sb:
            return _("la menor diferencia entre evaluadores")
        if previous.submission.submitted_at != row.submission.submitted_at:
            return _("el envío más temprano")
        return ""

    for rows in grouped.values():
        for row in rows:
            row.tie_note = ""
        scored = [row for row in rows if row.final_score is not None]
        index = 0
        while index < len(scored):
            end = index
            while end + 1 < len(scored) and _visible(scored[end + 1].final_score) == _visible(
                scored[index].final_score
            ):
                end += 1
            group = scored[index : end + 1]
            if len(group) > 1:
                for position, row in enumerate(group):
                    other = group[position - 1] if position else group[1]
                    why = reason(other, row) if position else reason(row, group[1])
                    if row.tied and other.tied and not why:
                        row.tie_note = _(
                            "Empate: comparte el lugar %(rank)s con %(code)s (iguales en todos los criterios de desempate)."
                        ) % {
                            "rank": row.rank,
                            "code": other.submission.code,
                        }
                    elif position:
                        row.tie_note = _("Mismo puntaje final que %(code)s; va después por %(why)s.") % {
                            "code": other.submission.code,
                            "why": why,
                        }
                    else:
                        row.tie_note = _("Mismo puntaje final que %(code)s; va antes por %(why)s.") % {
                            "code": other.submission.code,
                            "why": why,
                        }
            index = end + 1
