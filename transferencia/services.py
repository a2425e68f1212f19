"""Writes of replications: keyword-only, atomic; e-mails are queued after commit."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Municipality
from core.taskutils import enqueue
from transferencia import selectors
from transferencia.models import Replication, ReplicationStage, ReplicationStatus, StageKind
from transferencia.practices import PracticeRef

CLOSING_STAGES = {
    StageKind.IMPLEMENTED: ReplicationStatus.COMPLETED,
    StageKind.DISCARDED: ReplicationStatus.DISCARDED,
}


@transaction.atomic
def request_replication(*, practice: PracticeRef, user, motivation: str) -> Replication:
    if not user.municipality_id:
        raise ValidationError(_("Solo una persona de una municipalidad puede pedir replicar una práctica."))
    if user.municipality_id == practice.municipality_id:
        raise ValidationError(_("La práctica es de su propia municipalidad: no hace falta pedir replicarla."))
    if not motivation.strip():
        raise ValidationError({"motivation": _("Cuente brevemente por qué quieren replicarla.")})
    existing = selectors.open_request_for(
        practice_page_id=practice.page_id, municipality_id=user.municipality_id
    )
    if existing is not None:
        raise ValidationError(
            _("Su municipalidad ya tiene una solicitud para esta práctica (estado: %(status)s).")
            % {"status": existing.get_status_display()}
        )
    try:
        with transaction.atomic():
            replication = Replication.objects.create(
                practice_page_id=practice.page_id,
                practice_title=practice.title[:255],
                origin_municipality=Municipality.objects.get(pk=practice.municipality_id),
                requester_municipality_id=user.municipality_id,
                requested_by=user,
                motivation=motivation.strip(),
            )
    except IntegrityError as exc:  # a concurrent request from the same municipality
        raise ValidationError(_("Su municipalidad ya tiene una solicitud para esta práctica.")) from exc
    enqueue("transferencia.tasks.notify_request", replication.pk)
    return replication


def _locked(replication_id: int) -> Replication:
    return Replication.objects.select_for_update().get(pk=replication_id)


@transaction.atomic
def accept_replication(
    *, replication: Replication, user, contact_name: str, contact_email: str, contact_phone: str = ""
) -> Replication:
    replication = _locked(replication.pk)
    if replication.status != ReplicationStatus.REQUESTED:
        raise ValidationError(_("Esta solicitud ya fue respondida."))
    if not contact_name.strip() or not contact_email.strip():
        raise ValidationError(_("Indique el nombre y el correo de la persona de contacto."))
    replication.status = ReplicationStatus.IN_PROGRESS
    replication.answered_by = user
    replication.answered_at = timezone.now()
    replication.contact_name = contact_name.strip()
    replication.contact_email = contact_email.strip()
    replication.contact_phone = contact_phone.strip()
    replication.save()
    enqueue("transferencia.tasks.notify_answer", replication.pk)
    return replication


@transaction.atomic
def decline_replication(*, replication: Replication, user, reason: str) -> Replication:
    replication = _locked(replication.pk)
    if replication.status != ReplicationStatus.REQUESTED:
        raise ValidationError(_("Esta solicitud ya fue respondida."))
    if not reason.strip():
        raise ValidationError({"decline_reason": _("Indique el motivo: ayuda a la otra municipalidad.")})
    replication.status = ReplicationStatus.DECLINED
    replication.answered_by = user
    replication.answered_at = timezone.now()
    replication.decline_reason = reason.strip()
    replication.save()
    enqueue("transferencia.tasks.notify_answer", replication.pk)
    return replication


@transaction.atomic
def record_stage(
    *, replication: Replication, user, kind: str, date: datetime.date, notes: str = ""
) -> ReplicationStage:
    replication = _locked(replication.pk)
    if replication.status != ReplicationStatus.IN_PROGRESS:
        raise ValidationError(_("Solo se registran etapas de una replicación en curso."))
    if date > timezone.localdate():
        raise ValidationError({"date": _("La fecha no puede ser futura.")})
    stage = ReplicationStage.objects.create(
        replication=replication, kind=kind, date=date, notes=notes.strip(), recorded_by=user
    )
    if kind in CLOSING_STAGES:
        replication.status = CLOSING_STAGES[kind]
        if kind == StageKind.IMPLEMENTED:
            replication.completed_on = date
        replication.save()
    return stage


@transaction.atomic
def set_consent(*, replication: Replication, user, consent: bool) -> Replication:
    """Each side authorises (or withdraws) publishing the completed replication."""
    replication = _locked(replication.pk)
    if replication.status != ReplicationStatus.COMPLETED:
        raise ValidationError(_("Solo se publica una replicación implementada."))
    if user.municipality_id == replication.requester_municipality_id:
        replication.requester_consents = consent
    elif user.municipality_id == replication.origin_municipality_id:
        replication.origin_consents = consent
    else:
        raise ValidationError(_("Solo las municipalidades participantes autorizan la publicación."))
    replication.save()
    return replication
