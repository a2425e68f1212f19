"""Writes of the assignment of entries to evaluators: drafts, manual and extra assignments, release,
and the conflict refresh that withdraws and reassigns clashing assignments.

E-mails and attachment rewriting are queued by task name after commit (core.taskutils.enqueue)."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from concurso.models import Call, Submission, SubmissionStatus
from core.models import User
from core.taskutils import enqueue
from evaluacion import assignment as assignment_algo
from evaluacion import task_names
from evaluacion.models import (
    Assignment,
    AssignmentSource,
    AssignmentStatus,
    Conflict,
    ConflictRemoval,
    ExtraReviewRequest,
    PoolMember,
)
from evaluacion.selectors.blind import blind_review_is_current, unreviewed_codes
from evaluacion.selectors.conflicts import automatic_conflicts, conflict_pairs
from evaluacion.services.blind_copies import ensure_redacted_copy

logger = logging.getLogger(__name__)


@transaction.atomic
def refresh_conflicts(*, call: Call) -> int:
    """Stores the automatic conflicts found now. Append-only: a conflict found once stays, even if
    the profile that caused it changes (an evaluator cannot clear their affiliation to get an entry
    back); only staff remove one, with a reason (services.conflicts.remove_conflict). A pair staff already
    cleared of a kind of conflict is not flagged again for the same kind."""
    found = automatic_conflicts(call)
    existing = set(
        Conflict.objects.filter(submission__call=call).values_list("submission_id", "evaluator_id")
    )
    cleared = set(
        ConflictRemoval.objects.filter(submission__call=call).values_list(
            "submission_id", "evaluator_id", "kind"
        )
    )
    new = [
        Conflict(submission_id=s, evaluator_id=e, kind=kind, reason=reason)
        for (s, e), (kind, reason) in found.items()
        if (s, e) not in existing and (s, e, kind) not in cleared
    ]
    Conflict.objects.bulk_create(new)
    # A conflict found after an assignment was made withdraws it (never review in conflict); a
    # released entry goes to another conflict-free evaluator at once, a draft waits for the next run.
    conflicted = (
        Assignment.objects.filter(submission__call=call, submission__conflicts__evaluator=F("evaluator"))
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .select_related("submission__call")
    )
    for assignment in conflicted:
        if assignment.status == AssignmentStatus.RELEASED:
            withdraw_and_reassign(assignment)
        else:
            assignment.status = AssignmentStatus.WITHDRAWN
            assignment.save(update_fields=["status"])
    return len(found)


@transaction.atomic
def refresh_conflicts_for(*, user: User) -> None:
    """After an evaluator's profile changes (affiliation, region, domain), in every open call they serve."""
    for call in Call.objects.filter(
        evaluator_pool__user=user, evaluator_pool__active=True, results_published_at__isnull=True
    ).distinct():
        refresh_conflicts(call=call)


def withdraw_and_reassign(assignment: Assignment) -> Assignment | None:
    was_released = assignment.status == AssignmentStatus.RELEASED
    assignment.status = AssignmentStatus.WITHDRAWN
    assignment.save(update_fields=["status"])
    try:
        created = _top_up(
            submission=assignment.submission,
            extra=0,
            source=AssignmentSource.REASSIGNED,
            release=was_released,
        )
    except assignment_algo.AssignmentError:
        logger.warning("Sin evaluador libre para reasignar %s", assignment.submission.code)
        return None
    return created[0] if created else None


def _pool(call: Call) -> tuple[list[int], dict[int, int], dict[int, set[int]]]:
    """(evaluator ids, max load per evaluator, expertise category ids per evaluator)."""
    members = list(
        PoolMember.objects.filter(call=call, active=True, user__is_active=True)
        .select_related("user__evaluator_profile")
        .prefetch_related("user__evaluator_profile__expertise")
    )
    ids, loads, expertise = [], {}, {}
    for member in members:
        profile = getattr(member.user, "evaluator_profile", None)
        ids.append(member.user_id)
        loads[member.user_id] = profile.max_load if profile else 10
        expertise[member.user_id] = {c.pk for c in profile.expertise.all()} if profile else set()
    return ids, loads, expertise


