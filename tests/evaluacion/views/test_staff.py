import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from concurso.models import Call, Phase
from core.models import Role
from evaluacion.models import (
    Assignment,
    AssignmentStatus,
    CallPhaseChange,
    Criterion,
    DecisionChoice,
    Publication,
    Rubric,
)
from evaluacion.rules import evaluation_open
from evaluacion.selectors.publication import publication_summary
from evaluacion.selectors.scores import call_scores
from evaluacion.services.committee import record_decision
from evaluacion.services.phases import close_committee, close_evaluation
from evaluacion.services.reviews import ScoreInput, save_review
from evaluacion.services.rubric import ensure_rubric
from portal.models import GoodPracticePage
from tests.evaluacion.conftest import PHASE_REASON, fresh_call, reviewed_competition, to_committee_phase
from tests.factories.concurso import CallFactory
from tests.factories.core import make_user
from tests.factories.evaluacion import RUBRIC
from tests.factories.portal import home_page_factory, library_index_factory


def test_publication_page_summarises_and_needs_a_reason_then_is_idempotent(
    client, competition, django_capture_on_commit_callbacks
):
    c = reviewed_competition(competition)
    home_page_factory()
    library_index_factory()
    to_committee_phase(c.call)
    for entry, outcome in (
        (c.entry, DecisionChoice.WINNER),
        (c.other, DecisionChoice.MENTION),
        (c.third, DecisionChoice.NOT_SELECTED),
    ):
        record_decision(
            submission=entry, actor=c.committee, outcome=outcome, adjusted_score=None, reason="Acta."
        )
    close_committee(call=c.call, actor=c.staff, reason="Cierre.")
    client.force_login(c.staff)
    url = reverse("evaluacion:staff_publish", args=[c.call.slug])
    html = client.get(url).content.decode()
    summary = publication_summary(c.call)
    assert summary.messages == 3 and summary.undecided == 0 and len(summary.drafts) == 2
    assert f"Se envían {summary.messages} correos" in html and "Reciclaje puerta a puerta" in html
    assert "Confirmar y publicar" in html

    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "data-error-summary" in response.content.decode()
    c.call.refresh_from_db()
    assert c.call.results_published_at is None

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"reason": "Acta firmada por el comité."}).status_code == 302
    publication = Publication.objects.get(call=c.call)
    assert publication.reason == "Acta firmada por el comité." and publication.summary["messages"] == 3
    sent = len(mail.outbox)
    assert sent == 3
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Otra vez."}, follow=True)
    assert "ya estaban publicados" in response.content.decode()
    assert len(mail.outbox) == sent and Publication.objects.count() == 1
    assert GoodPracticePage.objects.filter(external_id__startswith="concurso:").count() == 2


def test_staff_set_which_review_texts_are_required_before_evaluation(client, competition):
    from tests.factories.concurso import CallFactory

    c = competition
    upcoming = CallFactory()  # evaluation not open yet: the rubric is editable
    ensure_rubric(call=upcoming, criteria=RUBRIC, tie_break_key="impacto")
    client.force_login(c.staff)
    url = reverse("evaluacion:staff_rubric", args=[upcoming.slug])
    assert "Textos de cada evaluación" in client.get(url).content.decode()
    response = client.post(
        reverse("evaluacion:staff_rubric_comments", args=[upcoming.slug]),
        {"applicant_comment_required": "on"},
    )
    assert response.status_code == 302
    rubric = Rubric.objects.get(call=upcoming)
    assert rubric.applicant_comment_required and not rubric.committee_note_required
    # In evaluation the choice is fixed.
    response = client.post(
        reverse("evaluacion:staff_rubric_comments", args=[c.call.slug]), {"committee_note_required": "on"}
    )
    assert response.status_code == 403
    assert not Rubric.objects.get(call=c.call).committee_note_required


