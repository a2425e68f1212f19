"""End-to-end, in a real Chromium driven by Playwright, against pytest-django's live server.

``test_public_library_and_search`` proves the harness on the public site. ``test_full_journey`` is
the journey of issue 6, one step per function: the applicant drafts, uploads a PDF and submits;
staff mark it admissible, run and release the assignment; a blind evaluator scores it; the
committee decides; staff publish results; an editor publishes the winning case; an anonymous
visitor finds it on /buscar/ with an accent-less query and a facet. Screenshots of every step go
to test-artifacts/e2e/<test>/. Between steps only the calendar moves (the call's phase dates are
shifted in the database, as time would); every action is done through the UI.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pikepdf
import pytest
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.models import Category, Municipality, Role
from demo.users import DEMO_PASSWORD
from evaluacion.services.pool import add_to_pool
from evaluacion.services.rubric import ensure_rubric
from portal.celery import app as celery_app
from portal.models import GoodPracticePage
from tests.factories.evaluacion import RUBRIC

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # Wagtail's rendition code leaves a SpooledTemporaryFile for the garbage collector (a
    # ResourceWarning in __del__, reported as "unraisable"): not ours to fix, and only that one.
    pytest.mark.filterwarnings(
        r"ignore:Exception ignored in. <function SpooledTemporaryFile.__del__:pytest.PytestUnraisableExceptionWarning"
    ),
    # The same file, moved to disk when Pillow writes a JPEG rendition (the <picture> fallback).
    pytest.mark.filterwarnings(r"ignore:unclosed file <_io\.BufferedRandom name=\d+>:ResourceWarning"),
    pytest.mark.filterwarnings(
        r"ignore:Exception ignored in. <_io\.FileIO name=\d+ mode='rb\+' closefd=True>:pytest.PytestUnraisableExceptionWarning"
    ),
]

WINNER_TITLE = "Huertos comunitarios en sedes vecinales de La Serena"
APPLICANT_COMMENT = (
    "Los resultados están bien medidos; agreguen el costo por huerto para facilitar la réplica."
)
COMMITTEE_NOTE = "Nota privada: visité una de las sedes el año pasado."
# What the visitor types: no accents, lower case ("huertos comunitarios" would be too easy: the
# title words carry no accents; "participacion" and "sesion" do in the text).
ACCENTLESS_QUERY = "huertos participacion vecinal"


@dataclass
class World:
    base_url: str
    call: object
    category: Category
    municipality: Municipality
    applicant: str = "postulante.laserena@demo.cl"
    staff: str = "coordinacion@demo.cl"
    committee: str = "comite@demo.cl"
    editor: str = "editora@demo.cl"
    evaluator: str = "evaluador.e2e@demo.cl"
    code: str = ""


class StepUnavailable(AssertionError):
    """A step's screen does not exist yet: the journey fails here, saying which part is missing."""


def url(world: World, name: str, *args) -> str:
    try:
        return world.base_url + reverse(name, args=args)
    except NoReverseMatch as exc:
        raise StepUnavailable(f"Falta la pantalla «{name}»: {exc}") from exc


def expect_ok(response, what: str):
    assert response is not None, f"{what}: sin respuesta"
    if response.status == 500:
        raise StepUnavailable(f"{what}: error 500 en {response.url}")
    assert response.status < 400, f"{what}: HTTP {response.status} en {response.url}"


AXE_SOURCE = Path(__file__).with_name("vendor") / "axe.min.js"  # axe-core from npm (npm pack axe-core)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.impact} ${v.id}: ${v.help} -> ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`);
}"""


def check_accessibility(page, what: str):
    """axe-core at desktop and phone width; any serious or critical violation fails the journey.

    Wagtail's own admin is not ours to fix and is left out."""
    if "/admin/" in page.url:
        return
    size = page.viewport_size or DESKTOP
    problems = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(150)  # let the page's resize handlers run (forms.js marks scrolling tables)
        if not page.evaluate("typeof axe !== 'undefined'"):
            # Evaluated through the DevTools protocol: a Content-Security-Policy does not block it.
            page.evaluate(AXE_SOURCE.read_text(encoding="utf-8") + "\n;0")
        problems += [f"{viewport['width']}px {item}" for item in page.evaluate(AXE_RUN)]
    page.set_viewport_size(size)
    assert not problems, f"{what} ({page.url}): violaciones de accesibilidad:\n" + "\n".join(problems)


