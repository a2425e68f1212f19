"""Writes for the competition: every state change of an entry goes through here and is audited."""

import os
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from concurso import case_format, selectors, signals, tasks
from concurso import rules as _rules  # noqa: F401  (registers the permissions)
from concurso.models import (
    Call,
    DeadlineExtension,
    Submission,
    SubmissionAttachment,
    SubmissionConflictCopy,
    SubmissionEvent,
    SubmissionStatus,
)
from concurso.validators import check_attachment
from core.models import Municipality, User
from core.numbers import format_date
from core.taskutils import enqueue

# The fields an applicant may write (the case format); anything else in a post (status, municipality,
# code…) is ignored.
DRAFT_FIELDS = case_format.names(many=False)
DRAFT_M2M_FIELDS = case_format.names(many=True)

WITHDRAWABLE = (SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED, SubmissionStatus.ADMISSIBLE)
ADMISSIBILITY_STATUSES = (
    SubmissionStatus.SUBMITTED,
    SubmissionStatus.ADMISSIBLE,
    SubmissionStatus.INADMISSIBLE,
)


@dataclass(frozen=True)
class DraftSaveResult:
    submission: Submission
    conflict: SubmissionConflictCopy | None = None


def local_datetime(value: datetime) -> str:
    """A moment as people in Chile read it, to the second."""
    return format_date(value, with_time=True, seconds=True)


def _log(
    *,
    call: Call,
    action: str,
    actor: User | None,
    submission: Submission | None = None,
    reason: str = "",
    data: dict | None = None,
    at: datetime | None = None,
) -> SubmissionEvent:
    return SubmissionEvent.objects.create(
        call=call,
        submission=submission,
        action=action,
        actor=actor,
        reason=reason,
        data=data or {},
        at=at or timezone.now(),
    )


def _require_member(user: User, submission: Submission) -> None:
    if not (
        user.is_authenticated and user.is_applicant and user.municipality_id == submission.municipality_id
    ):
        raise PermissionDenied(
            _("Solo las y los postulantes de la municipalidad pueden modificar esta postulación.")
        )


def _require_coordinator(user: User) -> None:
    if not (user.is_authenticated and user.is_coordinator):
        raise PermissionDenied(_("Solo la coordinación del concurso puede hacer esto."))


def _require_editable(submission: Submission, now: datetime) -> None:
    if submission.status != SubmissionStatus.DRAFT:
        raise ValidationError(_("La postulación ya no es un borrador: no se puede modificar."), code="frozen")
    close = selectors.effective_close_at(call=submission.call, municipality_id=submission.municipality_id)
    if now < submission.call.submissions_open_at:
        raise ValidationError(_("La convocatoria aún no abre."), code="not_open")
    if now >= close:
        raise ValidationError(
            _("El plazo de postulación cerró el %(close)s (hora de Chile continental).")
            % {"close": local_datetime(close)},
            code="closed",
        )


def _split(fields: dict) -> tuple[dict, dict]:
    plain = {name: fields[name] for name in DRAFT_FIELDS if name in fields}
    many = {name: fields[name] for name in DRAFT_M2M_FIELDS if name in fields}
    for name in ("title", "implementation_period", "contact_name", "contact_email", "contact_phone"):
        if isinstance(plain.get(name), str):
            plain[name] = plain[name].strip()
    for name, value in plain.items():
        if value is None and not Submission._meta.get_field(name).null:
            plain[name] = ""
    return plain, many


def _as_json(fields: dict) -> dict:
    """The text of a refused save, readable later: objects become their names."""
    data = {}
    for name, value in fields.items():
        if hasattr(value, "all") or isinstance(value, list | tuple | set):
            data[name] = [str(item) for item in (value.all() if hasattr(value, "all") else value)]
        elif value is None or isinstance(value, str | int | float | bool):
            data[name] = value
        else:
            data[name] = str(value)
    return data


