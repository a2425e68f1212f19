from django.urls import reverse

from core.models import Role
from evaluacion import feedback
from evaluacion.models import DecisionChoice
from evaluacion.services.committee import record_decision
from tests.evaluacion.conftest import publish_reviewed_call, reviewed_competition, to_committee_phase
from tests.factories.core import make_user


def test_nothing_of_the_result_reaches_the_applicant_before_publication(client, competition):
    c = reviewed_competition(competition)
    to_committee_phase(c.call)
    record_decision(
        submission=c.entry,
        actor=c.committee,
        outcome=DecisionChoice.WINNER,
        adjusted_score=None,
        reason="Mejor de su categoría.",
    )
    client.force_login(c.applicant)
    dashboard = client.get(reverse("concurso:dashboard")).content.decode()
    assert "Ganadora" not in dashboard and "Resultados publicados" not in dashboard
    assert client.get(reverse("evaluacion:feedback", args=[c.entry.code])).status_code == 404
    assert client.get(reverse("evaluacion:feedback_pdf", args=[c.entry.code])).status_code == 404
    assert feedback.report_for(c.entry) is None


def test_another_municipality_never_sees_the_report(client, competition, django_capture_on_commit_callbacks):
    c = publish_reviewed_call(client, reviewed_competition(competition), django_capture_on_commit_callbacks)
    client.force_login(make_user("otra@valdivia.cl", roles=[Role.APPLICANT], comuna_code="14101"))
    assert client.get(reverse("evaluacion:feedback", args=[c.entry.code])).status_code == 404
    assert client.get(reverse("evaluacion:feedback_pdf", args=[c.entry.code])).status_code == 404
    client.force_login(c.committee)
    assert client.get(reverse("evaluacion:feedback", args=[c.entry.code])).status_code == 404
