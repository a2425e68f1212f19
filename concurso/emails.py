"""E-mails of the competition. Each is sent at most once per (kind, object): see SentEmail."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

from concurso.models import SentEmail, Submission, SubmissionEvent, SubmissionStatus
from concurso.selectors import entry_sections
from portal.models import User

RECEIPT = "receipt"
ADMISSIBILITY = "admissibility"


def _recipients(submission: Submission, *extra: str) -> list[str]:
    """The municipality's applicants plus the entry's contact, each address once."""
    seen: list[str] = []
    applicants = User.objects.filter(municipality_id=submission.municipality_id, is_active=True, groups__name="postulantes")
    for address in [*extra, submission.contact_email, *applicants.values_list("email", flat=True)]:
        address = (address or "").strip()
        if address and address.lower() not in {s.lower() for s in seen}:
            seen.append(address)
    return seen


def _send_once(*, kind: str, object_id: int, subject: str, body: str, to: list[str]) -> bool:
    """Record then send inside one transaction: if sending fails the record rolls back and a retry sends."""
    if not to:
        return False
    with transaction.atomic():
        _record, created = SentEmail.objects.get_or_create(
            kind=kind, object_id=object_id, defaults={"recipients": ", ".join(to), "subject": subject[:255]}
        )
        if not created:
            return False
        EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to).send()
    return True


def send_submission_receipt(submission_id: int) -> bool:
    submission = Submission.objects.select_related("call", "category", "municipality__comuna__region", "created_by").get(
        pk=submission_id
    )
    if submission.status == SubmissionStatus.DRAFT or submission.submitted_at is None:
        return False
    context = {"submission": submission, "sections": entry_sections(submission)}
    subject = render_to_string("concurso/emails/receipt_subject.txt", context).strip()
    body = render_to_string("concurso/emails/receipt_body.txt", context)
    to = _recipients(submission, submission.created_by.email)
    return _send_once(kind=RECEIPT, object_id=submission.pk, subject=subject, body=body, to=to)


def send_admissibility_result(event_id: int) -> bool:
    event = SubmissionEvent.objects.select_related("submission__call", "submission__municipality").get(pk=event_id)
    submission = event.submission
    context = {"submission": submission, "event": event, "admissible": event.action == SubmissionEvent.Action.ADMISSIBLE}
    subject = render_to_string("concurso/emails/admissibility_subject.txt", context).strip()
    body = render_to_string("concurso/emails/admissibility_body.txt", context)
    return _send_once(kind=ADMISSIBILITY, object_id=event.pk, subject=subject, body=body, to=_recipients(submission))
