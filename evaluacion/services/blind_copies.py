"""Writes of blind copies: the redacted texts evaluators read, the sanitised attachments, the
identity terms masked in them and staff's review of each copy before release."""

from __future__ import annotations

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concurso.models import Call, Submission, SubmissionAttachment, SubmissionStatus
from core.models import User
from evaluacion import redaction, sanitize
from evaluacion.models import (
    BlindCopyReview,
    IdentityTerm,
    IdentityTermKind,
    RedactedCopy,
    SanitisedAttachment,
)
from evaluacion.selectors.blind import REDACTED_TEXT_FIELDS, blind_digest, redactor_for, remaining_identities

logger = logging.getLogger(__name__)


def build_redacted_fields(submission: Submission) -> dict[str, str]:
    redactor = redactor_for(submission)
    fields = {name: redactor.redact(getattr(submission, name) or "") for name in REDACTED_TEXT_FIELDS}
    fields["budget_clp"] = f"{submission.budget_clp:,}".replace(",", ".") if submission.budget_clp else ""
    fields["implementation_months"] = str(submission.implementation_months or "")
    fields["year_start"] = str(submission.year_start or "")
    return fields


@transaction.atomic
def ensure_redacted_copy(*, submission: Submission) -> RedactedCopy:
    copy = RedactedCopy.objects.filter(submission=submission).first()
    if copy is None:
        copy = RedactedCopy.objects.create(submission=submission, fields=build_redacted_fields(submission))
    return copy


@transaction.atomic
def regenerate_redacted_copy(*, submission: Submission) -> RedactedCopy:
    copy, _created = RedactedCopy.objects.update_or_create(
        submission=submission,
        defaults={
            "fields": build_redacted_fields(submission),
            "generated_at": timezone.now(),
            "edited_by": None,
            "edited_at": None,
        },
    )
    reset_sanitised_attachments(submission=submission)
    return copy


@transaction.atomic
def generate_redacted_copies(*, call: Call) -> int:
    count = 0
    for submission in Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE).select_related(
        "municipality__comuna__region", "created_by"
    ):
        ensure_redacted_copy(submission=submission)
        count += 1
    return count


@transaction.atomic
def edit_redacted_copy(*, copy: RedactedCopy, fields: dict[str, str], actor: User) -> RedactedCopy:
    leftovers = remaining_identities(copy.submission, fields)
    if leftovers:
        raise ValidationError(
            _("El texto aún contiene datos que identifican a la municipalidad o a personas: %(items)s")
            % {"items": "; ".join(leftovers[:10])}
        )
    copy.fields = {**copy.fields, **fields}
    copy.edited_by = actor
    copy.edited_at = timezone.now()
    copy.save(update_fields=["fields", "edited_by", "edited_at"])
    return copy


def sanitise_attachment(*, attachment: SubmissionAttachment, number: int) -> SanitisedAttachment:
    """Rewrites one attachment (see evaluacion.sanitize); idempotent."""
    existing = SanitisedAttachment.objects.filter(attachment=attachment).first()
    if existing is not None:
        return existing
    submission = attachment.submission
    name = sanitize.neutral_name(submission.code, number, attachment.content_type)
    record = SanitisedAttachment(attachment=attachment, number=number, neutral_name=name)
    try:
        with attachment.file.open("rb") as handle:
            data = handle.read()
        redactor = redactor_for(submission)
        clean, content_type = sanitize.sanitise(
            data,
            attachment.content_type,
            heading=_("%(code)s · anexo %(number)s · página") % {"code": submission.code, "number": number},
            redact=redactor.redact,
            empty_notice=_("Esta página no tiene texto legible (por ejemplo, una imagen escaneada)."),
        )
    except sanitize.UnsupportedFormat:
        record.available = False
        record.save()
        return record
    except Exception:  # a corrupt file must not break the evaluator's page
        logger.exception("No se pudo anonimizar el adjunto %s", attachment.pk)
        record.available = False
        record.save()
        return record
    record.neutral_name = sanitize.neutral_name(submission.code, number, content_type)
    record.content_type = content_type
    record.available = True
    record.digest = hashlib.sha256(clean).hexdigest()
    record.file.save(record.neutral_name, ContentFile(clean), save=False)
    record.save()
    return record


def prepare_attachments(*, submission: Submission) -> list[SanitisedAttachment]:
    return [
        sanitise_attachment(attachment=attachment, number=number)
        for number, attachment in enumerate(submission.attachments.order_by("uploaded_at", "pk"), start=1)
    ]


