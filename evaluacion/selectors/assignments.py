"""Reads of the assignment overview staff work on."""

from __future__ import annotations

from concurso.models import Call
from evaluacion.models import (
    Assignment,
)


def assignment_overview(call: Call):
    return (
        Assignment.objects.filter(submission__call=call)
        .select_related("submission__category", "evaluator", "review")
        .order_by("submission__code", "evaluator__email")
    )