def _rubric_post(rubric, **weights):
    """The rubric page's POST, with every criterion as it is except the weights given by key."""
    criteria = list(rubric.criteria.all())
    data = {
        "criteria-TOTAL_FORMS": str(len(criteria)),
        "criteria-INITIAL_FORMS": str(len(criteria)),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
        "tie_break": rubric.tie_break_criterion.key,
    }
    for index, criterion in enumerate(criteria):
        prefix = f"criteria-{index}-"
        data |= {
            f"{prefix}id": str(criterion.pk),
            f"{prefix}key": criterion.key,
            f"{prefix}name": criterion.name,
            f"{prefix}description": criterion.description,
            f"{prefix}guidance": criterion.guidance,
            f"{prefix}weight": str(weights.get(criterion.key, criterion.weight)),
            f"{prefix}scale_min": str(criterion.scale_min),
            f"{prefix}scale_max": str(criterion.scale_max),
            f"{prefix}required": "on",
        }
    return data


def test_staff_pages_show_the_phase_in_words(client, competition):
    client.force_login(competition.staff)
    html = client.get(
        reverse("evaluacion:staff_call", kwargs={"slug": competition.call.slug})
    ).content.decode()
    assert re.search(r"Fase actual</dt>\s*<dd>Evaluación</dd>", html)
    home = client.get(reverse("evaluacion:staff_home")).content.decode()
    assert "<td>Evaluación</td>" in home and ">evaluacion<" not in home


def test_rubric_is_read_only_once_evaluation_has_started(client, competition):
    c = competition
    client.force_login(c.staff)
    url = reverse("evaluacion:staff_rubric", kwargs={"slug": c.call.slug})
    html = client.get(url).content.decode()
    weight_inputs = re.findall(r'<input[^>]*name="criteria-\d+-weight"[^>]*>', html)
    assert len(weight_inputs) == 6 and all(" disabled" in tag for tag in weight_inputs)
    assert "criteria-6-" not in html  # no blank "new criterion" form
    assert "Guardar pauta" not in html
    save = reverse("evaluacion:staff_rubric_criteria", kwargs={"slug": c.call.slug})
    response = client.post(save, _rubric_post(c.call.rubric, innovacion=30, eficiencia=0))
    assert response.status_code == 403
    assert "La pauta ya no se puede modificar" in response.content.decode()
    assert Criterion.objects.get(rubric=c.call.rubric, key="innovacion").weight == 20


def test_rubric_is_editable_before_evaluation_and_weights_must_add_up_to_100(client, db):
    call = CallFactory()
    rubric = ensure_rubric(call=call, criteria=RUBRIC, tie_break_key="impacto")
    staff = make_user("coordinacion@asociacion.cl", roles=[Role.COORDINATOR])
    client.force_login(staff)
    url = reverse("evaluacion:staff_rubric", kwargs={"slug": call.slug})
    assert " disabled" not in re.search(
        r'<input[^>]*name="criteria-0-weight"[^>]*>', client.get(url).content.decode()
    ).group(0)
    save = reverse("evaluacion:staff_rubric_criteria", kwargs={"slug": call.slug})
    response = client.post(save, _rubric_post(rubric, innovacion=30))
    assert response.status_code == 200
    assert "deben sumar 100; ahora suman 110" in response.content.decode()
    assert client.post(save, _rubric_post(rubric, innovacion=30, eficiencia=0)).status_code == 302
    assert Criterion.objects.get(rubric=rubric, key="innovacion").weight == 30