@transaction.atomic
def create_submission(
    *, call: Call, user: User, fields: dict | None = None, now: datetime | None = None
) -> Submission:
    now = now or timezone.now()
    if not (user.is_authenticated and user.is_applicant):
        raise PermissionDenied(_("Solo las y los postulantes municipales pueden crear postulaciones."))
    if not selectors.submissions_open_for(call=call, municipality_id=user.municipality_id, now=now):
        raise ValidationError(_("La convocatoria no está recibiendo postulaciones."), code="closed")
    # Serialise concurrent creations of the same municipality so the limit holds (row lock on PostgreSQL).
    Municipality.objects.select_for_update().filter(pk=user.municipality_id).first()
    if (
        selectors.count_submissions(call=call, municipality_id=user.municipality_id)
        >= call.max_entries_per_municipality
    ):
        raise ValidationError(
            _(
                "Su municipalidad ya tiene %(max)s postulaciones en esta convocatoria, el máximo permitido. "
                "Puede retirar un borrador para crear otra."
            )
            % {"max": call.max_entries_per_municipality},
            code="limit",
        )
    plain, many = _split(fields or {})
    # The comuna comes from the applicant's municipality; the contact defaults to the applicant.
    for name, default in (
        ("contact_name", user.get_full_name()),
        ("contact_email", user.email),
        ("contact_phone", user.phone),
    ):
        if not plain.get(name):
            plain[name] = default
    submission = Submission.objects.create(
        call=call, municipality_id=user.municipality_id, created_by=user, **plain
    )
    for name, value in many.items():
        getattr(submission, name).set(value)
    _log(call=call, submission=submission, action=SubmissionEvent.Action.CREATED, actor=user, at=now)
    return submission


@transaction.atomic
def save_draft(
    *, submission: Submission, user: User, fields: dict, version: int, now: datetime | None = None
) -> DraftSaveResult:
    """Save a draft if nobody saved since `version`; otherwise keep the refused text as a conflict copy."""
    now = now or timezone.now()
    _require_member(user, submission)
    current = Submission.objects.select_related("call").get(pk=submission.pk)
    _require_editable(current, now)
    plain, many = _split(fields)
    updated = Submission.objects.filter(
        pk=submission.pk, version=version, status=SubmissionStatus.DRAFT
    ).update(version=F("version") + 1, updated_at=now, **plain)
    if not updated:
        current.refresh_from_db()
        copy = SubmissionConflictCopy.objects.create(
            submission=current,
            author=user,
            base_version=version,
            current_version=current.version,
            data=_as_json({**plain, **many}),
            created_at=now,
        )
        _log(
            call=current.call,
            submission=current,
            action=SubmissionEvent.Action.EDIT_CONFLICT,
            actor=user,
            at=now,
            data={"copy_id": copy.pk, "base_version": version, "current_version": current.version},
        )
        return DraftSaveResult(submission=current, conflict=copy)
    for name, value in many.items():
        getattr(current, name).set(value)
    current.refresh_from_db()
    return DraftSaveResult(submission=current)


@transaction.atomic
def resolve_conflict_copy(*, copy: SubmissionConflictCopy, user: User, now: datetime | None = None) -> None:
    _require_member(user, copy.submission)
    SubmissionConflictCopy.objects.filter(pk=copy.pk, resolved_at__isnull=True).update(
        resolved_at=now or timezone.now()
    )


@transaction.atomic
def resolve_all_conflict_copies(*, submission: Submission, user: User, now: datetime | None = None) -> int:
    """Mark every open conflict copy of the entry as reviewed. Returns how many were open."""
    _require_member(user, submission)
    return submission.conflict_copies.filter(resolved_at__isnull=True).update(
        resolved_at=now or timezone.now()
    )


