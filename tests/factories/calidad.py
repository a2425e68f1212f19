"""Factories of the calidad models (one per model) and a helper that builds a small instrument
through the services (two ámbitos: a practice ámbito and a mixed one)."""

import datetime
import io
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from calidad import services
from calidad.models import (
    Answer,
    AreaResult,
    Choice,
    Diagnostic,
    DiagnosticStatus,
    Dimension,
    ExternalSource,
    Instrument,
    ManagementArea,
    Participant,
    Post,
    Question,
    QuestionKind,
    Threshold,
)
from core.models import Municipality, Role, User
from tests.factories.core import MunicipalityFactory, UserFactory


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument

    family = "diagnostico-prueba"
    version = factory.Sequence(lambda n: n + 1)
    name = "Instrumento de prueba"
    is_active = True


class DimensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dimension

    instrument = factory.SubFactory(InstrumentFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Criterio {n}")


class ManagementAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ManagementArea

    dimension = factory.SubFactory(DimensionFactory)
    instrument = factory.LazyAttribute(lambda o: o.dimension.instrument)
    number = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"ambito-{n}")
    name = factory.Sequence(lambda n: f"Ámbito {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    area = factory.SubFactory(ManagementAreaFactory)
    instrument = factory.LazyAttribute(lambda o: o.area.instrument)
    number = factory.Sequence(lambda n: n + 1)
    kind = QuestionKind.PRACTICE
    text = factory.Sequence(lambda n: f"¿Pregunta {n}?")


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = "Alternativa"
    points = 1


class ThresholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Threshold

    question = factory.SubFactory(QuestionFactory, kind=QuestionKind.RESULT)
    minimum = Decimal(0)
    maximum = None
    points = 3


class DiagnosticFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Diagnostic

    municipality = factory.SubFactory(MunicipalityFactory)
    instrument = factory.SubFactory(InstrumentFactory)
    held_on = datetime.date(2025, 4, 1)
    status = DiagnosticStatus.DRAFT


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    diagnostic = factory.SubFactory(DiagnosticFactory)
    name = factory.Sequence(lambda n: f"Persona {n}")
    post = Post.OTHER


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    diagnostic = factory.SubFactory(DiagnosticFactory)
    question = factory.SubFactory(QuestionFactory)


class AreaResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaResult

    diagnostic = factory.SubFactory(DiagnosticFactory, status=DiagnosticStatus.SUBMITTED)
    area = factory.SubFactory(ManagementAreaFactory)
    maximum = 12
    obtained = Decimal(6)
    percent = 50


class ExternalSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExternalSource

    name = "Fuente de prueba"
    year = 2019
    instrument = factory.SubFactory(InstrumentFactory)


LADDER = [("No se hace", 0, True), ("Informal", 1, False), ("Formal", 2, False), ("Evaluado", 3, False)]
BANDS = [
    (None, Decimal(50), 0, "<50"),
    (Decimal(50), Decimal(70), 1, "50-70"),
    (Decimal(70), Decimal(90), 2, "70-90"),
    (Decimal(90), None, 3, ">=90"),
]


def small_instrument(*, family="diagnostico-prueba", activate=True) -> Instrument:
    """Two ámbitos: «alfa» with 2 practices (max 6), «beta» with 1 practice and 1 figure (max 6)."""
    instrument = services.create_instrument(family=family, name="Instrumento pequeño")
    dim = services.add_dimension(instrument=instrument, number=1, name="Criterio")
    alfa = services.add_area(dimension=dim, number=1, code="alfa", name="Alfa")
    beta = services.add_area(dimension=dim, number=2, code="beta", name="Beta")
    services.add_question(area=alfa, number=1, kind=QuestionKind.PRACTICE, text="¿P1?", choices=LADDER)
    services.add_question(area=alfa, number=2, kind=QuestionKind.PRACTICE, text="¿P2?", choices=LADDER)
    services.add_question(area=beta, number=3, kind=QuestionKind.PRACTICE, text="¿P3?", choices=LADDER)
    services.add_question(
        area=beta, number=4, kind=QuestionKind.RESULT, text="¿Cifra?", unit="%", thresholds=BANDS
    )
    if activate:
        services.activate_instrument(instrument=instrument)
    return instrument


def quality_user(municipality: Municipality, **kwargs) -> User:
    user = UserFactory(municipality=municipality, **kwargs)
    user.add_role(Role.QUALITY_TEAM)
    return user


def pdf_upload(name="acta.pdf") -> SimpleUploadedFile:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "Acta firmada")
    pdf.showPage()
    pdf.save()
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def answer_all(diagnostic, points_by_number: dict[int, int] | None = None):
    """Answer every question of the diagnostic's instrument (default: 2 points each)."""
    answers = {}
    for question in diagnostic.instrument.questions.prefetch_related("choices", "thresholds"):
        points = (points_by_number or {}).get(question.number, 2)
        if question.kind == QuestionKind.PRACTICE:
            choice = next(c for c in question.choices.all() if c.points == points)
            answers[question.pk] = services.AnswerData(choice_id=choice.pk)
        else:
            band = next(b for b in question.thresholds.all() if b.points == points)
            value = band.minimum if band.minimum is not None else Decimal(0)
            answers[question.pk] = services.AnswerData(value=value)
    services.save_answers(diagnostic=diagnostic, answers=answers)


