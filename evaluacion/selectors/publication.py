"""Reads for the publication of results: who gets each result e-mail, what publishing will do."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from concurso.models import Call, Submission, SubmissionStatus
from core.models import User
from evaluacion.models import (
    Decision,
    DecisionChoice,
)


def result_recipients(call: Call) -> dict[int, set[str]]:
    """submission id -> the addresses its result e-mail goes to (creator, contact, active members)."""
    submissions = list(
        Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE).select_related("created_by")
    )
    by_municipality: dict[int, set[str]] = {}
    for municipality_id, email in User.objects.filter(
        municipality_id__in={s.municipality_id for s in submissions}, is_active=True
    ).values_list("municipality_id", "email"):
        by_municipality.setdefault(municipality_id, set()).add(email)
    found = {}
    for s in submissions:
        recipients = {s.created_by.email, s.contact_email} | by_municipality.get(s.municipality_id, set())
        found[s.pk] = {r for r in recipients if r}
    return found


@dataclass
class PublicationSummary:
    entries: int
    emails: int
    messages: int
    undecided: int
    drafts: list[str]
    outcomes: dict[str, int]


def publication_summary(call: Call) -> PublicationSummary:
    """What publishing will do: the confirmation page shows it and the publication stores it."""
    admissible = Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE)
    recipients = result_recipients(call)
    decisions = (
        Decision.objects.filter(submission__in=admissible)
        .select_related("submission__municipality")
        .annotate(library_pages=Count("practice_pages"))
    )
    outcomes = {str(label): 0 for _value, label in DecisionChoice.choices}
    drafts = []
    for decision in decisions:
        if decision.outcome in DecisionChoice.values:
            outcomes[str(DecisionChoice(decision.outcome).label)] += 1
        if decision.outcome in (DecisionChoice.WINNER, DecisionChoice.MENTION) and not decision.library_pages:
            drafts.append(
                f"{decision.submission.title or decision.submission.code} ({decision.submission.municipality.name})"
            )
    return PublicationSummary(
        entries=admissible.count(),
        emails=len(set().union(*recipients.values())) if recipients else 0,
        messages=len([r for r in recipients.values() if r]),
        undecided=admissible.exclude(decision__outcome__in=DecisionChoice.values).count(),
        drafts=sorted(drafts),
        outcomes=outcomes,
    )