@transaction.atomic
def submit_submission(*, submission: Submission, user: User, now: datetime | None = None) -> Submission:
    now = now or timezone.now()
    _require_member(user, submission)
    current = Submission.objects.select_for_update().select_related("call").get(pk=submission.pk)
    call = current.call
    if current.status != SubmissionStatus.DRAFT:
        raise ValidationError(_("Esta postulación ya fue enviada o retirada."), code="frozen")
    _require_editable(current, now)
    missing = selectors.missing_for_submission(current)
    if missing:
        raise ValidationError(missing)
    sent = Submission.objects.filter(
        call=call, municipality_id=current.municipality_id, status__in=ADMISSIBILITY_STATUSES
    )
    if sent.count() >= call.max_entries_per_municipality:
        raise ValidationError(
            _("Su municipalidad ya envió el máximo de %(max)s postulaciones.")
            % {"max": call.max_entries_per_municipality},
            code="limit",
        )
    current.status = SubmissionStatus.SUBMITTED
    current.submitted_at = now
    current.version += 1
    current.save(update_fields=["status", "submitted_at", "version", "updated_at"])
    _log(
        call=call,
        submission=current,
        action=SubmissionEvent.Action.SUBMITTED,
        actor=user,
        at=now,
        data={"version": current.version},
    )
    enqueue(tasks.send_submission_receipt, current.pk)
    return current


def can_withdraw(submission: Submission, now: datetime | None = None) -> bool:
    """Drafts and sent entries can be withdrawn until the evaluation starts."""
    return submission.status in WITHDRAWABLE and (now or timezone.now()) < submission.call.evaluation_open_at


@transaction.atomic
def withdraw_submission(
    *, submission: Submission, user: User, reason: str = "", now: datetime | None = None
) -> Submission:
    now = now or timezone.now()
    _require_member(user, submission)
    current = Submission.objects.select_for_update().select_related("call").get(pk=submission.pk)
    if current.status not in WITHDRAWABLE:
        raise ValidationError(_("Esta postulación no se puede retirar en su estado actual."), code="state")
    if now >= current.call.evaluation_open_at:
        raise ValidationError(
            _("La evaluación ya comenzó: la postulación ya no se puede retirar."), code="closed"
        )
    current.status = SubmissionStatus.WITHDRAWN
    current.withdrawn_at = now
    current.version += 1
    current.save(update_fields=["status", "withdrawn_at", "version", "updated_at"])
    _log(
        call=current.call,
        submission=current,
        action=SubmissionEvent.Action.WITHDRAWN,
        actor=user,
        at=now,
        reason=reason.strip(),
    )
    return current


@transaction.atomic
def set_admissibility(
    *, submission: Submission, user: User, admissible: bool, reason: str = "", now: datetime | None = None
) -> Submission:
    now = now or timezone.now()
    _require_coordinator(user)
    current = Submission.objects.select_for_update().select_related("call").get(pk=submission.pk)
    reason = reason.strip()
    if current.status not in ADMISSIBILITY_STATUSES:
        raise ValidationError(_("Solo se revisa la admisibilidad de postulaciones enviadas."), code="state")
    if now >= current.call.evaluation_open_at:
        raise ValidationError(
            _("La evaluación ya comenzó: la admisibilidad ya no se puede cambiar."), code="closed"
        )
    if not admissible and not reason:
        raise ValidationError(
            {"reason": _("Indique el motivo de la inadmisibilidad: la municipalidad lo verá.")}
        )
    current.status = SubmissionStatus.ADMISSIBLE if admissible else SubmissionStatus.INADMISSIBLE
    current.admissibility_reason = reason
    current.save(update_fields=["status", "admissibility_reason", "updated_at"])
    action = SubmissionEvent.Action.ADMISSIBLE if admissible else SubmissionEvent.Action.INADMISSIBLE
    event = _log(call=current.call, submission=current, action=action, actor=user, reason=reason, at=now)
    enqueue(tasks.send_admissibility_result, event.pk)
    if admissible:
        signals.submission_admitted.send(sender=Submission, submission=current)
    return current


