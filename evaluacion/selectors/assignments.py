"""Reads of the assignment staff work on: the overview, the load per evaluator, the pool."""

from __future__ import annotations

from django.db.models import Count, F, Q

from concurso.models import Call, Submission, SubmissionStatus
from core.models import User
from evaluacion.models import Assignment, AssignmentStatus, DecisionChoice, PoolMember, ReviewStatus


def assignment_overview(call: Call):
    return (
        Assignment.objects.filter(submission__call=call)
        .select_related("submission__category", "evaluator", "review")
        .order_by("submission__code", "evaluator__email")
    )


def evaluator_loads(call: Call):
    """Active (not withdrawn) assignments per evaluator e-mail."""
    return (
        Assignment.objects.filter(submission__call=call)
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .values("evaluator__email")
        .annotate(n=Count("pk"))
        .order_by("evaluator__email")
    )


def pool_members(call: Call):
    return (
        PoolMember.objects.filter(call=call)
        .select_related("user__evaluator_profile__affiliation", "user__evaluator_profile__region")
        .prefetch_related("user__evaluator_profile__expertise")
        .annotate(
            load=Count(
                "user__assignments",
                filter=Q(user__assignments__submission__call=call)
                & ~Q(user__assignments__status=AssignmentStatus.WITHDRAWN),
            )
        )
    )


def pool_users(call: Call):
    return User.objects.filter(evaluator_calls__call=call, evaluator_calls__active=True).order_by("email")


def admissible_by_code(call: Call, code: str) -> Submission | None:
    return Submission.objects.filter(
        call=call, code=code.strip().upper(), status=SubmissionStatus.ADMISSIBLE
    ).first()


def pending_work(call: Call) -> dict:
    """What closing a phase leaves behind: unsent reviews of released, conflict-free assignments and
    entries without a final decision."""
    released = Assignment.objects.filter(submission__call=call, status=AssignmentStatus.RELEASED).exclude(
        submission__conflicts__evaluator=F("evaluator")
    )
    return {
        "unsent_reviews": released.exclude(review__status=ReviewStatus.SUBMITTED).count(),
        "undecided": Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE)
        .exclude(decision__outcome__in=DecisionChoice.values)
        .count(),
    }
