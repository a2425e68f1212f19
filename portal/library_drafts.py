"""Published competition results become good-practice drafts in the library.

The evaluation owns the moment of publication and announces it with
``evaluacion.signals.results_published``; the library listens (connected in ``PortalConfig.ready``),
so the evaluation never imports the public site. Each awarded submission gets one draft page
(identity revealed), started in the moderation workflow; publishing it stays an editor's decision.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from concurso import case_format
from core.models import User
from evaluacion.models import Decision
from portal.models import GoodPracticePage, LibraryIndexPage
from portal.services.richtext import text_to_richtext

logger = logging.getLogger(__name__)

# Sections a library page cannot leave empty: a placeholder asks the editors to complete them.
LIBRARY_REQUIRED_SECTIONS = ("previous_situation", "objectives", "description", "results")

SOURCE_TEMPLATE = "Postulación del municipio al %(call)s"


def on_results_published(sender, *, call, decisions, actor, **kwargs) -> None:
    for decision in decisions:
        create_practice_draft(decision=decision, actor=actor)


@transaction.atomic
def create_practice_draft(*, decision: Decision, actor: User) -> GoodPracticePage | None:
    """A good-practice page draft in the library (identity revealed), sent to moderation.

    Idempotent: a decision that already has its page keeps it.
    """
    existing = GoodPracticePage.objects.filter(competition_decision=decision).order_by("pk").first()
    if existing is not None:
        return existing
    library = LibraryIndexPage.objects.first()
    if library is None:
        logger.warning("Sin biblioteca: no se crea la ficha de %s", decision.submission.code)
        return None
    s = decision.submission
    if s.category_id is None:
        logger.warning("Postulación %s sin categoría: no se crea la ficha", s.code)
        return None
    pending = _("Por completar por el equipo editorial.")

    def rich(text):
        return text_to_richtext(text) or text_to_richtext(pending)

    # The rich-text sections of the case format; the library shows the indicators with the results.
    texts = {name: getattr(s, name) for name in case_format.names(rich_text=True)}
    texts["results"] = "\n\n".join(p for p in (s.results, s.indicators) if p)
    sections = {name: rich(text) for name, text in texts.items() if name in LIBRARY_REQUIRED_SECTIONS}
    sections |= {
        name: text_to_richtext(text) for name, text in texts.items() if name not in LIBRARY_REQUIRED_SECTIONS
    }
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
        **sections,
        partners=s.partners,
        budget_clp=s.budget_clp,
        source=SOURCE_TEMPLATE % {"call": s.call.title},
        external_id=f"concurso:{s.code}",
        competition_decision=decision,  # the recognition is the decision itself (portal.recognitions)
    )
    library.add_child(instance=page)
    page.themes = list(s.themes.all())
    page.ods = list(s.ods.all())
    revision = page.save_revision(user=actor, log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, actor)
    logger.info("Ficha borrador %s creada para %s (revisión %s)", page.pk, s.code, revision.pk)
    return page