def test_disagreement_threshold_is_set_per_call(client, competition):
    c = competition
    second = make_user("segunda@consultora.cl", roles=[Role.EVALUATOR])
    criteria = list(c.call.rubric.criteria.all())
    for evaluator, value in ((c.assigned, 4), (second, 5)):  # totals 50 and 66.7: std 11.8, gap 16.7
        assignment, _created = Assignment.objects.get_or_create(
            submission=c.entry, evaluator=evaluator, defaults={"status": AssignmentStatus.RELEASED}
        )
        scores = [ScoreInput(criterion=cr, score=value, justification="ok") for cr in criteria]
        save_review(assignment=assignment, scores=scores, overall_comment="", submit=True)

    def flagged():
        return next(r for r in call_scores(c.call) if r.submission == c.entry).flagged

    assert not flagged()
    client.force_login(c.staff)
    url = reverse("evaluacion:staff_rubric_thresholds", kwargs={"slug": c.call.slug})
    data = {"disagreement_max_std": "15", "disagreement_max_gap": "12.5"}
    assert client.post(url, data).status_code == 302
    assert flagged()
    client.force_login(c.committee)
    html = client.get(reverse("evaluacion:committee_call", kwargs={"slug": c.call.slug})).content.decode()
    assert "más de 12,5 puntos" in html and "Desacuerdo" in html
    client.force_login(c.staff)
    assert (
        client.post(url, data | {"disagreement_max_gap": "101"}).status_code == 200
    )  # out of range, form error
    Call.objects.filter(pk=c.call.pk).update(results_published_at=timezone.now())
    assert client.post(url, data | {"disagreement_max_gap": "40"}).status_code == 403
    assert Rubric.objects.get(call=c.call).disagreement_max_gap == 12.5


def _close(client, call, step, reason=PHASE_REASON):
    return client.post(
        reverse(f"evaluacion:staff_close_{step}", kwargs={"slug": call.slug}), {"reason": reason}
    )


def test_closing_the_evaluation_moves_the_call_to_the_committee_and_logs_it(client, competition):
    c = competition
    before = c.call.evaluation_close_at
    client.force_login(c.staff)

    response = _close(client, c.call, "evaluation")

    assert response.status_code == 302 and response["Location"] == reverse(
        "evaluacion:staff_call", kwargs={"slug": c.call.slug}
    )
    call = fresh_call(c.call)
    assert call.phase == Phase.COMMITTEE
    assert call.evaluation_close_at <= timezone.now() < before
    call.clean()  # the dates are still in order
    change = CallPhaseChange.objects.get()
    assert (change.call, change.actor, change.from_phase, change.to_phase, change.reason) == (
        call,
        c.staff,
        Phase.EVALUATION,
        Phase.COMMITTEE,
        PHASE_REASON,
    )
    assert change.dates == {"evaluation_close_at": [before.isoformat(), call.evaluation_close_at.isoformat()]}
    # Reviews can no longer be saved.
    assert not evaluation_open(c.assigned, c.entry.__class__.objects.get(pk=c.entry.pk))
    page = client.get(response["Location"]).content.decode()
    assert "Cerrar el comité y pasar a resultados" in page and "Cerrar la evaluación ahora" not in page
    assert PHASE_REASON in page


def test_closing_the_committee_opens_the_results_phase(client, competition):
    c = competition
    client.force_login(c.staff)
    _close(client, c.call, "evaluation")
    committee_close, results_at = fresh_call(c.call).committee_close_at, fresh_call(c.call).results_at

    response = _close(client, c.call, "committee", reason="El comité terminó su sesión final.")

    assert response.status_code == 302
    call = fresh_call(c.call)
    assert call.phase == Phase.RESULTS and call.results_published_at is None
    assert call.evaluation_close_at < call.committee_close_at < call.results_at <= timezone.now()
    call.clean()
    change = CallPhaseChange.objects.latest("at")
    assert (change.from_phase, change.to_phase) == (Phase.COMMITTEE, Phase.RESULTS)
    assert change.dates["committee_close_at"][0] == committee_close.isoformat()
    assert change.dates["results_at"][0] == results_at.isoformat()
    assert "Publicar resultados" in client.get(response["Location"]).content.decode()


def test_a_reason_is_required(client, competition):
    c = competition
    client.force_login(c.staff)
    before = c.call.evaluation_close_at

    response = _close(client, c.call, "evaluation", reason="   ")

    assert response.status_code == 200
    assert "Este campo es necesario." in response.content.decode()
    assert fresh_call(c.call).evaluation_close_at == before and not CallPhaseChange.objects.exists()
    with pytest.raises(ValidationError):
        close_evaluation(call=c.call, actor=c.staff, reason="")