def goto(page, address: str, what: str):
    response = page.goto(address)
    expect_ok(response, what)
    check_accessibility(page, what)
    return response


def login(page, world: World, email: str):
    page.context.clear_cookies()
    goto(page, url(world, "portal:login"), "ingreso")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("form button[type=submit]")
    assert "/cuenta/ingresar/" not in page.url, f"{email} no pudo ingresar: {page.inner_text('main')[:300]}"


def move_call_to(call, phase: str):
    """Shift the call's calendar so that now falls in ``phase`` (what the passing weeks would do)."""
    from concurso.models import Call, Phase

    anchor = {
        Phase.SUBMISSIONS: 0,
        Phase.ADMISSIBILITY: 1,
        Phase.EVALUATION: 3,
        Phase.COMMITTEE: 4,
        Phase.RESULTS: 6,
    }[phase]
    now = timezone.now()
    dates = {
        name: now + (index - anchor) * timedelta(days=10) - timedelta(hours=1)
        for index, name in enumerate(Call.PHASE_FIELDS)
    }
    Call.objects.filter(pk=call.pk).update(**dates)
    call.refresh_from_db()
    assert call.phase == phase


def pdf_bytes() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setAuthor("Luis Postulante, Municipalidad de La Serena")
    pdf.drawString(60, 780, "Informe de resultados: huertos comunitarios")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# --- The world the journey starts from ------------------------------------------------------


@pytest.fixture
def eager_tasks():
    """Side effects (e-mail, indexing) run in-process so the browser sees them at once."""
    conf = celery_app.conf
    previous = (conf.task_always_eager, conf.task_eager_propagates)
    conf.task_always_eager, conf.task_eager_propagates = True, False
    yield
    conf.task_always_eager, conf.task_eager_propagates = previous


@pytest.fixture
def public_site(eager_tasks, chromium):
    import sys

    from demo import portal as demo

    with transaction.atomic():
        demo.load(stdout=sys.stdout)


@pytest.fixture
def world(public_site, live_server):
    from concurso.models import Call, Phase
    from demo.users import ensure_user

    category = Category.objects.order_by("order", "name").first()
    call = Call.objects.create(
        title="Concurso de Buenas Prácticas Municipales 2026 (E2E)",
        year=timezone.now().year,
        slug="concurso-e2e",
        code_prefix="E2E",
        description="Convocatoria de la prueba de punta a punta.",
        reviews_per_entry=1,
        **{name: timezone.now() for name in Call.PHASE_FIELDS},
    )
    call.categories.add(category)
    move_call_to(call, Phase.SUBMISSIONS)
    evaluator = ensure_user(
        "evaluador.e2e@demo.cl", first_name="Eva", last_name="Luadora", roles=[Role.EVALUATOR]
    )
    # Configured by staff before the call opens (not part of the journey): rubric and evaluator pool.

    ensure_rubric(call=call, criteria=RUBRIC, tie_break_key="impacto")
    add_to_pool(call=call, user=evaluator)
    return World(
        base_url=live_server.url,
        call=call,
        category=category,
        municipality=Municipality.objects.get(comuna__code="04101"),
    )


# --- Steps ------------------------------------------------------------------------------------


def step_visitor_browses_library(page, world: World, screenshot):
    goto(page, world.base_url + "/", "portada")
    assert page.locator("h1").first.is_visible()
    screenshot("portada")
    goto(page, world.base_url + "/biblioteca/", "biblioteca")
    first_case = page.locator("main a[href^='/biblioteca/']").filter(has_text=re.compile(r"\w")).first
    screenshot("biblioteca")
    with page.expect_navigation():
        first_case.click()
    assert page.url.startswith(world.base_url + "/biblioteca/")
    screenshot("caso")


