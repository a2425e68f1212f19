"""Reads of the evaluator's side: the dashboard and the assignment behind an entry code."""

from __future__ import annotations

from django.http import Http404

from concurso.models import SubmissionStatus
from core.models import User
from evaluacion.models import (
    Assignment,
    AssignmentStatus,
    EvaluatorProfile,
    ReviewStatus,
)


def profile_for(user) -> EvaluatorProfile:
    """The evaluator's profile, or an unsaved empty one (a page view writes nothing)."""
    return EvaluatorProfile.objects.filter(user=user).first() or EvaluatorProfile(user=user)


def has_account(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


def evaluator_assignments(user):
    """Released, conflict-free assignments of an evaluator, with their review (for the dashboard)."""
    return (
        Assignment.objects.filter(
            evaluator=user, status=AssignmentStatus.RELEASED, submission__status=SubmissionStatus.ADMISSIBLE
        )
        .exclude(submission__conflicts__evaluator=user)
        .select_related("submission__call", "submission__category", "review")
        .order_by("submission__call__evaluation_close_at", "submission__code")
    )


def dashboard(user) -> list[dict]:
    """Per call: deadline, progress and the assigned entries (codes only)."""
    calls: dict[int, dict] = {}
    for assignment in evaluator_assignments(user):
        call = assignment.submission.call
        group = calls.setdefault(call.pk, {"call": call, "assignments": [], "submitted": 0, "total": 0})
        review = getattr(assignment, "review", None)
        assignment.review_status = review.status if review else None
        group["assignments"].append(assignment)
        group["total"] += 1
        if review and review.status == ReviewStatus.SUBMITTED:
            group["submitted"] += 1
    for group in calls.values():
        group["percent"] = round(100 * group["submitted"] / group["total"]) if group["total"] else 0
    return list(calls.values())


def assignment_for_code(user, code: str) -> Assignment:
    assignment = evaluator_assignments(user).filter(submission__code=code).first()
    if assignment is None:
        raise Http404
    return assignment