def test_a_step_is_refused_outside_its_phase(client, competition):
    c = competition
    client.force_login(c.staff)
    before = (c.call.committee_close_at, c.call.results_at)

    confirm = client.get(
        reverse("evaluacion:staff_close_evaluation", kwargs={"slug": c.call.slug})
    ).content.decode()
    # Two released reviews unsent (the conflicted evaluator's assignment does not count), three undecided.
    assert (
        "Quedan 2 evaluaciones liberadas sin enviar" in confirm and "Faltan 3 decisiones finales" in confirm
    )
    page = client.get(
        reverse("evaluacion:staff_close_committee", kwargs={"slug": c.call.slug})
    ).content.decode()
    assert "no está en la fase que este paso cierra" in page and "<textarea" not in page
    response = _close(client, c.call, "committee")

    assert response.status_code == 302
    assert (fresh_call(c.call).committee_close_at, fresh_call(c.call).results_at) == before
    assert not CallPhaseChange.objects.exists()
    with pytest.raises(ValidationError):
        close_committee(call=c.call, actor=c.staff, reason=PHASE_REASON)
    # Closing the evaluation twice: the second time the call is already with the committee.
    close_evaluation(call=c.call, actor=c.staff, reason=PHASE_REASON)
    with pytest.raises(ValidationError):
        close_evaluation(call=fresh_call(c.call), actor=c.staff, reason=PHASE_REASON)


@pytest.mark.parametrize("role", ["committee", "assigned", "applicant"])
@pytest.mark.parametrize("step", ["evaluation", "committee"])
def test_only_staff_may_change_phases(client, competition, role, step):
    c = competition
    client.force_login(getattr(c, role))
    url = reverse(f"evaluacion:staff_close_{step}", kwargs={"slug": c.call.slug})

    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": PHASE_REASON}).status_code == 403
    assert fresh_call(c.call).phase == Phase.EVALUATION and not CallPhaseChange.objects.exists()


def test_staff_can_publish_after_closing_both_phases(client, competition, django_capture_on_commit_callbacks):
    """The demo's path for a new user: close evaluation, committee decides, close committee, publish."""
    from portal.services.roles import ensure_editorial_workflow

    c = competition
    home_page_factory()
    ensure_editorial_workflow(pages=[library_index_factory()])
    publish_url = reverse("evaluacion:staff_publish", kwargs={"slug": c.call.slug})
    client.force_login(c.staff)
    client.post(publish_url, {"reason": "Acta firmada."})
    assert fresh_call(c.call).results_published_at is None  # in evaluation: refused

    _close(client, c.call, "evaluation")
    client.force_login(c.committee)
    outcomes = {
        c.entry: DecisionChoice.WINNER,
        c.other: DecisionChoice.MENTION,
        c.third: DecisionChoice.NOT_SELECTED,
    }
    for entry, outcome in outcomes.items():
        url = reverse("evaluacion:committee_decide", kwargs={"slug": c.call.slug, "code": entry.code})
        assert client.post(url, {"outcome": outcome, "reason": "Acta de la sesión final."}).status_code == 302
    client.force_login(c.staff)
    _close(client, c.call, "committee", reason="Decisiones completas.")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(publish_url, {"reason": "Acta firmada por el comité."})

    assert response.status_code == 302
    call = fresh_call(c.call)
    assert call.results_published_at is not None
    drafts = GoodPracticePage.objects.filter(external_id__startswith="concurso:")
    assert sorted(page.competition_decision.outcome for page in drafts) == ["ganadora", "mencion"]
    assert all(not page.live and page.current_workflow_state is not None for page in drafts)
    # Published: no more phase steps on the summary page.
    page = client.get(reverse("evaluacion:staff_call", kwargs={"slug": c.call.slug})).content.decode()
    assert "Cerrar el comité" not in page and "Cerrar la evaluación" not in page