def _affinity(submissions, evaluators, expertise) -> dict[tuple[int, int], float]:
    return {
        (s.pk, e): 1.0
        for s in submissions
        for e in evaluators
        if s.category_id is not None and s.category_id in expertise.get(e, ())
    }


def _active_pairs(call: Call) -> set[tuple[int, int]]:
    return set(
        Assignment.objects.filter(submission__call=call)
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .values_list("submission_id", "evaluator_id")
    )


def _withdrawn_pairs(call: Call) -> set[tuple[int, int]]:
    return set(
        Assignment.objects.filter(submission__call=call, status=AssignmentStatus.WITHDRAWN).values_list(
            "submission_id", "evaluator_id"
        )
    )


def assignment_error_message(error: assignment_algo.AssignmentError) -> str:
    codes = dict(Submission.objects.filter(pk__in=list(error.entries_short)).values_list("pk", "code"))
    params = dict(error.params)
    if error.entries_short:
        # Entry codes, never database ids: staff look the entries up by code.
        listed = sorted(error.entries_short.items(), key=lambda item: str(codes.get(item[0], item[0])))[:20]
        details = "; ".join(
            _("%(code)s (necesita %(needed)s, hay %(available)s)")
            % {"code": codes.get(entry, entry), "needed": needed, "available": available}
            for entry, (needed, available) in listed
        )
        if len(error.entries_short) > len(listed):
            details += _("; y %(count)s más") % {"count": len(error.entries_short) - len(listed)}
        params["details"] = details
    return _(error.message_template) % params


@transaction.atomic
def run_assignment(*, call: Call) -> list[Assignment]:
    """A new draft: previous automatic drafts are replaced; released and manual ones are kept."""
    refresh_conflicts(call=call)
    Assignment.objects.filter(
        submission__call=call, status=AssignmentStatus.DRAFT, source=AssignmentSource.AUTOMATIC
    ).delete()
    submissions = list(
        Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE).order_by("pk")
    )
    evaluators, loads, expertise = _pool(call)
    affinity = _affinity(submissions, evaluators, expertise)
    pairs = assignment_algo.assign(
        [s.pk for s in submissions],
        evaluators,
        per_submission=call.reviews_per_entry,
        max_load=loads,
        conflicts=conflict_pairs(call) | _withdrawn_pairs(call),
        affinity=affinity,
        existing=_active_pairs(call),
    )
    return Assignment.objects.bulk_create(
        [
            Assignment(
                submission_id=s,
                evaluator_id=e,
                affinity=affinity.get((s, e), 0.0),
                source=AssignmentSource.AUTOMATIC,
            )
            for s, e in pairs
        ]
    )


def _top_up(*, submission: Submission, extra: int, source: str, release: bool) -> list[Assignment]:
    call = submission.call
    if release and not blind_review_is_current(submission):
        # A replacement stays a draft until staff review the blind copy (then release it).
        logger.warning("Copia de %s sin revisión vigente: la reasignación queda en borrador", submission.code)
        release = False
    evaluators, loads, expertise = _pool(call)
    active = _active_pairs(call)
    current = sum(1 for s, _e in active if s == submission.pk)
    target = max(call.reviews_per_entry, current) + extra if extra else call.reviews_per_entry
    affinity = _affinity([submission], evaluators, expertise)
    pairs = assignment_algo.assign(
        [submission.pk],
        evaluators,
        per_submission=target,
        max_load=loads,
        conflicts=conflict_pairs(call) | _withdrawn_pairs(call),
        affinity=affinity,
        existing=active,
    )
    now = timezone.now()
    created = [
        Assignment.objects.create(
            submission_id=s,
            evaluator_id=e,
            source=source,
            affinity=affinity.get((s, e), 0.0),
            status=AssignmentStatus.RELEASED if release else AssignmentStatus.DRAFT,
            released_at=now if release else None,
        )
        for s, e in pairs
    ]
    if release and created:
        ensure_redacted_copy(submission=submission)
        _notify([a.pk for a in created])
    return created


