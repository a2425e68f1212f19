"""Reads of the committee's entry page: what was decided about a submission and what was asked."""

from __future__ import annotations

from django.db.models import QuerySet

from evaluacion.models import DecisionLog, ExtraReviewRequest


def decision_log(submission) -> QuerySet[DecisionLog]:
    return DecisionLog.objects.filter(submission=submission).select_related("actor")


def extra_review_requests(submission) -> QuerySet[ExtraReviewRequest]:
    return ExtraReviewRequest.objects.filter(submission=submission)