@transaction.atomic
def extend_deadline(
    *,
    call: Call,
    user: User,
    new_close_at: datetime,
    reason: str,
    municipality: Municipality | None = None,
    now: datetime | None = None,
) -> DeadlineExtension:
    now = now or timezone.now()
    _require_coordinator(user)
    reason = reason.strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Indique el motivo de la prórroga.")
    if new_close_at <= call.submissions_close_at:
        errors["new_close_at"] = _("El nuevo cierre debe ser posterior al cierre original (%(close)s).") % {
            "close": local_datetime(call.submissions_close_at)
        }
    elif new_close_at >= call.admissibility_close_at:
        errors["new_close_at"] = _(
            "El nuevo cierre debe ser anterior al fin de la admisibilidad (%(close)s)."
        ) % {"close": local_datetime(call.admissibility_close_at)}
    elif new_close_at <= now:
        errors["new_close_at"] = _("El nuevo cierre debe estar en el futuro.")
    else:
        # The latest applicable deadline wins, so an earlier date would be recorded but never used.
        current = selectors.effective_close_at(
            call=call, municipality_id=municipality.pk if municipality else None
        )
        if current > call.submissions_close_at and new_close_at <= current:
            errors["new_close_at"] = _(
                "Ya hay una prórroga vigente hasta el %(close)s: el nuevo cierre debe ser posterior."
            ) % {"close": local_datetime(current)}
    if errors:
        raise ValidationError(errors)
    extension = DeadlineExtension.objects.create(
        call=call, municipality=municipality, new_close_at=new_close_at, reason=reason, created_by=user
    )
    _log(
        call=call,
        action=SubmissionEvent.Action.EXTENDED,
        actor=user,
        reason=reason,
        at=now,
        data={
            "extension_id": extension.pk,
            "municipality": str(municipality) if municipality else "",
            "new_close_at": new_close_at.isoformat(),
        },
    )
    return extension


@transaction.atomic
def add_attachment(
    *, submission: Submission, user: User, uploaded_file, label: str = "", now: datetime | None = None
) -> SubmissionAttachment:
    now = now or timezone.now()
    _require_member(user, submission)
    current = Submission.objects.select_for_update().select_related("call").get(pk=submission.pk)
    _require_editable(current, now)
    checked = check_attachment(uploaded_file)
    count, total = selectors.attachment_totals(current)
    if count >= settings.SUBMISSION_MAX_FILES:
        raise ValidationError(
            _("Ya adjuntó %(count)s archivos, el máximo por postulación.")
            % {"count": settings.SUBMISSION_MAX_FILES},
            code="too_many",
        )
    if total + checked.size > settings.SUBMISSION_MAX_TOTAL_BYTES:
        raise ValidationError(
            _("Con este archivo los adjuntos sumarían %(total)s; el máximo por postulación es %(max)s.")
            % {
                "total": filesizeformat(total + checked.size),
                "max": filesizeformat(settings.SUBMISSION_MAX_TOTAL_BYTES),
            },
            code="total_too_big",
        )
    original = (
        os.path.basename((uploaded_file.name or "").replace("\\", "/"))[:200]
        or f"adjunto.{checked.extension}"
    )
    attachment = SubmissionAttachment(
        submission=current,
        original_name=original,
        content_type=checked.content_type,
        size=checked.size,
        label=label.strip()[:200],
        uploaded_by=user,
    )
    uploaded_file.seek(0)
    attachment.file.save(original, uploaded_file, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def delete_attachment(*, attachment: SubmissionAttachment, user: User, now: datetime | None = None) -> None:
    now = now or timezone.now()
    submission = attachment.submission
    _require_member(user, submission)
    _require_editable(Submission.objects.select_related("call").get(pk=submission.pk), now)
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def mark_results_published(*, call: Call, user: User, now: datetime | None = None) -> Call:
    """Used by the evaluation app when it publishes the ranking; kept here because it writes a Call."""
    _require_coordinator(user)
    Call.objects.filter(pk=call.pk).update(results_published_at=now or timezone.now())
    call.refresh_from_db()
    return call
