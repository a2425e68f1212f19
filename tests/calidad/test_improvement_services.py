import datetime
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from calidad import exports_improvement, improvement, selectors_improvement
from calidad.models import ImprovementPlan, InstrumentKind, ItemStatus, PlanStatus, SelfAssessmentStatus
from calidad.tasks_improvement import send_improvement_reminders
from tests.factories.calidad import improvement_road, quality_user, validator_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(la_serena):
    return quality_user(la_serena)


@pytest.fixture
def validator(coquimbo):
    return validator_user(email="val@ejemplo.cl")


def test_self_assessment_model_is_versioned_copy_of_the_structure(instrument):
    model = improvement.install_self_assessment_model()
    assert model.kind == InstrumentKind.SELF_ASSESSMENT
    assert model.questions.count() == instrument.questions.count()
    assert list(model.areas.values_list("code", flat=True)) == ["alfa", "beta"]
    assert improvement.install_self_assessment_model() == model  # idempotent


def test_submit_requires_everything_then_locks(la_serena, member, instrument):
    committee = improvement_road(la_serena, member=member, validator=None, until="draft")
    sa = committee.self_assessment
    with pytest.raises(ValidationError) as exc:
        improvement.submit_self_assessment(self_assessment=sa, user=member)
    assert any("sin puntaje" in m for m in exc.value.messages)
    assert any("acta" in m for m in exc.value.messages)


def test_full_road_and_side_by_side(la_serena, member, validator, instrument):
    committee = improvement_road(la_serena, member=member, validator=validator, until="plan_approved")
    sa = committee.self_assessment
    sa.refresh_from_db()
    assert sa.status == SelfAssessmentStatus.VALIDATED
    with pytest.raises(ValidationError):
        improvement.save_elements(self_assessment=sa, values={})
    rows = improvement.subcriterion_rows(sa)
    assert [(r.declared, r.validated, r.difference) for r in rows] == [(4, 2, -2), (4, 2, -2)]
    plan = ImprovementPlan.objects.get(committee=committee)
    assert plan.status == PlanStatus.APPROVED


def test_validator_of_same_municipality_or_region_is_refused(la_serena, coquimbo, member, instrument):
    committee = improvement_road(la_serena, member=member, validator=None, until="submitted")
    own = validator_user(municipality=la_serena)
    with pytest.raises(ValidationError, match="misma municipalidad"):
        improvement.assign_validator(self_assessment=committee.self_assessment, validator=own)
    neighbour = validator_user(municipality=coquimbo)
    with pytest.raises(ValidationError, match="misma región"):
        improvement.assign_validator(
            self_assessment=committee.self_assessment, validator=neighbour, same_region=True
        )
    improvement.assign_validator(self_assessment=committee.self_assessment, validator=neighbour)


def test_plan_is_reviewed_only_by_the_same_validator(la_serena, member, validator, instrument):
    committee = improvement_road(la_serena, member=member, validator=validator, until="plan_submitted")
    plan = ImprovementPlan.objects.get(committee=committee)
    other = validator_user()
    with pytest.raises(PermissionDenied):
        improvement.review_plan(plan=plan, user=other, approve=True)
    with pytest.raises(ValidationError):
        improvement.review_plan(plan=plan, user=validator, approve=False, comments="")
    improvement.review_plan(plan=plan, user=validator, approve=False, comments="Falta la meta de la línea 1.")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED
    improvement.submit_plan(plan=plan, user=member)


def test_thread_records_both_sides(la_serena, member, validator, instrument):
    committee = improvement_road(la_serena, member=member, validator=validator, until="assigned")
    response = committee.self_assessment.responses.first()
    improvement.post_message(response=response, user=validator, body="¿Dónde está el acta?")
    improvement.post_message(response=response, user=member, body="En el anexo 2.")
    assert [m.from_validator for m in response.messages.all()] == [True, False]
    with pytest.raises(PermissionDenied):
        improvement.post_message(response=response, user=validator_user(), body="Intruso")


def test_progress_overdue_dashboard_and_reminders(la_serena, member, validator, instrument):
    committee = improvement_road(la_serena, member=member, validator=validator)
    plan = ImprovementPlan.objects.get(committee=committee)
    line = plan.lines.get()
    row = selectors_improvement.dashboard(today=datetime.date(2025, 7, 15))[0]
    assert {str(item) for item in row.overdue} == {"Línea vencida", "Acción"}
    sent = send_improvement_reminders(today="2025-07-15")
    assert sent == 2 and len(mail.outbox) == 2
    assert send_improvement_reminders(today="2025-07-15") == 0  # idempotent
    improvement.record_progress(
        user=member, line=line, percent=100, comment="Terminada", on_date=datetime.date(2025, 7, 20)
    )
    line.refresh_from_db()
    assert line.status == ItemStatus.DONE and line.completed_at == datetime.date(2025, 7, 20)
    assert {
        str(item) for item in selectors_improvement.dashboard(today=datetime.date(2025, 7, 21))[0].overdue
    } == {"Acción"}
    with pytest.raises(ValidationError):
        improvement.record_progress(user=member, line=line, percent=120, comment="x")


def test_close_plan_opens_next_cycle(la_serena, member, validator, instrument):
    committee = improvement_road(la_serena, member=member, validator=validator)
    plan = ImprovementPlan.objects.get(committee=committee)
    improvement.close_plan(plan=plan, achievements="Indicadores instalados.")
    nxt = improvement.create_committee(
        municipality=la_serena,
        decree_number="2",
        decree_date=datetime.date(2026, 1, 1),
        counterpart_1="A",
        counterpart_2="B",
        members=[improvement.MemberData(name="X", post="Y", user=member)],
    )
    assert nxt.cycle == committee.cycle + 1


def test_exports(la_serena, member, validator, instrument):
    committee = improvement_road(la_serena, member=member, validator=validator)
    sa, plan = committee.self_assessment, ImprovementPlan.objects.get(committee=committee)
    for data in (
        exports_improvement.self_assessment_pdf(sa),
        exports_improvement.feedback_pdf(sa),
        exports_improvement.plan_pdf(plan),
    ):
        assert data.startswith(b"%PDF")
    assert exports_improvement.plan_xlsx(plan)[:2] == b"PK"
    out = StringIO()
    call_command("export_improvement_plans", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data[0]["status"] == "aprobado" and data[0]["lines"][0]["title"] == "Línea vencida"


def test_good_practice_draft_goes_to_moderation(la_serena, member, validator, instrument):
    from portal.models import GoodPracticePage
    from tests.factories.core import CategoryFactory
    from tests.factories.portal import library_index_factory

    CategoryFactory()
    library_index_factory()
    committee = improvement_road(la_serena, member=member, validator=validator)
    line = ImprovementPlan.objects.get(committee=committee).lines.get()
    with pytest.raises(ValidationError):
        improvement.draft_good_practice(line=line, user=member)
    improvement.record_progress(user=member, line=line, percent=100, comment="Listo")
    line.refresh_from_db()
    page = improvement.draft_good_practice(line=line, user=member)
    page = GoodPracticePage.objects.get(pk=page.pk)
    assert not page.live and page.municipality == la_serena
    assert page.current_workflow_state is not None
