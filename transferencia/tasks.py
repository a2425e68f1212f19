"""E-mails of replications. Tasks take ids; the message is rendered from the current state."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from core.models import Role, User
from core.taskutils import portal_task, send_email_once
from transferencia.models import Replication


def _municipal_emails(municipality_id: int) -> list[str]:
    return list(
        User.objects.filter(
            municipality_id=municipality_id,
            is_active=True,
            groups__name__in=[Role.APPLICANT, Role.QUALITY_TEAM],
        )
        .values_list("email", flat=True)
        .distinct()
        .order_by("email")
    )


def _context(replication):
    return {
        "replication": replication,
        "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        + reverse("transferencia:detail", args=[replication.pk]),
    }


@portal_task(name="transferencia.tasks.notify_request", ignore_result=True)
def notify_request(replication_id: int) -> bool:
    """Tell the origin municipality that another one wants to replicate its practice."""
    replication = Replication.objects.select_related("requester_municipality", "origin_municipality").get(
        pk=replication_id
    )
    context = _context(replication)
    return send_email_once(
        key=f"replication-request:{replication.pk}",
        to=_municipal_emails(replication.origin_municipality_id),
        subject=render_to_string("transferencia/emails/request_subject.txt", context).strip(),
        body=render_to_string("transferencia/emails/request_body.txt", context),
    )


@portal_task(name="transferencia.tasks.notify_answer", ignore_result=True)
def notify_answer(replication_id: int) -> bool:
    """Tell the requesting municipality whether the origin accepted (with the contact) or declined."""
    replication = Replication.objects.select_related("requester_municipality", "origin_municipality").get(
        pk=replication_id
    )
    context = _context(replication)
    recipients = _municipal_emails(replication.requester_municipality_id)
    if replication.requested_by.email not in recipients:
        recipients.append(replication.requested_by.email)
    return send_email_once(
        key=f"replication-answer:{replication.pk}",
        to=recipients,
        subject=render_to_string("transferencia/emails/answer_subject.txt", context).strip(),
        body=render_to_string("transferencia/emails/answer_body.txt", context),
    )
