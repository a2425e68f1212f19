"""E-mails of the improvement road (Celery; tasks take ids; each e-mail is sent once per key).

``send_improvement_reminders`` runs from Celery beat (daily is enough, hourly is harmless): for every
pending line of action and immediate action of a plan in execution, one e-mail 7 days before its
due date and one the day after it passed, to the committee members with a portal user."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from calidad.models import ActionLine, ImmediateAction, ItemStatus, PlanStatus, SelfAssessment
from core.models import Role, User
from core.taskutils import enqueue, portal_task, send_email_once

BEFORE_DAYS = 7


def _site(path: str) -> str:
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/") + path


def _committee_emails(committee) -> list[str]:
    return sorted(
        {m.user.email for m in committee.members.select_related("user") if m.user_id and m.user.is_active}
    )


@portal_task(name="calidad.tasks.send_improvement_reminders")
def send_improvement_reminders(today: str | None = None) -> int:
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    sent = 0
    soon = day + datetime.timedelta(days=BEFORE_DAYS)
    items = [
        (line, line.end_date, "linea", line.title)
        for line in ActionLine.objects.filter(plan__status=PlanStatus.APPROVED)
        .exclude(status=ItemStatus.DONE)
        .filter(Q(end_date__lte=soon))
        .select_related("plan__committee__municipality")
    ] + [
        (action, action.due_date, "accion", action.action)
        for action in ImmediateAction.objects.filter(plan__status=PlanStatus.APPROVED)
        .exclude(status=ItemStatus.DONE)
        .filter(due_date__lte=soon)
        .select_related("plan__committee__municipality")
    ]
    for item, due, kind, title in items:
        committee = item.plan.committee
        url = _site(reverse("calidad:improvement_followup", args=[committee.pk]))
        if due >= day:
            key, subject = f"mejora-antes:{kind}:{item.pk}:{due}", f"Vence pronto: {title}"
            body = f"«{title}» del plan de mejoras de {committee.municipality} vence el {due:%d-%m-%Y}.\nRegistre su avance en {url}"
        else:
            key, subject = f"mejora-vencida:{kind}:{item.pk}:{due}", f"Plazo vencido: {title}"
            body = f"«{title}» del plan de mejoras de {committee.municipality} venció el {due:%d-%m-%Y} sin terminarse.\nActualice su avance en {url}"
        sent += send_email_once(key=key, to=_committee_emails(committee), subject=subject[:200], body=body)
    return sent


@portal_task(name="calidad.tasks.notify_self_assessment_submitted")
def notify_self_assessment_submitted(self_assessment_id: int) -> bool:
    sa = SelfAssessment.objects.select_related("committee__municipality").get(pk=self_assessment_id)
    staff = list(
        User.objects.filter(groups__name=Role.COORDINATOR, is_active=True).values_list("email", flat=True)
    )
    url = _site(reverse("calidad:improvement_committee", args=[sa.committee_id]))
    return send_email_once(
        key=f"autoevaluacion-enviada:{sa.pk}:{sa.submitted_at:%Y%m%d%H%M%S}",
        to=staff,
        subject=f"Autoevaluación enviada: {sa.committee.municipality}",
        body=f"{sa.committee.municipality} envió su autoevaluación. Asigne un validador en {url}",
    )


@portal_task(name="calidad.tasks.notify_validator_assigned")
def notify_validator_assigned(self_assessment_id: int) -> bool:
    sa = SelfAssessment.objects.select_related("committee__municipality", "validator").get(
        pk=self_assessment_id
    )
    url = _site(reverse("calidad:improvement_committee", args=[sa.committee_id]))
    return send_email_once(
        key=f"validador-asignado:{sa.pk}:{sa.validator_id}",
        to=[sa.validator.email],
        subject=f"Validación asignada: {sa.committee.municipality}",
        body=f"Se le asignó la validación de la autoevaluación de {sa.committee.municipality}: {url}",
    )


def notify_staff_submission_later(self_assessment_id: int) -> None:
    enqueue(notify_self_assessment_submitted, self_assessment_id)


def notify_validator_later(self_assessment_id: int) -> None:
    enqueue(notify_validator_assigned, self_assessment_id)
