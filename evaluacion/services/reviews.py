"""Writes of reviews: evaluators' scores, justifications and the two texts (committee, applicant)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concurso.models import Call
from evaluacion import scoring
from evaluacion.models import (
    Assignment,
    AssignmentStatus,
    Criterion,
    Review,
    ReviewScore,
    ReviewStatus,
    Rubric,
)
from evaluacion.selectors.scores import to_scoring_criteria


def _required_texts(call: Call, *, overall_comment: str, applicant_comment: str) -> dict[str, str]:
    """The review texts the call's rubric makes compulsory, keyed like the form's fields."""
    rubric = Rubric.objects.filter(call=call).first()
    errors = {}
    if rubric is not None and rubric.applicant_comment_required and not (applicant_comment or "").strip():
        errors["applicant_comment"] = _(
            "Escriba sus comentarios para la municipalidad: esta convocatoria los exige."
        )
    if rubric is not None and rubric.committee_note_required and not (overall_comment or "").strip():
        errors["overall_comment"] = _("Escriba sus notas para el comité: esta convocatoria las exige.")
    return errors


@dataclass
class ScoreInput:
    criterion: Criterion
    score: int | None
    justification: str


@transaction.atomic
def save_review(
    *,
    assignment: Assignment,
    scores: list[ScoreInput],
    overall_comment: str,
    submit: bool,
    applicant_comment: str = "",
) -> Review:
    """overall_comment is the private note to the committee; applicant_comment reaches the municipality,
    unattributed, once results are published. Either may be required by the call's rubric."""
    call = assignment.submission.call
    if timezone.now() < call.evaluation_open_at:
        raise ValidationError(_("La evaluación todavía no comienza."))
    if timezone.now() >= call.evaluation_close_at or call.results_published_at:
        raise ValidationError(_("El plazo de evaluación terminó: la evaluación ya no se puede modificar."))
    if assignment.status != AssignmentStatus.RELEASED:
        raise PermissionDenied
    review, _created = Review.objects.select_for_update().get_or_create(assignment=assignment)
    errors = {}
    if submit:
        for item in scores:
            if item.criterion.required and item.score is None:
                errors[item.criterion.key] = _("Asigne un puntaje a este criterio.")
            elif item.score is not None and not item.justification.strip():
                errors[item.criterion.key] = _("Justifique el puntaje por escrito.")
        errors.update(
            _required_texts(call, overall_comment=overall_comment, applicant_comment=applicant_comment)
        )
        if errors:
            raise ValidationError(errors)
    for item in scores:
        if item.score is not None and not item.criterion.scale_min <= item.score <= item.criterion.scale_max:
            raise ValidationError({item.criterion.key: _("Puntaje fuera de la escala.")})
        ReviewScore.objects.update_or_create(
            review=review,
            criterion=item.criterion,
            defaults={"score": item.score, "justification": item.justification.strip()},
        )
    review.overall_comment = overall_comment.strip()
    review.applicant_comment = (applicant_comment or "").strip()
    criteria = [item.criterion for item in scores]
    answered = {str(item.criterion.pk): item.score for item in scores}
    try:
        review.total = scoring.review_total(answered, to_scoring_criteria(criteria))
    except ValueError:
        review.total = None
    if submit:
        review.status = ReviewStatus.SUBMITTED
        review.submitted_at = review.submitted_at or timezone.now()
    review.save()
    return review