def step_applicant_drafts_uploads_and_submits(page, world: World, screenshot, tmp_path):
    from concurso.models import Submission, SubmissionStatus

    login(page, world, world.applicant)
    goto(page, url(world, "concurso:call_detail", world.call.slug), "convocatoria")
    screenshot("postulante-convocatoria")
    goto(page, url(world, "concurso:submission_create", world.call.slug), "nueva postulación")
    page.fill("#id_title", WINNER_TITLE)
    page.select_option("#id_category", label=world.category.name)
    page.fill("#id_summary", "Huertos en las sedes vecinales con participación de las juntas de vecinos.")
    with page.expect_navigation():
        page.click("button[name=save]")
    submission = Submission.objects.get(call=world.call, title=WINNER_TITLE)
    world.code = submission.code
    assert submission.status == SubmissionStatus.DRAFT
    screenshot("postulante-borrador")

    texts = {
        "#id_year_start": str(world.call.year - 2),
        "#id_implementation_period": "Marzo de 2024 a la fecha",
        "#id_implementation_months": "24",
        "#id_previous_situation": "Sitios eriazos junto a las sedes vecinales y poca participación vecinal.",
        "#id_objectives": "Recuperar espacios y fortalecer la participación de las juntas de vecinos.",
        "#id_description": "Se instalaron huertos en doce sedes, con talleres mensuales y riego por goteo.",
        "#id_results": "Doce huertos activos y 340 familias participantes en la primera temporada.",
        "#id_citizen_participation": "Cada junta de vecinos eligió los cultivos en una sesión abierta.",
        "#id_sustainability": "El programa tiene presupuesto municipal anual.",
        "#id_replicability": "Se replica con una sede, agua y un monitor.",
        "#id_contact_name": "Luis Postulante",
        "#id_contact_email": "lpostulante@laserena.cl",
        "#id_contact_phone": "+56 51 220 0000",
        "#id_budget_clp": "4.5000",  # ambiguous: refused with a message, nothing typed is lost
    }
    for selector, value in texts.items():
        page.fill(selector, value)
    pdf_path = tmp_path / "informe-resultados.pdf"
    pdf_path.write_bytes(pdf_bytes())
    with page.expect_navigation():
        page.click("button[name=save]")
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible() and "ambiguo" in summary.inner_text()
    assert page.evaluate(
        "document.activeElement && document.activeElement.hasAttribute('data-error-summary')"
    )
    assert page.input_value("#id_results") == texts["#id_results"]
    check_accessibility(page, "borrador con errores")
    screenshot("postulante-monto-ambiguo")
    summary.locator("a[href='#id_budget_clp']").click()
    assert page.evaluate("document.activeElement.id") == "id_budget_clp"
    page.fill("#id_budget_clp", "$45.000.000")
    with page.expect_navigation():
        page.click("button[name=save]")
    submission.refresh_from_db()
    assert submission.budget_clp == 45_000_000, page.inner_text("main")[:500]
    assert page.input_value("#id_budget_clp") == "45.000.000"
    page.set_input_files("input[type=file]", str(pdf_path))
    page.fill("#id_label", "Informe de resultados")
    with page.expect_navigation():
        page.click("button[name=attach]")
    assert submission.attachments.count() == 1, page.inner_text("main")[:500]
    screenshot("postulante-adjunto")

    with page.expect_navigation():
        page.click("button[name=review]")
    screenshot("postulante-revision")
    with page.expect_navigation():
        page.click("button:has-text('Enviar la postulación')")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED, page.inner_text("main")[:500]
    screenshot("postulante-enviada")


