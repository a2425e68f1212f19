"""Reads for the competition: calls, entries, deadlines, audit log. No writes here."""

from datetime import datetime

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from concurso import case_format, results
from concurso.filters import SubmissionFilter
from concurso.models import (
    Call,
    DeadlineExtension,
    Submission,
    SubmissionConflictCopy,
    SubmissionEvent,
    SubmissionStatus,
)
from core.numbers import format_amount

# Fields an entry must have before it can be sent (the case format); the form shows them as required.
REQUIRED_FOR_SUBMISSION = case_format.names(required=True)

COUNTED_STATUSES = (
    SubmissionStatus.DRAFT,
    SubmissionStatus.SUBMITTED,
    SubmissionStatus.ADMISSIBLE,
    SubmissionStatus.INADMISSIBLE,
)


def with_close_at(queryset: QuerySet[Call], *, municipality_id: int | None = None) -> QuerySet[Call]:
    """Annotate `close_at`: the submission deadline after extensions (global ones, plus the municipality's)."""
    applies = Q(extensions__municipality__isnull=True)
    if municipality_id:
        applies |= Q(extensions__municipality_id=municipality_id)
    return queryset.annotate(extended_close_at=Max("extensions__new_close_at", filter=applies)).annotate(
        close_at=Greatest("submissions_close_at", Coalesce("extended_close_at", "submissions_close_at"))
    )


def open_calls(*, now=None, municipality_id: int | None = None) -> QuerySet[Call]:
    """Calls receiving entries now; an extended deadline keeps a call open (for everyone or one municipality)."""
    now = now or timezone.now()
    return (
        with_close_at(Call.objects.all(), municipality_id=municipality_id)
        .filter(submissions_open_at__lte=now, close_at__gt=now)
        .order_by("close_at")
    )


def public_calls(*, now=None) -> dict[str, list[Call]]:
    """Calls grouped for the public list: open (deadline after global extensions), upcoming, past."""
    now = now or timezone.now()
    calls = list(with_close_at(Call.objects.prefetch_related("categories")).order_by("-submissions_open_at"))
    groups = {"open": [], "upcoming": [], "past": []}
    for call in calls:
        if call.submissions_open_at > now:
            groups["upcoming"].append(call)
        elif call.close_at > now:
            groups["open"].append(call)
        else:
            groups["past"].append(call)
    groups["open"].sort(key=lambda c: c.close_at)
    groups["upcoming"].sort(key=lambda c: c.submissions_open_at)
    return groups


def extendable_calls(*, now=None) -> QuerySet[Call]:
    """Calls whose submission deadline can still be extended (an extension must end before admissibility does)."""
    return Call.objects.filter(admissibility_close_at__gt=now or timezone.now()).order_by(
        "submissions_close_at"
    )


def call_by_slug(slug: str) -> Call:
    return Call.objects.select_related("rules_document").prefetch_related("categories").get(slug=slug)


def effective_close_at(*, call: Call, municipality_id: int | None) -> datetime:
    """The submission deadline for one municipality: the call's, or the latest extension that applies."""
    extension = (
        DeadlineExtension.objects.filter(call=call)
        .filter(Q(municipality__isnull=True) | Q(municipality_id=municipality_id))
        .aggregate(latest=Max("new_close_at"))["latest"]
    )
    if extension and extension > call.submissions_close_at:
        return extension
    return call.submissions_close_at


def submissions_open_for(*, call: Call, municipality_id: int | None, now=None) -> bool:
    now = now or timezone.now()
    return call.submissions_open_at <= now < effective_close_at(call=call, municipality_id=municipality_id)


def count_submissions(*, call: Call, municipality_id: int, exclude_pk: int | None = None) -> int:
    qs = Submission.objects.filter(call=call, municipality_id=municipality_id, status__in=COUNTED_STATUSES)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.count()


def missing_for_submission(submission: Submission) -> dict[str, str]:
    """Field name -> Spanish message for everything that stops the entry from being sent."""
    missing: dict[str, str] = {}
    for name in REQUIRED_FOR_SUBMISSION:
        value = getattr(submission, f"{name}_id" if name == "category" else name)
        if value in (None, ""):
            missing[name] = _("Este campo es obligatorio para enviar la postulación.")
    call = submission.call
    if (
        call.min_implementation_months
        and submission.implementation_months is not None
        and submission.implementation_months < call.min_implementation_months
    ):
        missing["implementation_months"] = _(
            "Las bases piden al menos %(months)s meses de implementación."
        ) % {"months": call.min_implementation_months}
    if submission.category_id and not call.categories.filter(pk=submission.category_id).exists():
        missing["category"] = _("La categoría no pertenece a esta convocatoria.")
    labels = {label.strip().casefold() for label in submission.attachments.values_list("label", flat=True)}
    absent = [label for label in required_attachment_labels(call) if label.casefold() not in labels]
    if absent:
        missing["attachments"] = _("Faltan adjuntos obligatorios: %(labels)s.") % {
            "labels": ", ".join(absent)
        }
    return missing


