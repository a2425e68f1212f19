"""Reads of calls as the committee and staff list them, and of the committee's members."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from concurso.models import Call, Phase, Submission, SubmissionStatus
from core.models import Role, User
from evaluacion.models import Assignment, CallPhaseChange, ExtraReviewRequest, PoolMember


def committee_calls():
    """Calls whose evaluation has started (the committee follows them from then on)."""
    return Call.objects.filter(evaluation_open_at__lte=timezone.now()).order_by("-year", "title")


def committee_members():
    return User.objects.filter(groups__name=Role.COMMITTEE, is_active=True).order_by(
        "last_name", "first_name", "email"
    )


def staff_calls() -> list[Call]:
    """Every call with its number of admissible entries and its phase in words."""
    calls = list(
        Call.objects.annotate(
            admissible=Count(
                "submissions", filter=Q(submissions__status=SubmissionStatus.ADMISSIBLE), distinct=True
            )
        ).order_by("-year", "title")
    )
    for call in calls:
        call.phase_label = str(Phase(call.phase).label)
    return calls


def staff_call_summary(call: Call) -> dict:
    """What the coordination's page of one call shows: assignment counts, pool, entries, requests."""
    status = Assignment.objects.filter(submission__call=call).values("status").annotate(n=Count("pk"))
    return {
        "counts": {item["status"]: item["n"] for item in status},
        "pool_size": PoolMember.objects.filter(call=call, active=True).count(),
        "admissible": Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE).count(),
        "requests": ExtraReviewRequest.objects.filter(
            submission__call=call, fulfilled_at__isnull=True
        ).select_related("submission"),
        "phase_changes": CallPhaseChange.objects.filter(call=call).select_related("actor"),
    }