def step_staff_marks_admissible(page, world: World, screenshot):
    from concurso.models import Phase, Submission, SubmissionStatus

    move_call_to(world.call, Phase.ADMISSIBILITY)
    login(page, world, world.staff)
    goto(page, url(world, "concurso:staff_entries"), "gestión de postulaciones")
    screenshot("coordinacion-postulaciones")
    goto(page, url(world, "concurso:staff_entry_detail", world.code), "ficha de la postulación")
    page.check("input[name=decision][value='1']")
    with page.expect_navigation():
        page.click("button:has-text('Registrar y avisar')")
    assert Submission.objects.get(code=world.code).status == SubmissionStatus.ADMISSIBLE, page.inner_text(
        "main"
    )[:500]
    screenshot("coordinacion-admisible")


def step_staff_runs_and_releases_assignment(page, world: World, screenshot):
    from concurso.models import Phase
    from evaluacion.models import Assignment

    move_call_to(world.call, Phase.EVALUATION)
    login(page, world, world.staff)
    goto(page, url(world, "evaluacion:staff_assignments", world.call.slug), "asignación")
    with page.expect_navigation():
        page.click("button:has-text('Ejecutar asignación automática')")
    assert Assignment.objects.filter(submission__code=world.code).count() == 1, page.inner_text("main")[:800]
    screenshot("coordinacion-asignacion-borrador")
    # Staff review the blind copy (texts and attachments) before anything is released.
    goto(
        page,
        url(world, "evaluacion:staff_copy", world.call.slug, world.code),
        "revisión de la copia anonimizada",
    )
    prepare = page.locator("button:has-text('Preparar la copia anónima')")
    if prepare.count():  # the background task that prepares it on admissibility has not run yet
        with page.expect_navigation():
            prepare.click()
    with page.expect_navigation():
        page.click("button:has-text('Confirmar revisión de textos y anexos')")
    goto(page, url(world, "evaluacion:staff_assignments", world.call.slug), "asignación")
    with page.expect_navigation():
        page.click("button:has-text('Liberar asignación')")
    assignment = Assignment.objects.get(submission__code=world.code)
    assert assignment.evaluator.email == world.evaluator
    assert assignment.status != "borrador", page.inner_text("main")[:800]
    screenshot("coordinacion-asignacion-liberada")


IDENTITY = ("La Serena", "Luis Postulante", "lpostulante@laserena.cl", "220 0000", "Serena")


def step_evaluator_scores_blind(page, world: World, screenshot):
    from evaluacion.models import Review

    login(page, world, world.evaluator)
    goto(page, url(world, "evaluacion:dashboard"), "panel del evaluador")
    screenshot("evaluador-panel")
    goto(page, url(world, "evaluacion:entry", world.code), "evaluación ciega")
    text = page.inner_text("body")
    for identity in IDENTITY:
        assert identity not in text, f"El evaluador ve «{identity}»"
    attachment = page.locator("a[href*='/anexo/']").first
    served = page.request.get(world.base_url + attachment.get_attribute("href"))
    assert served.ok
    with pikepdf.open(io.BytesIO(served.body())) as pdf:
        metadata = " ".join(str(value) for value in pdf.docinfo.values())
    for identity in IDENTITY + ("Postulante",):
        assert identity not in metadata, f"El PDF anonimizado conserva «{identity}» en sus metadatos"
    assert "La Serena" not in (attachment.inner_text() or "")
    criteria = page.locator("fieldset.criterion")
    assert criteria.count() >= 1
    for index in range(criteria.count()):
        fieldset = criteria.nth(index)
        fieldset.locator("input[type=radio]").last.check()
        fieldset.locator("textarea").fill("Cumple muy bien: resultados medidos y participación amplia.")
    page.fill("#id_applicant_comment", APPLICANT_COMMENT)
    page.fill("#id_overall_comment", COMMITTEE_NOTE)
    screenshot("evaluador-pauta")
    with page.expect_navigation():
        page.click("button:has-text('Enviar evaluación')")
    review = Review.objects.filter(assignment__submission__code=world.code).first()
    assert review is not None and review.submitted_at is not None, page.inner_text("main")[:800]
    screenshot("evaluador-enviada")