def required_attachment_labels(call: Call) -> list[str]:
    return [line.strip() for line in call.required_attachments.splitlines() if line.strip()]


def attachment_totals(submission: Submission) -> tuple[int, int]:
    totals = submission.attachments.aggregate(count=Count("pk"), size=Coalesce(Sum("size"), 0))
    return totals["count"], totals["size"]


def municipality_submissions(*, municipality_id: int) -> QuerySet[Submission]:
    """The applicant dashboard: every entry of one municipality, in every call (constant queries)."""
    return (
        Submission.objects.filter(municipality_id=municipality_id)
        .select_related("call", "category", "created_by")
        .annotate(attachment_count=Count("attachments", distinct=True))
        .order_by("-call__submissions_open_at", "-created_at")
    )


def applicant_submission(*, user, code: str) -> Submission:
    """An entry only its own municipality may open; anything else is Submission.DoesNotExist."""
    return (
        Submission.objects.select_related("call", "category", "municipality__comuna__region", "created_by")
        .prefetch_related("attachments", "themes", "ods")
        .get(code=code, municipality_id=user.municipality_id)
    )


def staff_submissions() -> QuerySet[Submission]:
    return (
        Submission.objects.select_related("call", "category", "municipality__comuna__region")
        .annotate(attachment_count=Count("attachments", distinct=True))
        .order_by("-call__submissions_open_at", "code")
    )


def filtered_submissions(data):
    """The staff list narrowed by its filters: ``(filter, queryset)``; invalid filters match nothing.

    ``data`` is a QueryDict or dict of filter values (the list's GET, or an export job's saved query).
    """
    submission_filter = SubmissionFilter(data or None, queryset=staff_submissions())
    if not submission_filter.is_bound:
        return submission_filter, staff_submissions()
    if not submission_filter.is_valid():
        return submission_filter, staff_submissions().none()
    return submission_filter, submission_filter.qs


def staff_submission(*, code: str) -> Submission:
    return (
        Submission.objects.select_related("call", "category", "municipality__comuna__region", "created_by")
        .prefetch_related("attachments", "themes", "ods")
        .get(code=code)
    )


def submission_events(submission: Submission) -> QuerySet[SubmissionEvent]:
    return submission.events.select_related("actor").order_by("at", "pk")


def audit_events(*, call: Call | None = None) -> QuerySet[SubmissionEvent]:
    qs = SubmissionEvent.objects.select_related("actor", "call", "submission__municipality")
    if call is not None:
        qs = qs.filter(call=call)
    return qs.order_by("-at", "-pk")


def open_conflict_copies(submission: Submission) -> QuerySet[SubmissionConflictCopy]:
    return submission.conflict_copies.filter(resolved_at__isnull=True).select_related("author")


def published_results(call: Call):
    """Results by category, from the app that decides them (see concurso/results.py)."""
    return results.published_results(call)


# The case format in reading order: used by the read-only page, the review page and the receipt.
CASE_FIELDS = case_format.names()


def submission_sections(submission: Submission) -> list[tuple[str, str]]:
    """(label, text) pairs of the whole entry, as plain text; templates escape it."""
    sections = [
        (capfirst(Submission._meta.get_field("municipality").verbose_name), str(submission.municipality)),
        (_("Comuna"), f"{submission.municipality.comuna.name} ({submission.municipality.comuna.region})"),
    ]
    for name in CASE_FIELDS:
        field = Submission._meta.get_field(name)
        if field.many_to_many:
            value = ", ".join(str(item) for item in getattr(submission, name).all())
        else:
            value = getattr(submission, name)
            if name == "budget_clp" and value is not None:
                value = format_amount(value)
        sections.append((capfirst(field.verbose_name), "" if value is None else str(value)))
    attachments = ", ".join(
        f"{a.original_name} ({a.label})" if a.label else a.original_name for a in submission.attachments.all()
    )
    sections.append((_("Adjuntos"), attachments))
    return sections


def missing_items(submission: Submission) -> list[tuple[str, str, str]]:
    """(label, message, anchor on the edit page) for each item that stops the entry from being sent,
    in the order of the form, so the pending-items box can link to every one."""
    missing = missing_for_submission(submission)
    labels = {
        f.name: capfirst(f.verbose_name) for f in Submission._meta.get_fields() if hasattr(f, "verbose_name")
    }
    labels["attachments"] = _("Adjuntos")
    order = list(REQUIRED_FOR_SUBMISSION) + ["attachments"]
    names = sorted(missing, key=lambda name: order.index(name) if name in order else len(order))
    return [
        (
            str(labels.get(name, name)),
            str(missing[name]),
            "adjuntos" if name == "attachments" else f"id_{name}",
        )
        for name in names
    ]