@transaction.atomic
def add_extra_evaluator(*, submission: Submission) -> list[Assignment]:
    """One more (released) evaluator for a flagged entry; fulfils the committee's requests."""
    if not blind_review_is_current(submission):
        raise ValidationError(
            _("Revise la copia anonimizada de %(code)s antes de asignarla.") % {"code": submission.code}
        )
    created = _top_up(submission=submission, extra=1, source=AssignmentSource.EXTRA, release=True)
    ExtraReviewRequest.objects.filter(submission=submission, fulfilled_at__isnull=True).update(
        fulfilled_at=timezone.now()
    )
    return created


@transaction.atomic
def add_manual_assignment(*, submission: Submission, evaluator: User) -> Assignment:
    if Conflict.objects.filter(submission=submission, evaluator=evaluator).exists():
        raise ValidationError(_("Ese evaluador tiene un conflicto de interés con la postulación."))
    if not PoolMember.objects.filter(call=submission.call, user=evaluator, active=True).exists():
        raise ValidationError(_("El evaluador no pertenece al grupo de evaluadores de la convocatoria."))
    if Assignment.objects.filter(submission=submission, evaluator=evaluator).exists():
        raise ValidationError(_("Ese evaluador ya tiene (o tuvo) esta postulación."))
    return Assignment.objects.create(
        submission=submission, evaluator=evaluator, source=AssignmentSource.MANUAL
    )


@transaction.atomic
def remove_draft_assignment(*, assignment: Assignment) -> None:
    if assignment.status != AssignmentStatus.DRAFT:
        raise ValidationError(_("Solo se pueden quitar asignaciones en borrador."))
    assignment.delete()


@transaction.atomic
def release_assignments(*, call: Call) -> int:
    """Releases the draft: stored blind copies first, then evaluators are notified (codes only)."""
    drafts = list(
        Assignment.objects.filter(submission__call=call, status=AssignmentStatus.DRAFT).select_related(
            "submission"
        )
    )
    if not drafts:
        return 0
    # Profiles may have changed since the draft was made: recompute before anyone is told anything.
    refresh_conflicts(call=call)
    conflicts = conflict_pairs(call)
    clashing = sorted({a.submission.code for a in drafts if (a.submission_id, a.evaluator_id) in conflicts})
    if clashing:
        raise ValidationError(
            _(
                "Hay asignaciones del borrador en conflicto de interés (%(codes)s): vuelva a ejecutar la asignación."
            )
            % {"codes": ", ".join(clashing)}
        )
    for submission in {a.submission for a in drafts}:
        ensure_redacted_copy(submission=submission)
    # Nobody reads a blind copy that staff have not reviewed (texts and attachments, see
    # record_blind_review); a copy changed after its review needs a new one.
    unreviewed = unreviewed_codes({a.submission for a in drafts})
    if unreviewed:
        raise ValidationError(
            _("Revise las copias anonimizadas (textos y anexos) antes de liberar: %(codes)s.")
            % {"codes": ", ".join(unreviewed)}
        )
    now = timezone.now()
    Assignment.objects.filter(pk__in=[a.pk for a in drafts]).update(
        status=AssignmentStatus.RELEASED, released_at=now
    )
    _notify([a.pk for a in drafts])
    return len(drafts)


def _notify(assignment_ids: list[int]) -> None:
    by_evaluator: dict[int, list[int]] = {}
    for pk, evaluator_id in Assignment.objects.filter(pk__in=assignment_ids).values_list(
        "pk", "evaluator_id"
    ):
        by_evaluator.setdefault(evaluator_id, []).append(pk)
    for evaluator_id, ids in sorted(by_evaluator.items()):
        enqueue(task_names.NOTIFY_ASSIGNMENTS, evaluator_id, sorted(ids))
    for submission_id in set(
        Assignment.objects.filter(pk__in=assignment_ids).values_list("submission_id", flat=True)
    ):
        enqueue(task_names.PREPARE_ATTACHMENTS, submission_id)