def step_committee_decides(page, world: World, screenshot):
    from concurso.models import Phase
    from evaluacion.models import Decision

    move_call_to(world.call, Phase.COMMITTEE)
    login(page, world, world.committee)
    goto(page, url(world, "evaluacion:committee_call", world.call.slug), "comité: convocatoria")
    screenshot("comite-convocatoria")
    goto(page, url(world, "evaluacion:committee_entry", world.call.slug, world.code), "comité: ficha")
    goto(page, url(world, "evaluacion:committee_decisions", world.call.slug), "comité: tabla de decisiones")
    page.select_option(f"#id_outcome_{world.code}", value="ganadora")
    screenshot("comite-decision")
    with page.expect_navigation():  # no reason: refused, the choice is kept and the summary takes focus
        page.click("button:has-text('Registrar las decisiones')")
    assert page.locator("[data-error-summary]").is_visible()
    assert page.input_value(f"#id_outcome_{world.code}") == "ganadora"
    check_accessibility(page, "tabla de decisiones con errores")
    page.fill(f"#id_adjusted_{world.code}", "88,5")  # an adjusted score, typed the Chilean way
    page.fill(f"#id_reason_{world.code}", "Mejor puntaje de su categoría y resultados verificables.")
    with page.expect_navigation():
        page.click("button:has-text('Registrar las decisiones')")
    decision = Decision.objects.filter(submission__code=world.code).first()
    assert decision is not None and decision.outcome == "ganadora", page.inner_text("main")[:800]
    assert str(decision.adjusted_score) == "88.50"
    screenshot("comite-registrada")


def step_staff_publishes_results(page, world: World, screenshot):
    from concurso.models import Phase

    move_call_to(world.call, Phase.RESULTS)
    login(page, world, world.staff)
    goto(page, url(world, "evaluacion:staff_publish", world.call.slug), "publicación de resultados")
    assert "correos de resultados" in page.inner_text("main") and WINNER_TITLE in page.inner_text("main")
    screenshot("coordinacion-publicar")
    page.fill("textarea[name=reason]", "Acta del comité firmada.")
    with page.expect_navigation():
        page.click("button:has-text('Confirmar y publicar los resultados')")
    world.call.refresh_from_db()
    assert world.call.results_published_at is not None, page.inner_text("main")[:800]
    practice = GoodPracticePage.objects.filter(competition_decision__submission__code=world.code).first()
    assert practice is not None and not practice.live
    screenshot("coordinacion-publicados")


def step_editor_publishes_case(page, world: World, screenshot):

    practice = GoodPracticePage.objects.filter(competition_decision__submission__code=world.code).first()
    login(page, world, world.editor)
    goto(page, world.base_url + "/admin/", "administración de contenidos")
    screenshot("editora-panel")
    goto(page, world.base_url + f"/admin/pages/{practice.pk}/edit/", "edición del caso")
    screenshot("editora-caso")
    # Wagtail's footer: the primary action of a page in moderation is in the "more actions" menu.
    page.locator("footer").get_by_role("button", name=re.compile(r"Más acciones|More actions")).first.click()
    approve = page.locator("footer").get_by_role(
        "button", name=re.compile(r"Aprobar y publicar|Approve and publish", re.I)
    )
    screenshot("editora-acciones")
    approve = approve.first
    with page.expect_navigation():
        approve.click()
    practice.refresh_from_db()
    assert practice.live, "La ficha no quedó publicada"
    screenshot("editora-publicado")
    goto(page, world.base_url + practice.url, "ficha pública")
    screenshot("caso-publico")


