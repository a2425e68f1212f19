"""Portal side of the improvement road (issue 12); calidad never imports the portal.

- ``draft_practice_from_line``: registered in calidad.improvement as the good-practice drafter; turns a
  completed line of action into a draft GoodPracticePage (the case format) and starts the editorial
  moderation workflow, so an editor reviews it before anything is published.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from calidad.improvement import register_good_practice_drafter
from core.models import Category
from portal.models import GoodPracticePage, LibraryIndexPage
from portal.services.richtext import text_to_richtext
from portal.services.roles import ensure_editorial_workflow


def draft_practice_from_line(line, user):
    library = LibraryIndexPage.objects.first()
    if library is None:
        raise ValidationError(_("La biblioteca de buenas prácticas no existe todavía."))
    existing = GoodPracticePage.objects.filter(external_id=f"linea-{line.pk}").first()
    if existing is not None:
        return existing
    committee = line.plan.committee
    category = Category.objects.order_by("pk").first()
    if category is None:
        raise ValidationError(_("No hay categorías de la biblioteca."))
    base, slug, n = slugify(line.title)[:60] or "practica", None, 1
    slug = base
    while library.get_children().filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    page = GoodPracticePage(
        title=line.title[:255],
        slug=slug,
        live=False,
        owner=user,
        municipality=committee.municipality,
        category=category,
        year=line.start_date.year,
        implementation_period=f"{line.start_date:%m-%Y} a {(line.completed_at or line.end_date):%m-%Y}",
        summary=(
            f"Línea de acción del plan de mejoras de {committee.municipality.name} (ciclo {committee.cycle}), "
            f"terminada. Indicador: {line.success_indicator}; meta: {line.target}."
        )[:800],
        previous_situation=text_to_richtext(committee.plan.focus or "-"),
        objectives=text_to_richtext(f"{line.success_indicator}: {line.target}"),
        description=text_to_richtext(
            f"Responsable: {line.responsible}. Equipo: {line.team}.\n\nRecursos: {line.resources}"
        ),
        results=text_to_richtext("\n\n".join(u.comment for u in line.updates.order_by("created_at")) or "-"),
        source=_("Plan de mejoras"),
        external_id=f"linea-{line.pk}",
    )
    library.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    ensure_editorial_workflow(pages=[library])
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user)
    del revision
    return page


def register():
    register_good_practice_drafter(draft_practice_from_line)
