"""Who may do what in the evaluation, object by object. Views check these on every request."""

import rules
from django.utils import timezone

from concurso.models import Phase, SubmissionStatus
from core.rules import is_applicant, is_committee, is_coordinator, is_evaluator
from evaluacion.models import AssignmentStatus, ReviewStatus


def _active_assignment(user, submission):
    if not (user and user.is_authenticated and submission is not None):
        return None
    cache = getattr(user, "_eval_assignment_cache", None)
    if cache is None:
        cache = user._eval_assignment_cache = {}
    if submission.pk not in cache:
        cache[submission.pk] = (
            submission.assignments.filter(evaluator=user, status=AssignmentStatus.RELEASED)
            .exclude(submission__conflicts__evaluator=user)
            .select_related("review")
            .first()
        )
    return cache[submission.pk]


@rules.predicate
def is_assigned_evaluator(user, submission):
    return (
        submission is not None
        and submission.status == SubmissionStatus.ADMISSIBLE
        and _active_assignment(user, submission) is not None
    )


@rules.predicate
def evaluation_open(user, submission):
    call = submission.call
    now = timezone.now()
    return call.results_published_at is None and call.evaluation_open_at <= now < call.evaluation_close_at


@rules.predicate
def review_not_submitted(user, submission):
    assignment = _active_assignment(user, submission)
    review = getattr(assignment, "review", None) if assignment else None
    return review is None or review.status != ReviewStatus.SUBMITTED


@rules.predicate
def results_unpublished(user, obj):
    call = getattr(obj, "call", obj)
    return call.results_published_at is None


@rules.predicate
def call_shows_identities(user, call):
    return call is not None and call.committee_sees_identities


is_committee_or_coordinator = is_committee | is_coordinator


@rules.predicate
def has_municipality(user):
    return bool(user and user.is_authenticated and user.municipality_id)


rules.add_perm("evaluacion.access_dashboard", is_evaluator)
# Applicants add words that identify their municipality (masked in blind copies).
rules.add_perm("evaluacion.add_identity_term", is_applicant & has_municipality)
rules.add_perm("evaluacion.view_entry", is_evaluator & is_assigned_evaluator)
rules.add_perm("evaluacion.review_entry", is_evaluator & is_assigned_evaluator & evaluation_open)
rules.add_perm(
    "evaluacion.declare_conflict",
    is_evaluator & is_assigned_evaluator & evaluation_open & review_not_submitted,
)
rules.add_perm("evaluacion.view_committee", is_committee_or_coordinator)
rules.add_perm("evaluacion.decide", is_committee_or_coordinator & results_unpublished)
rules.add_perm("evaluacion.manage_call", is_coordinator)
# Names of municipalities in committee pages and exports: staff always, the committee if the call allows it.
rules.add_perm("evaluacion.view_identities", is_coordinator | (is_committee & call_shows_identities))


# ---------------------------------------------------------------------------------------------
# Issue 15: results reach the municipality; the committee works in its phase
# ---------------------------------------------------------------------------------------------


@rules.predicate
def is_entry_municipality_member(user, submission):
    return bool(
        submission is not None
        and user.is_authenticated
        and user.is_applicant
        and user.municipality_id == submission.municipality_id
    )


@rules.predicate
def results_published(user, submission):
    return submission is not None and submission.call.results_published_at is not None


@rules.predicate
def committee_phase(user, obj):
    """Decisions and score adjustments: from the committee phase until publication, never before."""
    call = getattr(obj, "call", obj)
    return (
        call is not None
        and call.results_published_at is None
        and call.phase in (Phase.COMMITTEE, Phase.RESULTS)
    )


# The applicant's municipality sees its feedback report once results are public; staff at any time.
rules.add_perm(
    "evaluacion.view_feedback", (is_entry_municipality_member & results_published) | is_coordinator
)
# "decide" is the role (the service refuses out of phase with a message); "decide_now" adds the phase.
rules.add_perm("evaluacion.decide_now", is_committee_or_coordinator & results_unpublished & committee_phase)
# Asking for one more review makes sense while scores are still provisional, too.
rules.add_perm("evaluacion.request_review", is_committee_or_coordinator & results_unpublished)
