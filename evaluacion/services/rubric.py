"""Writes of the rubric: the criteria and their weights, the tie-break criterion, defaults for a new call."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _g

from concurso.models import Call
from evaluacion.models import (
    Criterion,
    Rubric,
)

DEMO_RUBRIC = [
    ("innovacion", "Innovación", 20, "Grado de novedad de la solución en el contexto municipal."),
    ("impacto", "Impacto y resultados", 25, "Resultados medibles y beneficios para la comunidad."),
    ("participacion", "Participación ciudadana", 15, "Involucramiento de la comunidad en el diseño y la ejecución."),
    ("sostenibilidad", "Sostenibilidad", 15, "Continuidad financiera, institucional y ambiental."),
    ("replicabilidad", "Replicabilidad", 15, "Posibilidad de aplicar la práctica en otros municipios."),
    ("eficiencia", "Eficiencia en el uso de recursos", 10, "Relación entre recursos invertidos y resultados."),
]


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
        raise ValidationError(_g("La pauta ya no se puede modificar: la evaluación comenzó."))


def validate_weights(weights: list[int]) -> None:
    if sum(weights) != 100:
        raise ValidationError(
            _g("Las ponderaciones deben sumar 100; ahora suman %(total)s.") % {"total": sum(weights)}
        )


@transaction.atomic
def save_rubric(*, rubric: Rubric, criteria_forms, tie_break_key: str | None = None) -> Rubric:
    """Saves a formset of criteria after checking the weights add up to 100."""
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
def ensure_rubric(*, call: Call, defaults=DEMO_RUBRIC, tie_break_key: str = "impacto") -> Rubric:
    """The call's rubric, created with the default criteria when it has none (idempotent)."""
    rubric, _created = Rubric.objects.get_or_create(call=call)
    if not rubric.criteria.exists():
        for order, (key, name, weight, description) in enumerate(defaults):
            Criterion.objects.create(
                rubric=rubric, key=key, name=name, weight=weight, description=description,
                guidance=DEFAULT_GUIDANCE, order=order,
            )
    if rubric.tie_break_criterion_id is None:
        rubric.tie_break_criterion = rubric.criteria.filter(key=tie_break_key).first()
        rubric.save(update_fields=["tie_break_criterion", "updated_at"])
    return rubric

