"""Writes of the publication of results: deliberate (confirmed, with a reason), idempotent, creating
the library drafts of winners and mentions and queueing the result e-mails."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _g

from concurso.models import Call, Phase, Submission, SubmissionStatus
from core.models import User
from core.taskutils import enqueue
from evaluacion.models import (
    Decision,
    DecisionChoice,
    Publication,
)
from evaluacion.selectors.publication import publication_summary
from evaluacion.signals import results_published

logger = logging.getLogger(__name__)


SOURCE_TEMPLATE = "Postulación del municipio al %(call)s"


COMPETITION_RESULT = {DecisionChoice.WINNER: "ganadora", DecisionChoice.MENTION: "mencion", DecisionChoice.FINALIST: "finalista"}


@transaction.atomic
def publish_results(*, call: Call, actor: User) -> Publication:
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.results_published_at is not None:
        raise ValidationError(_g("Los resultados de esta convocatoria ya se publicaron."))
    if call.phase != Phase.RESULTS:
        raise ValidationError(_g("Los resultados solo se publican en la fase de resultados."))
    admissible = Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE)
    undecided = admissible.exclude(decision__outcome__in=DecisionChoice.values).count()
    if undecided:
        raise ValidationError(
            _g("Faltan %(count)s decisiones finales del comité antes de publicar.") % {"count": undecided}
        )
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(results_published_at=now)
    call.results_published_at = now
    publication = Publication.objects.create(call=call, published_by=actor, published_at=now)
    for decision in Decision.objects.filter(
        submission__in=admissible, outcome__in=[DecisionChoice.WINNER, DecisionChoice.MENTION]
    ).select_related("submission__municipality", "submission__category", "submission__call"):
        create_practice_draft(decision=decision, actor=actor)
    enqueue("evaluacion.tasks.notify_results", call.pk)
    # Public pages (portal's page cache) listen; evaluacion imports nothing of theirs.
    transaction.on_commit(lambda: results_published.send(sender=Call, call=call))
    return publication


def create_practice_draft(*, decision: Decision, actor: User):
    """A good-practice page draft in the library (identity revealed), sent to moderation."""
    from portal.models import GoodPracticePage, LibraryIndexPage
    from portal.services import text_to_richtext

    if decision.practice_page_id:
        return decision.practice_page
    library = LibraryIndexPage.objects.first()
    if library is None:
        logger.warning("Sin biblioteca: no se crea la ficha de %s", decision.submission.code)
        return None
    s = decision.submission
    if s.category_id is None:
        logger.warning("Postulación %s sin categoría: no se crea la ficha", s.code)
        return None
    pending = _g("Por completar por el equipo editorial.")

    def rich(text):
        return text_to_richtext(text) or text_to_richtext(pending)

    base = slugify(f"{s.title} {s.municipality.name}")[:200] or s.code.lower()
    siblings = set(library.get_children().values_list("slug", flat=True))
    slug, counter = base, 2
    while slug in siblings:
        slug, counter = f"{base}-{counter}", counter + 1
    page = GoodPracticePage(
        title=s.title or s.code,
        slug=slug,
        live=False,
        municipality=s.municipality,
        category=s.category,
        year=s.year_start or s.call.year,
        implementation_period=s.implementation_period,
        summary=s.summary or pending,
        previous_situation=rich(s.previous_situation),
        objectives=rich(s.objectives),
        description=rich(s.description),
        results=rich("\n\n".join(p for p in (s.results, s.indicators) if p)),
        citizen_participation=text_to_richtext(s.citizen_participation),
        sustainability=text_to_richtext(s.sustainability),
        replicability=text_to_richtext(s.replicability),
        lessons_learned=text_to_richtext(s.lessons_learned),
        partners=s.partners,
        budget_clp=s.budget_clp,
        competition_name=s.call.title,
        competition_result=COMPETITION_RESULT.get(decision.outcome, ""),
        competition_decision=decision,
        source=SOURCE_TEMPLATE % {"call": s.call.title},
        external_id=f"concurso:{s.code}",
    )
    library.add_child(instance=page)
    page.themes = list(s.themes.all())
    page.ods = list(s.ods.all())
    revision = page.save_revision(user=actor, log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, actor)
    decision.practice_page = page
    decision.save(update_fields=["practice_page"])
    logger.info("Ficha borrador %s creada para %s (revisión %s)", page.pk, s.code, revision.pk)
    return page


@transaction.atomic
def publish_results_confirmed(*, call: Call, actor: User, reason: str) -> tuple[Publication, bool]:
    """Publish after the confirmation page: a reason is required, the summary is logged with it.

    Idempotent: a second confirmation (double click, second tab) returns the existing publication and
    sends nothing again. Returns (publication, created).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_g("Indique el motivo de la publicación."))
    locked = Call.objects.select_for_update().get(pk=call.pk)
    existing = Publication.objects.filter(call=locked).first()
    if locked.results_published_at is not None and existing is not None:
        return existing, False
    summary = publication_summary(locked)
    publication = publish_results(call=locked, actor=actor)
    publication.reason = reason
    publication.summary = {
        "entries": summary.entries, "emails": summary.emails, "messages": summary.messages,
        "drafts": summary.drafts, "outcomes": summary.outcomes,
    }
    publication.save(update_fields=["reason", "summary"])
    call.results_published_at = locked.results_published_at
    logger.info("Convocatoria %s: resultados publicados por %s (%s)", locked.slug, actor.pk, reason)
    return publication, True

