"""Background work of the evaluation: e-mails and attachment rewriting. Tasks take ids."""

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from concurso.models import Call, Submission, SubmissionStatus
from core.models import User
from core.reminders import reminder_window
from core.taskutils import portal_task, send_email_once
from evaluacion.models import Assignment, AssignmentStatus, Conflict, Invitation, ReviewStatus
from evaluacion.services import blind_copies, pool


def _render(name: str, context: dict) -> tuple[str, str]:
    """Subject and body of an e-mail: templates/evaluacion/emails/<name>_subject.txt and _body.txt."""
    subject = render_to_string(f"evaluacion/emails/{name}_subject.txt", context).strip()
    return subject, render_to_string(f"evaluacion/emails/{name}_body.txt", context)


def _absolute(path: str) -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "http://127.0.0.1:8000"
    return base.rstrip("/") + path


@portal_task
def send_invitation(invitation_id: int) -> bool:
    invitation = Invitation.objects.select_related("call").get(pk=invitation_id)
    url = _absolute(reverse("evaluacion:accept_invitation", args=[pool.invitation_token(invitation)]))
    subject, body = _render("invitation", {"call": invitation.call, "url": url})
    return send_email_once(
        key=f"evaluacion:invitation:{invitation.pk}", to=[invitation.email], subject=subject, body=body
    )


@portal_task
def notify_assignments(evaluator_id: int, assignment_ids: list[int]) -> bool:
    """Tells an evaluator which entries (codes only, nothing else) they were given."""
    user = User.objects.get(pk=evaluator_id)
    assignments = list(
        Assignment.objects.filter(pk__in=assignment_ids, evaluator=user, status=AssignmentStatus.RELEASED)
        .select_related("submission__call")
        .order_by("submission__code")
    )
    if not assignments:
        return False
    subject, body = _render(
        "assignments",
        {
            "codes": [a.submission.code for a in assignments],
            "deadline": assignments[0].submission.call.evaluation_close_at,
            "url": _absolute(reverse("evaluacion:dashboard")),
        },
    )
    return send_email_once(
        key=f"evaluacion:assign:{evaluator_id}:{','.join(str(i) for i in sorted(assignment_ids))}",
        to=[user.email],
        subject=subject,
        body=body,
    )


@portal_task
def prepare_attachments(submission_id: int) -> int:
    return len(blind_copies.prepare_attachments(submission=Submission.objects.get(pk=submission_id)))


@portal_task
def prepare_blind_copy(submission_id: int) -> int:
    """The blind copy and rewritten attachments of a submission just declared admissible (idempotent)."""
    submission = Submission.objects.filter(pk=submission_id, status=SubmissionStatus.ADMISSIBLE).first()
    if submission is None:  # declared inadmissible again before the task ran
        return 0
    blind_copies.prepare_blind_copy(submission=submission)
    return 1


@portal_task
def notify_results(call_id: int) -> int:
    """One e-mail per entry to its applicants: the committee's decision, now public."""
    call = Call.objects.get(pk=call_id)
    submissions = list(
        Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE).select_related(
            "decision", "created_by"
        )
    )
    municipality_emails: dict[int, set[str]] = {}
    for municipality_id, email in User.objects.filter(
        municipality_id__in={s.municipality_id for s in submissions}, is_active=True
    ).values_list("municipality_id", "email"):
        municipality_emails.setdefault(municipality_id, set()).add(email)
    url = _absolute(reverse("concurso:dashboard"))
    sent = 0
    for submission in submissions:
        decision = getattr(submission, "decision", None)
        recipients = {submission.created_by.email, submission.contact_email}
        recipients |= municipality_emails.get(submission.municipality_id, set())
        subject, body = _render(
            "results",
            {
                "call": call,
                "submission": submission,
                "decision": decision,
                "url": url,
                "report_url": _absolute(reverse("evaluacion:feedback", args=[submission.code])),
            },
        )
        if send_email_once(
            key=f"evaluacion:results:{submission.pk}",
            to=sorted(r for r in recipients if r),
            subject=subject,
            body=body,
        ):
            sent += 1
    return sent


# Periodic (beat runs it again anyway): a failed run is not put back in the outbox.
@portal_task(outbox_on_failure=False)
def send_review_reminders() -> int:
    """Celery beat: 72 h and 24 h before the evaluation deadline, remind evaluators of pending reviews.

    The e-mail names entry codes only (blind evaluation), and its key carries the window and the
    deadline so each reminder is sent once.
    """
    now = timezone.now()
    sent = 0
    for call in Call.objects.filter(evaluation_open_at__lte=now, evaluation_close_at__gt=now):
        window = reminder_window(call.evaluation_close_at, now)
        if window is None:
            continue
        pending = (
            Assignment.objects.filter(submission__call=call, status=AssignmentStatus.RELEASED)
            .exclude(review__status=ReviewStatus.SUBMITTED)
            .exclude(
                Exists(
                    Conflict.objects.filter(
                        submission=OuterRef("submission"), evaluator=OuterRef("evaluator")
                    )
                )
            )
            .select_related("evaluator", "submission")
            .order_by("evaluator_id", "submission__code")
        )
        codes_by_evaluator: dict = {}
        for assignment in pending:
            codes_by_evaluator.setdefault(assignment.evaluator, []).append(assignment.submission.code)
        for evaluator, codes in codes_by_evaluator.items():
            subject, body = _render(
                "reminder",
                {
                    "codes": codes,
                    "deadline": call.evaluation_close_at,
                    "hours": window,
                    "url": _absolute(reverse("evaluacion:dashboard")),
                },
            )
            if send_email_once(
                key=f"evaluacion:reminder:{window}:{call.pk}:{evaluator.pk}:{call.evaluation_close_at.isoformat()}",
                to=[evaluator.email],
                subject=subject,
                body=body,
            ):
                sent += 1
    return sent


# Periodic (beat runs it again anyway): a failed run is not put back in the outbox.
@portal_task(outbox_on_failure=False)
def prepare_blind_copies() -> int:
    """Celery beat: once submissions close, every admissible entry gets its stored redacted copy.

    Running from the close of submissions (not only at the opening of evaluation) leaves staff the
    admissibility phase to review and edit the copies before release; existing copies, edited or
    not, are kept as they are.
    """
    now = timezone.now()
    created = 0
    for call in Call.objects.filter(submissions_close_at__lte=now, evaluation_close_at__gt=now):
        created += blind_copies.generate_redacted_copies(call=call)
    return created