def reset_sanitised_attachments(*, submission: Submission) -> None:
    """Forget the rewritten attachments (they are rebuilt, with the current terms, when next needed)."""
    for record in SanitisedAttachment.objects.filter(attachment__submission=submission):
        if record.file:
            record.file.delete(save=False)
        record.delete()


@transaction.atomic
def refresh_blind_copy(*, submission: Submission) -> RedactedCopy | None:
    """Applies the current identity terms to an existing copy without losing staff edits: the
    stored (already redacted) texts go through the redactor again; attachments are rebuilt."""
    copy = RedactedCopy.objects.select_for_update().filter(submission=submission).first()
    if copy is None:
        return None
    if copy.edited_at is None:
        fields = build_redacted_fields(submission)  # nothing to keep: start again from the entry
    else:
        redactor = redactor_for(submission)
        fields = {
            name: redactor.redact(value) if name in REDACTED_TEXT_FIELDS and isinstance(value, str) else value
            for name, value in copy.fields.items()
        }
    if fields != copy.fields:
        copy.fields = fields
        copy.save(update_fields=["fields"])
    reset_sanitised_attachments(submission=submission)
    return copy


def _open_submissions(municipality):
    return Submission.objects.filter(
        municipality=municipality, status=SubmissionStatus.ADMISSIBLE, call__results_published_at__isnull=True
    )


@transaction.atomic
def add_identity_term(*, municipality, term: str, kind: str, actor: User) -> IdentityTerm:
    """A word to mask in every blind copy of the municipality's entries (staff or the applicant)."""
    term = " ".join((term or "").split())
    if len(redaction.fold(term).replace(" ", "")) < 3:
        raise ValidationError(_("Escriba el término que se debe ocultar (al menos tres letras)."))
    if kind not in IdentityTermKind.values:
        raise ValidationError(_("Tipo de término no válido."))
    existing = IdentityTerm.objects.filter(municipality=municipality, term__iexact=term).first()
    if existing is not None:
        return existing
    created = IdentityTerm.objects.create(municipality=municipality, term=term, kind=kind, added_by=actor)
    for submission in _open_submissions(municipality):
        refresh_blind_copy(submission=submission)
    logger.info(
        "Término reservado %s agregado a la municipalidad %s por %s", created.pk, municipality.pk, actor.pk
    )
    return created


@transaction.atomic
def set_mayor_name(*, municipality, name: str, actor: User):
    """The mayor is masked by default in every blind copy of the municipality's entries."""
    name = " ".join((name or "").split())
    if name != municipality.mayor_name:
        municipality.mayor_name = name
        municipality.save(update_fields=["mayor_name"])
        for submission in _open_submissions(municipality):
            refresh_blind_copy(submission=submission)
        logger.info("Autoridad de la municipalidad %s actualizada por %s", municipality.pk, actor.pk)
    return municipality


@transaction.atomic
def remove_identity_term(*, term: IdentityTerm, actor: User) -> None:
    """Staff only. Copies already generated keep the mask until they are regenerated."""
    logger.info("Término reservado %s (%s) quitado por %s", term.pk, term.municipality_id, actor.pk)
    term.delete()


@transaction.atomic
def record_blind_review(
    *, submission: Submission, actor: User, masked: list[str] = (), kept: list[dict] = ()
) -> BlindCopyReview:
    """Staff confirm they read the blind copy and its attachments. ``masked``: kept spans that must
    be hidden after all (they become identity terms of the municipality and the copy is refreshed);
    ``kept``: the flagged spans the reviewer decided to keep."""
    masked = [" ".join(m.split()) for m in masked if m and m.strip()]
    for term in masked:
        add_identity_term(
            municipality=submission.municipality, term=term, kind=IdentityTermKind.OTHER, actor=actor
        )
    ensure_redacted_copy(submission=submission)
    prepare_attachments(submission=submission)
    review = BlindCopyReview.objects.create(
        submission=submission, reviewer=actor, digest=blind_digest(submission), masked=masked, kept=list(kept)
    )
    logger.info("Copia anonimizada de %s revisada por %s", submission.code, actor.pk)
    return review


@transaction.atomic
def prepare_blind_copy(*, submission: Submission) -> RedactedCopy:
    """The stored blind copy and the rewritten attachments of one entry (idempotent): run when the
    entry becomes admissible and when staff ask for it, never while someone reads a page."""
    copy = ensure_redacted_copy(submission=submission)
    prepare_attachments(submission=submission)
    return copy