def submitted_diagnostic(
    municipality, instrument, *, held_on=datetime.date(2025, 4, 1), points=None, user=None, publish=False
):
    user = user or quality_user(municipality)
    diagnostic = services.start_diagnostic(
        municipality=municipality, user=user, held_on=held_on, instrument=instrument, duration_minutes=240
    )
    services.set_participants(
        diagnostic=diagnostic,
        participants=[
            services.ParticipantData(name="Alcaldesa", post=Post.MAYOR, signed_acta=True),
            services.ParticipantData(name="Secretario", post=Post.SECRETARY, signed_acta=True),
        ],
    )
    answer_all(diagnostic, points)
    services.attach_acta(diagnostic=diagnostic, uploaded_file=pdf_upload())
    diagnostic = services.submit_diagnostic(diagnostic=diagnostic, user=user)
    if publish:
        diagnostic = services.set_published(diagnostic=diagnostic, published=True)
    return diagnostic


# ---------------------------------------------------------------------------------------------
# Improvement road (issue 12)
# ---------------------------------------------------------------------------------------------

from calidad import improvement  # noqa: E402
from calidad.models import (  # noqa: E402
    ActionLine,
    CommitteeMember,
    ElementAttachment,
    ElementMessage,
    ElementResponse,
    FeedbackItem,
    ImmediateAction,
    ImprovementCommittee,
    ImprovementPlan,
    Methodology,
    PlanMethodology,
    ProgressUpdate,
    SelfAssessment,
)


class ImprovementCommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementCommittee

    municipality = factory.SubFactory(MunicipalityFactory)
    cycle = factory.Sequence(lambda n: n + 1)
    decree_number = "1.234"
    decree_date = datetime.date(2025, 3, 1)
    counterpart_1 = "Contraparte Uno"
    counterpart_2 = "Contraparte Dos"


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    committee = factory.SubFactory(ImprovementCommitteeFactory)
    name = factory.Sequence(lambda n: f"Integrante {n}")
    post = "Director"


class SelfAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfAssessment

    committee = factory.SubFactory(ImprovementCommitteeFactory)
    instrument = factory.LazyFunction(lambda: improvement.install_self_assessment_model())


class ElementResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElementResponse

    self_assessment = factory.SubFactory(SelfAssessmentFactory)
    element = factory.LazyAttribute(
        lambda o: o.self_assessment.instrument.questions.order_by("number").first()
    )


class ElementAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElementAttachment

    response = factory.SubFactory(ElementResponseFactory)
    file = factory.LazyFunction(lambda: pdf_upload("anexo.pdf"))
    name = "anexo.pdf"


class ElementMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElementMessage

    response = factory.SubFactory(ElementResponseFactory)
    author = factory.SubFactory(UserFactory)
    body = "¿Qué documento lo respalda?"


class FeedbackItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackItem

    self_assessment = factory.SubFactory(SelfAssessmentFactory)
    area = factory.LazyAttribute(lambda o: o.self_assessment.instrument.areas.first())
    strengths = "Fortaleza"
    opportunities = "Oportunidad"


class MethodologyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Methodology

    area_code = "alfa"
    name = factory.Sequence(lambda n: f"Metodología {n}")


class ImprovementPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementPlan

    committee = factory.SubFactory(ImprovementCommitteeFactory)
    focus = "Foco del plan"


class PlanMethodologyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanMethodology

    plan = factory.SubFactory(ImprovementPlanFactory)
    methodology = factory.SubFactory(MethodologyFactory)


class ActionLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionLine

    plan = factory.SubFactory(ImprovementPlanFactory)
    title = factory.Sequence(lambda n: f"Línea {n}")
    responsible = "Responsable"
    start_date = datetime.date(2025, 1, 1)
    end_date = datetime.date(2025, 12, 31)
    success_indicator = "Indicador"
    target = "100 %"


class ImmediateActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImmediateAction

    plan = factory.SubFactory(ImprovementPlanFactory)
    action = "Ordenar el archivo"
    responsible = "Secretaría"
    due_date = datetime.date(2025, 6, 30)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    line = factory.SubFactory(ActionLineFactory)
    percent = 50
    comment = "Avance"
    author = factory.SubFactory(UserFactory)


def validator_user(**kwargs) -> User:
    user = UserFactory(**kwargs)
    user.add_role(Role.VALIDATOR)
    return user


def improvement_road(
    municipality, *, member, validator, until="plan_approved", today=datetime.date(2025, 3, 1)
):
    """Build a cycle through the services up to ``until``: draft, submitted, assigned, validated,
    plan_submitted, plan_approved."""
    if not Instrument.objects.filter(kind="diagnostico", is_active=True).exists():
        small_instrument()
    committee = improvement.create_committee(
        municipality=municipality,
        decree_number="77",
        decree_date=today,
        counterpart_1="A",
        counterpart_2="B",
        members=[improvement.MemberData(name="Integrante", post="Director", user=member)],
    )
    sa = improvement.start_self_assessment(committee=committee)
    if until == "draft":
        return committee
    improvement.save_elements(
        self_assessment=sa, values={r.pk: ("Evidencia escrita", 2) for r in sa.responses.all()}
    )
    improvement.save_report(
        self_assessment=sa, mayor_letter="Carta", background="Antecedentes", acta=pdf_upload()
    )
    sa = improvement.submit_self_assessment(self_assessment=sa, user=member)
    if until == "submitted":
        return committee
    improvement.assign_validator(self_assessment=sa, validator=validator)
    if until == "assigned":
        return committee
    improvement.save_review(
        self_assessment=sa,
        user=validator,
        scores={r.pk: (1, "") for r in sa.responses.all()},
        feedback={a.pk: ("F", "O") for a in sa.instrument.areas.all()},
        summary="Síntesis",
    )
    improvement.validate_self_assessment(self_assessment=sa, user=validator)
    if until == "validated":
        return committee
    plan = ImprovementPlan.objects.get(committee=committee)
    methodology = Methodology.objects.create(area_code="alfa", name=f"Metodología {committee.pk}")
    improvement.save_plan(plan=plan, focus="Foco", methodology_ids=[methodology.pk])
    improvement.add_line(
        plan=plan,
        title="Línea vencida",
        responsible="R",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 6, 30),
        success_indicator="I",
        target="M",
        methodology=methodology,
    )
    improvement.add_immediate_action(
        plan=plan, action="Acción", responsible="R", due_date=datetime.date(2025, 4, 30)
    )
    improvement.submit_plan(plan=plan, user=member)
    if until == "plan_submitted":
        return committee
    improvement.review_plan(plan=plan, user=validator, approve=True)
    return committee
