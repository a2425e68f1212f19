"""Writes of the rubric: the criteria and their weights, the tie-break criterion, the criteria of a new call."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from concurso.models import Call
from evaluacion.models import (
    Criterion,
    Rubric,
)

DEFAULT_GUIDANCE = "\n".join(
    [
        "1: no se observa",
        "2: muy insuficiente",
        "3: insuficiente",
        "4: aceptable",
        "5: bueno",
        "6: muy bueno",
        "7: excepcional",
    ]
)


def _check_rubric_editable(rubric: Rubric) -> None:
    if not rubric.is_editable:
        raise ValidationError(_("La pauta ya no se puede modificar: la evaluación comenzó."))


def validate_weights(weights: list[int]) -> None:
    if sum(weights) != 100:
        raise ValidationError(
            _("Las ponderaciones deben sumar 100; ahora suman %(total)s.") % {"total": sum(weights)}
        )


def _rubric_of(call: Call) -> Rubric:
    rubric, _created = Rubric.objects.select_for_update().get_or_create(call=call)
    return rubric


@transaction.atomic
def save_rubric(*, call: Call, criteria_forms, tie_break_key: str | None = None) -> Rubric:
    """Saves a formset of criteria after checking the weights add up to 100 (creates the rubric)."""
    rubric = _rubric_of(call)
    _check_rubric_editable(rubric)
    kept = [f for f in criteria_forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    validate_weights([f.cleaned_data["weight"] for f in kept])
    for form in criteria_forms:
        if form.cleaned_data.get("DELETE") and form.instance.pk:
            form.instance.delete()
    for order, form in enumerate(kept):
        criterion = form.save(commit=False)
        criterion.rubric = rubric
        criterion.order = order
        criterion.save()
    if tie_break_key:
        rubric.tie_break_criterion = rubric.criteria.filter(key=tie_break_key).first()
        rubric.save(update_fields=["tie_break_criterion", "updated_at"])
    return rubric


@transaction.atomic
def ensure_rubric(*, call: Call, criteria: list[tuple[str, str, int, str]], tie_break_key: str) -> Rubric:
    """The call's rubric, created with these criteria (key, name, weight, description) when it has
    none (idempotent)."""
    rubric, _created = Rubric.objects.get_or_create(call=call)
    if not rubric.criteria.exists():
        for order, (key, name, weight, description) in enumerate(criteria):
            Criterion.objects.create(
                rubric=rubric,
                key=key,
                name=name,
                weight=weight,
                description=description,
                guidance=DEFAULT_GUIDANCE,
                order=order,
            )
    if rubric.tie_break_criterion_id is None:
        rubric.tie_break_criterion = rubric.criteria.filter(key=tie_break_key).first()
        rubric.save(update_fields=["tie_break_criterion", "updated_at"])
    return rubric


@transaction.atomic
def save_comment_rules(
    *, call: Call, applicant_comment_required: bool, committee_note_required: bool
) -> Rubric:
    """Whether each review text is required: fixed once evaluation starts, like the rest of the rubric."""
    rubric = _rubric_of(call)
    _check_rubric_editable(rubric)
    rubric.applicant_comment_required = applicant_comment_required
    rubric.committee_note_required = committee_note_required
    rubric.save(update_fields=["applicant_comment_required", "committee_note_required", "updated_at"])
    return rubric


@transaction.atomic
def save_thresholds(*, call: Call, max_std, max_gap) -> Rubric:
    """The disagreement flag only guides the committee: it can be tuned until results are published."""
    rubric = _rubric_of(call)
    if not rubric.thresholds_editable:
        raise ValidationError(
            _("Los resultados ya se publicaron: el umbral de desacuerdo no se puede cambiar.")
        )
    rubric.disagreement_max_std = max_std
    rubric.disagreement_max_gap = max_gap
    rubric.save(update_fields=["disagreement_max_std", "disagreement_max_gap", "updated_at"])
    return rubric