def step_applicant_sees_result_and_feedback(page, world: World, screenshot):
    login(page, world, world.applicant)
    assert "Ganadora" in page.inner_text("main")  # the landing dashboard names the result
    goto(page, url(world, "concurso:dashboard"), "mis postulaciones con resultado")
    main = page.inner_text("main")
    assert "Resultados publicados" in main and "Ganadora" in main
    screenshot("postulante-resultado")
    with page.expect_navigation():
        page.get_by_role("link", name="Ver el informe de retroalimentación").first.click()
    check_accessibility(page, "informe de retroalimentación")
    report = page.inner_text("main")
    assert "Puntajes por criterio" in report and APPLICANT_COMMENT in report
    assert COMMITTEE_NOTE not in report and "Luadora" not in report
    screenshot("postulante-informe")
    pdf = page.request.get(url(world, "evaluacion:feedback_pdf", world.code))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    goto(page, url(world, "concurso:call_detail", world.call.slug), "resultados públicos")
    practice = GoodPracticePage.objects.get(competition_decision__submission__code=world.code)
    assert page.locator(f"a[href='{practice.url}']").count() == 1  # the winner links to its live page


def step_visitor_finds_case(page, world: World, screenshot, *, query: str, title: str, facet_label: str):
    page.context.clear_cookies()
    goto(page, url(world, "search:search") + "?q=" + query.replace(" ", "+"), "búsqueda")
    hits = page.locator(".search-hit-title a")
    assert hits.filter(has_text=title).count() == 1, (
        f"«{title}» no aparece para «{query}»: {page.inner_text('main')[:800]}"
    )
    screenshot("visitante-busqueda")
    facet = page.locator(".search-facets label").filter(has_text=facet_label).first
    apply_button = page.locator(".facet-apply")
    if apply_button.is_visible():
        facet.click()
        with page.expect_navigation():
            apply_button.click()
    else:  # search.js submits the form as soon as a facet is ticked
        with page.expect_navigation():
            facet.click()
    assert page.locator(".active-filter").filter(has_text=facet_label).count() == 1
    assert page.locator(".search-hit-title a").filter(has_text=title).count() == 1
    screenshot("visitante-faceta")
    with page.expect_navigation():
        page.locator(".search-hit-title a").filter(has_text=title).first.click()
    assert page.locator("h1").filter(has_text=title).count() == 1
    screenshot("visitante-caso")


# --- Tests ------------------------------------------------------------------------------------


def step_phone_navigation_and_search(page, world: World, screenshot):
    """At 390 px: the menu folds behind a button, results come before the (folded) facets."""
    page.set_viewport_size(PHONE)
    goto(page, url(world, "search:search") + "?q=calidad", "búsqueda en el teléfono")
    toggle = page.locator(".nav-toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator("#main-nav-list").is_visible()
    toggle.click()
    assert page.locator("#main-nav-list").is_visible() and toggle.get_attribute("aria-expanded") == "true"
    results_top = page.locator(".search-results").bounding_box()["y"]
    facets_top = page.locator(".search-facets").bounding_box()["y"]
    assert results_top < facets_top
    assert page.locator(".facets-disclosure").get_attribute("open") is None
    screenshot("telefono-busqueda")
    page.set_viewport_size(DESKTOP)


def test_public_library_and_search(page, screenshot, world):
    step_visitor_browses_library(page, world, screenshot)
    step_phone_navigation_and_search(page, world, screenshot)
    case = GoodPracticePage.objects.live().get(slug="politica-de-calidad-municipal-de-la-serena")
    step_visitor_finds_case(
        page, world, screenshot, query="politica calidad serena", title=case.title, facet_label="Coquimbo"
    )


def test_full_journey(page, screenshot, world, tmp_path):
    step_applicant_drafts_uploads_and_submits(page, world, screenshot, tmp_path)
    step_staff_marks_admissible(page, world, screenshot)
    step_staff_runs_and_releases_assignment(page, world, screenshot)
    step_evaluator_scores_blind(page, world, screenshot)
    step_committee_decides(page, world, screenshot)
    step_staff_publishes_results(page, world, screenshot)
    step_editor_publishes_case(page, world, screenshot)
    step_applicant_sees_result_and_feedback(page, world, screenshot)
    step_visitor_finds_case(
        page, world, screenshot, query=ACCENTLESS_QUERY, title=WINNER_TITLE, facet_label=world.category.name
    )
