"""Writes of the publication of results: deliberate (confirmed, with a reason), idempotent, announcing
the awarded decisions (evaluacion.signals.results_published: the library makes its drafts) and
queueing the result e-mails."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concurso.models import Call, Phase, Submission, SubmissionStatus
from core.models import User
from core.taskutils import enqueue
from evaluacion import signals, task_names
from evaluacion.models import (
    Decision,
    DecisionChoice,
    Publication,
)
from evaluacion.selectors.publication import publication_summary

logger = logging.getLogger(__name__)


@transaction.atomic
def publish_results(*, call: Call, actor: User) -> Publication:
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.results_published_at is not None:
        raise ValidationError(_("Los resultados de esta convocatoria ya se publicaron."))
    if call.phase != Phase.RESULTS:
        raise ValidationError(_("Los resultados solo se publican en la fase de resultados."))
    admissible = Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE)
    undecided = admissible.exclude(decision__outcome__in=DecisionChoice.values).count()
    if undecided:
        raise ValidationError(
            _("Faltan %(count)s decisiones finales del comité antes de publicar.") % {"count": undecided}
        )
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(results_published_at=now)
    call.results_published_at = now
    publication = Publication.objects.create(call=call, published_by=actor, published_at=now)
    awarded = list(
        Decision.objects.filter(
            submission__in=admissible, outcome__in=[DecisionChoice.WINNER, DecisionChoice.MENTION]
        )
        .select_related("submission__municipality", "submission__category", "submission__call")
        .order_by("submission__code")
    )
    # The library (a higher layer) creates its drafts from here; see evaluacion/signals.py.
    signals.results_published.send(sender=Call, call=call, decisions=awarded, actor=actor)
    enqueue(task_names.NOTIFY_RESULTS, call.pk)
    return publication


@transaction.atomic
def publish_results_confirmed(*, call: Call, actor: User, reason: str) -> tuple[Publication, bool]:
    """Publish after the confirmation page: a reason is required, the summary is logged with it.

    Idempotent: a second confirmation (double click, second tab) returns the existing publication and
    sends nothing again. Returns (publication, created).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Indique el motivo de la publicación."))
    locked = Call.objects.select_for_update().get(pk=call.pk)
    existing = Publication.objects.filter(call=locked).first()
    if locked.results_published_at is not None and existing is not None:
        return existing, False
    summary = publication_summary(locked)
    publication = publish_results(call=locked, actor=actor)
    publication.reason = reason
    publication.summary = {
        "entries": summary.entries,
        "emails": summary.emails,
        "messages": summary.messages,
        "drafts": summary.drafts,
        "outcomes": summary.outcomes,
    }
    publication.save(update_fields=["reason", "summary"])
    call.results_published_at = locked.results_published_at
    logger.info("Convocatoria %s: resultados publicados por %s (%s)", locked.slug, actor.pk, reason)
    return publication, True
