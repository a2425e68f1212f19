"""The «Done means» journey through the web views, as the committee, staff and the validator."""

import pytest
from django.urls import reverse

from calidad.models import ImprovementPlan, Methodology, PlanStatus, SelfAssessmentStatus
from tests.factories.calidad import improvement_road, pdf_upload, quality_user, validator_user
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def test_journey_through_the_views(client, la_serena, instrument):
    member = quality_user(la_serena)
    validator, staff = validator_user(), UserFactory(coordinator=True)
    committee = improvement_road(la_serena, member=member, validator=None, until="draft")
    sa = committee.self_assessment
    pk = committee.pk
    client.force_login(member)
    # An invalid score keeps the evidence typed and shows the summary.
    first = sa.responses.order_by("element__number").first()
    bad = client.post(
        reverse("calidad:improvement_elements", args=[pk, 1]),
        {f"evidence_{first.pk}": "Texto escrito", f"score_{first.pk}": "9"},
    )
    assert (
        bad.status_code == 400
        and "Texto escrito" in bad.content.decode()
        and "error-summary" in bad.content.decode()
    )
    for area in sa.instrument.areas.order_by("number"):
        data = {}
        for r in sa.responses.filter(element__area=area):
            data[f"evidence_{r.pk}"], data[f"score_{r.pk}"] = "Acta y registro", "2"
        assert (
            client.post(reverse("calidad:improvement_elements", args=[pk, area.number]), data).status_code
            == 302
        )
    client.post(
        reverse("calidad:improvement_report", args=[pk]),
        {"mayor_letter": "Carta", "background": "Antecedentes", "acta": pdf_upload()},
    )
    client.post(reverse("calidad:improvement_submit", args=[pk]))
    sa.refresh_from_db()
    assert sa.status == SelfAssessmentStatus.SUBMITTED
    # Staff assign the validator.
    client.force_login(staff)
    assert (
        client.post(
            reverse("calidad:improvement_committee", args=[pk]), {"validator": validator.pk}
        ).status_code
        == 302
    )
    # The validator asks, the committee answers, the validator validates with feedback.
    client.force_login(validator)
    client.post(
        reverse("calidad:improvement_message", args=[pk, first.pk]), {"body": "¿Dónde está la evidencia?"}
    )
    client.force_login(member)
    client.post(reverse("calidad:improvement_message", args=[pk, first.pk]), {"body": "En el anexo."})
    assert first.messages.count() == 2
    client.force_login(validator)
    for area in sa.instrument.areas.order_by("number"):
        data = {"strengths": "Fortaleza", "opportunities": "Oportunidad"}
        for r in sa.responses.filter(element__area=area):
            data[f"validated_{r.pk}"] = "1"
        assert (
            client.post(reverse("calidad:improvement_elements", args=[pk, area.number]), data).status_code
            == 302
        )
    client.post(
        reverse("calidad:improvement_validate", args=[pk]), {"feedback_summary": "Síntesis", "validate": "1"}
    )
    sa.refresh_from_db()
    assert sa.status == SelfAssessmentStatus.VALIDATED
    page = client.get(reverse("calidad:improvement_feedback", args=[pk])).content.decode()
    assert "Fortaleza" in page and "-2" in page
    # The committee writes the plan; the same validator approves it.
    methodology = Methodology.objects.create(area_code="alfa", name="Mapa de procesos")
    client.force_login(member)
    plan_url = reverse("calidad:improvement_plan", args=[pk])
    client.post(plan_url, {"action": "plan", "focus": "Medir", f"priority_{methodology.pk}": "1"})
    bad_line = client.post(
        plan_url,
        {
            "action": "line",
            "line-title": "Indicadores",
            "line-responsible": "R",
            "line-start_date": "01-03-2025",
            "line-end_date": "01-02-2025",
            "line-success_indicator": "I",
            "line-target": "M",
        },
    )
    assert bad_line.status_code == 400 and "Indicadores" in bad_line.content.decode()
    client.post(
        plan_url,
        {
            "action": "line",
            "line-title": "Indicadores",
            "line-responsible": "R",
            "line-start_date": "01-03-2025",
            "line-end_date": "30-11-2025",
            "line-success_indicator": "I",
            "line-target": "M",
        },
    )
    client.post(plan_url, {"action": "submit"})
    client.force_login(validator_user())
    assert client.post(plan_url, {"action": "review", "decision": "aprobar"}).status_code == 403
    client.force_login(validator)
    client.post(plan_url, {"action": "review", "decision": "aprobar"})
    plan = ImprovementPlan.objects.get(committee=committee)
    assert plan.status == PlanStatus.APPROVED and plan.lines.get().title == "Indicadores"


def test_staff_create_committee_form_errors(client, coquimbo, instrument):
    staff = UserFactory(coordinator=True)
    client.force_login(staff)
    url = reverse("calidad:improvement_committee_new", args=[coquimbo.slug])
    response = client.post(
        url,
        {
            "decree_number": "5",
            "decree_date": "31-02-2025",
            "counterpart_1": "A",
            "counterpart_2": "B",
            "members_text": "Ana; Directora; nadie@ejemplo.cl",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "error-summary" in body and "nadie@ejemplo.cl" in body
    member = quality_user(coquimbo)
    response = client.post(
        url,
        {
            "decree_number": "5",
            "decree_date": "28-02-2025",
            "counterpart_1": "A",
            "counterpart_2": "B",
            "members_text": f"Ana; Directora; {member.email}",
        },
    )
    assert response.status_code == 302
    _ = improvement_road
