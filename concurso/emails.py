"""E-mails of the competition. Each is sent at most once per key (core.taskutils.send_email_once)."""

from django.template.loader import render_to_string
from django.utils import timezone

from concurso.models import Call, Submission, SubmissionEvent, SubmissionStatus
from concurso.selectors import effective_close_at, submission_sections
from core.models import Municipality, Role, User
from core.reminders import reminder_window
from core.taskutils import send_email_once

RECEIPT = "receipt"
ADMISSIBILITY = "admissibility"


def _recipients(submission: Submission, *extra: str) -> list[str]:
    """The municipality's applicants plus the entry's contact, each address once."""
    seen: list[str] = []
    applicants = User.objects.filter(
        municipality_id=submission.municipality_id, is_active=True, groups__name=Role.APPLICANT
    )
    for address in [*extra, submission.contact_email, *applicants.values_list("email", flat=True)]:
        address = (address or "").strip()
        if address and address.lower() not in {s.lower() for s in seen}:
            seen.append(address)
    return seen


def _send_once(*, kind: str, object_id: int, subject: str, body: str, to: list[str]) -> bool:
    return send_email_once(key=f"concurso:{kind}:{object_id}", to=to, subject=subject, body=body)


def send_submission_receipt(submission_id: int) -> bool:
    submission = Submission.objects.select_related(
        "call", "category", "municipality__comuna__region", "created_by"
    ).get(pk=submission_id)
    if submission.status == SubmissionStatus.DRAFT or submission.submitted_at is None:
        return False
    context = {"submission": submission, "sections": submission_sections(submission)}
    subject = render_to_string("concurso/emails/receipt_subject.txt", context).strip()
    body = render_to_string("concurso/emails/receipt_body.txt", context)
    to = _recipients(submission, submission.created_by.email)
    return _send_once(kind=RECEIPT, object_id=submission.pk, subject=subject, body=body, to=to)


def send_admissibility_result(event_id: int) -> bool:
    event = SubmissionEvent.objects.select_related("submission__call", "submission__municipality").get(
        pk=event_id
    )
    submission = event.submission
    context = {
        "submission": submission,
        "event": event,
        "admissible": event.action == SubmissionEvent.Action.ADMISSIBLE,
    }
    subject = render_to_string("concurso/emails/admissibility_subject.txt", context).strip()
    body = render_to_string("concurso/emails/admissibility_body.txt", context)
    return _send_once(
        kind=ADMISSIBILITY, object_id=event.pk, subject=subject, body=body, to=_recipients(submission)
    )


def _applicant_emails(municipality_id: int) -> list[str]:
    return list(
        User.objects.filter(municipality_id=municipality_id, is_active=True, groups__name=Role.APPLICANT)
        .order_by("email")
        .values_list("email", flat=True)
    )


def send_deadline_reminders(*, now=None) -> int:
    """Reminds municipalities with unsent drafts 72 and 24 hours before their submission deadline.

    The deadline is each municipality's own (extensions included). Keys carry the window and the
    deadline, so each reminder goes once and an extended deadline gets its own reminders.
    """
    now = now or timezone.now()
    sent = 0
    calls = Call.objects.filter(submissions_open_at__lte=now, evaluation_open_at__gt=now)
    for call in calls:
        drafts = (
            Submission.objects.filter(call=call, status=SubmissionStatus.DRAFT)
            .values_list("municipality_id", flat=True)
            .distinct()
        )
        for municipality_id in sorted(set(drafts)):
            deadline = effective_close_at(call=call, municipality_id=municipality_id)
            window = reminder_window(deadline, now)
            if window is None:
                continue
            municipality = Municipality.objects.get(pk=municipality_id)
            context = {"call": call, "municipality": municipality, "deadline": deadline, "hours": window}
            subject = render_to_string("concurso/emails/reminder_subject.txt", context).strip()
            body = render_to_string("concurso/emails/reminder_body.txt", context)
            key = f"concurso:reminder:{window}:{call.pk}:{municipality_id}:{deadline.isoformat()}"
            if send_email_once(key=key, to=_applicant_emails(municipality_id), subject=subject, body=body):
                sent += 1
    return sent
