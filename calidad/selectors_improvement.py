"""Reads of the improvement road: committees of a user, dashboard rows, overdue items."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from calidad.models import ActionLine, ImmediateAction, ImprovementCommittee, ItemStatus


def committee_with_context(pk):
    return (
        ImprovementCommittee.objects.select_related(
            "municipality__comuna__region", "self_assessment__validator", "plan"
        )
        .prefetch_related("members__user")
        .filter(pk=pk)
        .first()
    )


@dataclass
class DashboardRow:
    committee: ImprovementCommittee
    stage: str
    lines: int = 0
    done: int = 0
    progress: int = 0
    overdue: list = field(default_factory=list)


def dashboard(*, municipality=None, today=None) -> list[DashboardRow]:
    """One row per committee (cycle): stage, lines done, average progress, overdue items."""
    today = today or timezone.localdate()
    committees = (
        ImprovementCommittee.objects.select_related(
            "municipality__comuna__region", "self_assessment__validator", "plan"
        )
        .prefetch_related(
            Prefetch("plan__lines", queryset=ActionLine.objects.order_by("end_date")),
            Prefetch("plan__immediate_actions", queryset=ImmediateAction.objects.order_by("due_date")),
        )
        .order_by("municipality__name", "-cycle")
    )
    if municipality is not None:
        committees = committees.filter(municipality=municipality)
    rows = []
    for committee in committees:
        rows.append(_row(committee, today))
    return rows


def stage(committee) -> str:
    sa = getattr(committee, "self_assessment", None)
    plan = getattr(committee, "plan", None)
    if plan is not None and (sa is not None and sa.status == "validada"):
        return plan.get_status_display()
    if sa is None:
        return "Comité constituido"
    if sa.status == "enviada":
        return "Autoevaluación en validación" if sa.validator_id else "Autoevaluación esperando validador"
    return sa.get_status_display() if sa.status != "borrador" else "Autoevaluación en borrador"


def _row(committee, today) -> DashboardRow:
    row = DashboardRow(committee=committee, stage=stage(committee))
    plan = getattr(committee, "plan", None)
    if plan is None:
        return row
    lines = list(plan.lines.all())
    row.lines = len(lines)
    row.done = sum(1 for line in lines if line.status == ItemStatus.DONE)
    row.progress = round(sum(line.progress for line in lines) / len(lines)) if lines else 0
    if plan.status == "aprobado":
        row.overdue = [line for line in lines if line.is_overdue(today)] + [
            a for a in plan.immediate_actions.all() if a.is_overdue(today)
        ]
    return row


def completed_lines(municipality_id=None, *, public_only=False):
    qs = ActionLine.objects.filter(status=ItemStatus.DONE).select_related("plan__committee__municipality")
    if municipality_id is not None:
        qs = qs.filter(plan__committee__municipality_id=municipality_id)
    if public_only:
        qs = qs.filter(plan__committee__is_public=True)
    return qs.order_by("-completed_at")


def public_road(municipality):
    """Committees the municipality made public, with their stage and completed lines."""
    return [
        {
            "committee": c,
            "stage": stage(c),
            "completed": [line for line in c.plan.lines.all() if line.status == ItemStatus.DONE]
            if hasattr(c, "plan")
            else [],
        }
        for c in ImprovementCommittee.objects.filter(municipality=municipality, is_public=True)
        .select_related("self_assessment", "plan")
        .prefetch_related("plan__lines")
        .order_by("cycle")
    ]
