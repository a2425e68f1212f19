"""Reads of blind copies: what identifies an entry, the redactor built from it, the fingerprint of
what evaluators would receive, staff's latest review, and the side-by-side review page."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Q
from django.utils.translation import gettext as _

from concurso import case_format
from concurso.models import Submission, SubmissionStatus
from core.models import Comuna, Province, Region, User
from evaluacion import gazetteer, redaction, sanitize
from evaluacion.models import (
    BlindCopyReview,
    IdentityTerm,
    IdentityTermKind,
    RedactedCopy,
    SanitisedAttachment,
)

# The entry fields evaluators read (all through the redacted copy).
REDACTED_TEXT_FIELDS = case_format.names(redacted=True)


@lru_cache(maxsize=1)
def territory_gazetteer() -> gazetteer.Gazetteer:
    """Every region, province and comuna of the territory table (reference data: loaded once)."""
    places = [
        gazetteer.Place("region", code, name) for code, name in Region.objects.values_list("code", "name")
    ]
    places += [
        gazetteer.Place("region", code, name)
        for code, name in Region.objects.values_list("code", "short_name")
        if name
    ]
    places += [
        gazetteer.Place("provincia", code, name)
        for code, name in Province.objects.values_list("code", "name")
    ]
    places += [
        gazetteer.Place("comuna", code, name) for code, name in Comuna.objects.values_list("code", "name")
    ]
    return gazetteer.Gazetteer(places)


@dataclass(frozen=True)
class Identity:
    names: tuple[str, ...]  # own places: municipality, comuna, province, region (all forms)
    people: tuple[str, ...]  # contact, team, the municipality's accounts, the mayor, person terms
    terms: tuple[str, ...]  # other words of the municipality (neighbourhoods, programmes)
    own_codes: frozenset[str]


def identity_of(submission: Submission) -> Identity:
    """Everything to mask in one entry besides the rules that apply to every entry."""
    municipality = submission.municipality
    comuna = municipality.comuna
    region = comuna.region
    names = [municipality.name, comuna.name, region.name, getattr(region, "short_name", "")]
    codes = {comuna.code, region.code}
    if comuna.province_id:
        names.append(comuna.province.name)
        codes.add(comuna.province.code)
    people = list(submission.people_names)
    if municipality.mayor_name.strip():
        people.append(municipality.mayor_name.strip())
    members = User.objects.filter(Q(municipality=municipality) | Q(pk=submission.created_by_id))
    for first, last in members.values_list("first_name", "last_name"):
        full = f"{first} {last}".strip()
        if full:
            people.append(full)
    terms = []
    for term, kind in IdentityTerm.objects.filter(municipality=municipality).values_list("term", "kind"):
        (people if kind == IdentityTermKind.PERSON else terms).append(term)
    return Identity(
        tuple(n for n in dict.fromkeys(names) if n),
        tuple(dict.fromkeys(people)),
        tuple(dict.fromkeys(terms)),
        frozenset(codes),
    )


def identity_terms(submission: Submission) -> tuple[list[str], list[str]]:
    """(place names, people) to mask in an entry (see :func:`identity_of`)."""
    identity = identity_of(submission)
    return list(identity.names), list(identity.people)


def redactor_for(submission: Submission) -> redaction.Redactor:
    identity = identity_of(submission)
    return redaction.get_redactor(
        names=identity.names,
        people=identity.people,
        terms=identity.terms,
        gazetteer=territory_gazetteer(),
        own_codes=identity.own_codes,
    )


def remaining_identities(submission: Submission, fields: dict[str, str]) -> list[str]:
    """Identity terms still present in edited text (a safety net for staff edits)."""
    redactor = redactor_for(submission)
    found = []
    for name, value in fields.items():
        for start, end in redactor.spans(value or "", collapse=False):
            found.append(f"{name}: {value[start:end]}")
    return found


def blind_digest(submission: Submission) -> str:
    """Fingerprint of what evaluators would receive: the copy's texts and every rewritten attachment."""
    copy = RedactedCopy.objects.filter(submission=submission).first()
    attachments = SanitisedAttachment.objects.filter(attachment__submission=submission).order_by("number")
    payload = {
        "fields": copy.fields if copy else None,
        "attachments": [[a.number, a.available, a.digest] for a in attachments],
        "expected": submission.attachments.count(),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def latest_blind_review(submission: Submission) -> BlindCopyReview | None:
    return (
        BlindCopyReview.objects.filter(submission=submission)
        .select_related("reviewer")
        .order_by("-at", "-pk")
        .first()
    )


def blind_review_is_current(submission: Submission) -> bool:
    review = latest_blind_review(submission)
    return review is not None and review.digest == blind_digest(submission)


def unreviewed_codes(submissions) -> list[str]:
    return sorted({s.code for s in submissions if not blind_review_is_current(s)})


MAX_FLAGS = 300


@dataclass
class ReviewBlock:
    where: str
    original: list  # [(text, masked)]
    blind: list  # [(text, flagged)]


@dataclass
class ReviewAttachment:
    number: int
    original_name: str
    content_type: str
    attachment_id: int
    available: bool
    note: str = ""
    pages: list = field(default_factory=list)  # [ReviewBlock]


def blind_review(submission: Submission, *, labels: dict[str, str]) -> dict:
    """Everything staff compare before releasing an entry: each text field and each attachment
    page, original (what will be masked highlighted) next to the blind copy (suspicious kept
    spans highlighted), and the distinct suspicious spans to decide on."""
    # Only called once the copy exists (pages never create it); attachments not yet rewritten show as such.
    copy = RedactedCopy.objects.get(submission=submission)
    sanitised = {r.number: r for r in SanitisedAttachment.objects.filter(attachment__submission=submission)}
    redactor = redactor_for(submission)
    flags: dict[str, list[str]] = {}

    def block(where: str, original: str, blind: str) -> ReviewBlock:
        masked, _suspicious = redactor.review(original)
        _masked, suspicious = redactor.review(blind)
        for start, end in suspicious:
            text = " ".join(blind[start:end].split())
            if text and (text in flags or len(flags) < MAX_FLAGS):
                places = flags.setdefault(text, [])
                if where not in places:
                    places.append(where)
        return ReviewBlock(where, redaction.segments(original, masked), redaction.segments(blind, suspicious))

    fields = [
        block(labels.get(name, name), getattr(submission, name) or "", copy.fields.get(name, "") or "")
        for name in REDACTED_TEXT_FIELDS
    ]
    attachments = []
    for number, attachment in enumerate(submission.attachments.order_by("uploaded_at", "pk"), start=1):
        record = sanitised.get(number)
        item = ReviewAttachment(
            number=number,
            original_name=attachment.original_name,
            content_type=attachment.content_type,
            attachment_id=attachment.pk,
            available=bool(record and record.available),
        )
        if attachment.content_type in sanitize.PDF_TYPES and item.available:
            try:
                with attachment.file.open("rb") as handle:
                    pages = sanitize.extract_pdf_text(handle.read())
            except Exception:  # noqa: BLE001 - an unreadable original is reported, not a 500
                pages = []
                item.note = _("No se pudo leer el texto del original.")
            for page_number, text in enumerate(pages, start=1):
                where = _("Anexo %(n)s, página %(p)s") % {"n": number, "p": page_number}
                item.pages.append(block(where, text, redactor.redact(text)))
        elif attachment.content_type in sanitize.IMAGE_TYPES and item.available:
            item.note = _(
                "Imagen: se entrega re-codificada, sin metadatos. El texto dibujado en ella no se oculta; ábrala y revísela."
            )
        else:
            item.note = _("Este formato no se entrega a los evaluadores.")
        attachments.append(item)
    review = latest_blind_review(submission)
    return {
        "copy": copy,
        "fields": fields,
        "attachments": attachments,
        "flags": sorted(flags.items(), key=lambda item: item[0].lower()),
        "review": review,
        "review_current": review is not None and review.digest == blind_digest(submission),
    }


def redacted_copy(submission: Submission) -> RedactedCopy | None:
    """The stored blind copy, or None while it is not ready (pages never create it)."""
    return RedactedCopy.objects.filter(submission=submission).first()


def sanitised_attachments(submission: Submission) -> list[SanitisedAttachment]:
    """The rewritten attachments prepared so far, by number."""
    return list(SanitisedAttachment.objects.filter(attachment__submission=submission).order_by("number"))


def attachments_pending(submission: Submission, prepared: list[SanitisedAttachment]) -> bool:
    """True while some attachment of the entry has not been rewritten yet (a background task does it)."""
    return len(prepared) < submission.attachments.count()


def copies_overview(call) -> list[Submission]:
    """Admissible entries with their blind copy and staff's latest review (current or not)."""
    submissions = list(
        Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE)
        .select_related("redacted_copy", "municipality")
        .order_by("code")
    )
    for submission in submissions:
        submission.blind_review = latest_blind_review(submission)
        submission.blind_review_current = blind_review_is_current(submission)
    return submissions


def reserved_terms(municipality):
    """The reserved terms of a municipality (hidden in every blind copy), with who added them."""
    return IdentityTerm.objects.filter(municipality=municipality).select_related("added_by")
