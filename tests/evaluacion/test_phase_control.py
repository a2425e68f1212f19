"""Staff close the evaluation and the committee early (with a reason, logged), then publish."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from concurso.models import Call, Phase
from evaluacion.models import CallPhaseChange, DecisionChoice
from evaluacion.rules import evaluation_open
from evaluacion.services.phases import close_committee, close_evaluation
from portal.models import GoodPracticePage
from tests.factories.portal import home_page_factory, library_index_factory

REASON = "Todas las evaluaciones comprometidas están enviadas."


def _close(client, call, step, reason=REASON):
    return client.post(
        reverse(f"evaluacion:staff_close_{step}", kwargs={"slug": call.slug}), {"reason": reason}
    )


def _fresh(call) -> Call:
    return Call.objects.get(pk=call.pk)


def test_closing_the_evaluation_moves_the_call_to_the_committee_and_logs_it(client, competition):
    c = competition
    before = c.call.evaluation_close_at
    client.force_login(c.staff)

    response = _close(client, c.call, "evaluation")

    assert response.status_code == 302 and response["Location"] == reverse(
        "evaluacion:staff_call", kwargs={"slug": c.call.slug}
    )
    call = _fresh(c.call)
    assert call.phase == Phase.COMMITTEE
    assert call.evaluation_close_at <= timezone.now() < before
    call.clean()  # the dates are still in order
    change = CallPhaseChange.objects.get()
    assert (change.call, change.actor, change.from_phase, change.to_phase, change.reason) == (
        call,
        c.staff,
        Phase.EVALUATION,
        Phase.COMMITTEE,
        REASON,
    )
    assert change.dates == {"evaluation_close_at": [before.isoformat(), call.evaluation_close_at.isoformat()]}
    # Reviews can no longer be saved.
    assert not evaluation_open(c.assigned, c.entry.__class__.objects.get(pk=c.entry.pk))
    page = client.get(response["Location"]).content.decode()
    assert "Cerrar el comité y pasar a resultados" in page and "Cerrar la evaluación ahora" not in page
    assert REASON in page


def test_closing_the_committee_opens_the_results_phase(client, competition):
    c = competition
    client.force_login(c.staff)
    _close(client, c.call, "evaluation")
    committee_close, results_at = _fresh(c.call).committee_close_at, _fresh(c.call).results_at

    response = _close(client, c.call, "committee", reason="El comité terminó su sesión final.")

    assert response.status_code == 302
    call = _fresh(c.call)
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
    assert _fresh(c.call).evaluation_close_at == before and not CallPhaseChange.objects.exists()
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
    assert (_fresh(c.call).committee_close_at, _fresh(c.call).results_at) == before
    assert not CallPhaseChange.objects.exists()
    with pytest.raises(ValidationError):
        close_committee(call=c.call, actor=c.staff, reason=REASON)
    # Closing the evaluation twice: the second time the call is already with the committee.
    close_evaluation(call=c.call, actor=c.staff, reason=REASON)
    with pytest.raises(ValidationError):
        close_evaluation(call=_fresh(c.call), actor=c.staff, reason=REASON)


@pytest.mark.parametrize("role", ["committee", "assigned", "applicant"])
@pytest.mark.parametrize("step", ["evaluation", "committee"])
def test_only_staff_may_change_phases(client, competition, role, step):
    c = competition
    client.force_login(getattr(c, role))
    url = reverse(f"evaluacion:staff_close_{step}", kwargs={"slug": c.call.slug})

    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": REASON}).status_code == 403
    assert _fresh(c.call).phase == Phase.EVALUATION and not CallPhaseChange.objects.exists()


def test_the_log_is_append_only(competition):
    change = close_evaluation(call=competition.call, actor=competition.staff, reason=REASON)
    change.reason = "otro"
    with pytest.raises(ValidationError):
        change.save()
    with pytest.raises(ValidationError):
        change.delete()


def test_staff_can_publish_after_closing_both_phases(client, competition, django_capture_on_commit_callbacks):
    """The demo's path for a new user: close evaluation, committee decides, close committee, publish."""
    from portal.services.roles import ensure_editorial_workflow

    c = competition
    home_page_factory()
    ensure_editorial_workflow(pages=[library_index_factory()])
    publish_url = reverse("evaluacion:staff_publish", kwargs={"slug": c.call.slug})
    client.force_login(c.staff)
    client.post(publish_url, {"reason": "Acta firmada."})
    assert _fresh(c.call).results_published_at is None  # in evaluation: refused

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
    call = _fresh(c.call)
    assert call.results_published_at is not None
    drafts = GoodPracticePage.objects.filter(external_id__startswith="concurso:")
    assert sorted(page.competition_decision.outcome for page in drafts) == ["ganadora", "mencion"]
    assert all(not page.live and page.current_workflow_state is not None for page in drafts)
    # Published: no more phase steps on the summary page.
    page = client.get(reverse("evaluacion:staff_call", kwargs={"slug": c.call.slug})).content.decode()
    assert "Cerrar el comité" not in page and "Cerrar la evaluación" not in page


def test_results_date_follows_the_committee_close_by_a_microsecond(competition):
    close_evaluation(call=competition.call, actor=competition.staff, reason=REASON)
    close_committee(call=competition.call, actor=competition.staff, reason=REASON)
    call = _fresh(competition.call)
    assert call.results_at - call.committee_close_at == timedelta(microseconds=1)
