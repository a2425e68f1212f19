"""Factories of the evaluation models (one per model)."""

import factory
from django.core.files.base import ContentFile

from concurso.models import Phase
from evaluacion.models import (
    Assignment,
    AssignmentStatus,
    BlindCopyReview,
    CallPhaseChange,
    Conflict,
    ConflictKind,
    ConflictRemoval,
    Criterion,
    Decision,
    DecisionLog,
    EvaluatorProfile,
    ExtraReviewRequest,
    IdentityTerm,
    IdentityTermKind,
    Invitation,
    PoolMember,
    Publication,
    RedactedCopy,
    Review,
    ReviewScore,
    Rubric,
    SanitisedAttachment,
)
from tests.factories.concurso import CallFactory, SubmissionAttachmentFactory, SubmissionFactory
from tests.factories.core import MunicipalityFactory, UserFactory

# A complete rubric for tests (key, name, weight, description); ties break on "impacto".
RUBRIC = [
    ("innovacion", "Innovación", 20, "Qué tan nueva es la solución para un municipio."),
    ("impacto", "Impacto y resultados", 25, "Resultados medidos y beneficio para la comunidad."),
    ("participacion", "Participación ciudadana", 15, "Papel de la comunidad en el diseño y la ejecución."),
    ("sostenibilidad", "Sostenibilidad", 15, "Continuidad financiera e institucional."),
    ("replicabilidad", "Replicabilidad", 15, "Posibilidad de llevarla a otros municipios."),
    ("eficiencia", "Eficiencia en el uso de recursos", 10, "Resultados en relación con lo invertido."),
]


class EvaluatorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluatorProfile

    user = factory.SubFactory(
        UserFactory, evaluator=True, email=factory.Sequence(lambda n: f"evaluador{n}@consultora{n}.cl")
    )
    max_load = 10


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric

    call = factory.SubFactory(CallFactory)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    rubric = factory.SubFactory(RubricFactory)
    key = factory.Sequence(lambda n: f"criterio-{n}")
    name = factory.Sequence(lambda n: f"Criterio {n}")
    weight = 50
    order = factory.Sequence(int)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    call = factory.SubFactory(CallFactory)
    email = factory.Sequence(lambda n: f"invitada{n}@universidad.cl")
    invited_by = factory.SubFactory(UserFactory, coordinator=True)


class PoolMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoolMember

    call = factory.SubFactory(CallFactory)
    user = factory.SubFactory(
        UserFactory, evaluator=True, email=factory.Sequence(lambda n: f"evaluador{n}@consultora{n}.cl")
    )


class ConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conflict

    submission = factory.SubFactory(SubmissionFactory)
    evaluator = factory.SubFactory(
        UserFactory, evaluator=True, email=factory.Sequence(lambda n: f"evaluador{n}@consultora{n}.cl")
    )
    kind = ConflictKind.STAFF
    reason = "Trabajó en el proyecto."


class ConflictRemovalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConflictRemoval

    submission = factory.SubFactory(SubmissionFactory)
    evaluator = factory.SubFactory(
        UserFactory, evaluator=True, email=factory.Sequence(lambda n: f"evaluador{n}@consultora{n}.cl")
    )
    kind = ConflictKind.STAFF
    conflict_reason = "Trabajó en el proyecto."
    reason = "El evaluador dejó la consultora antes de la convocatoria."
    actor = factory.SubFactory(UserFactory, coordinator=True)


class IdentityTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdentityTerm

    municipality = factory.SubFactory(MunicipalityFactory)
    term = factory.Sequence(lambda n: f"sector Las Compañías {n}")
    kind = IdentityTermKind.PLACE


class BlindCopyReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlindCopyReview

    submission = factory.SubFactory(SubmissionFactory)
    reviewer = factory.SubFactory(UserFactory, coordinator=True)
    digest = "0" * 64


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    submission = factory.SubFactory(SubmissionFactory)
    evaluator = factory.SubFactory(
        UserFactory, evaluator=True, email=factory.Sequence(lambda n: f"evaluador{n}@consultora{n}.cl")
    )
    status = AssignmentStatus.RELEASED


class ExtraReviewRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExtraReviewRequest

    submission = factory.SubFactory(SubmissionFactory)
    requested_by = factory.SubFactory(UserFactory, committee=True)
    reason = "Desacuerdo alto."


class RedactedCopyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RedactedCopy

    submission = factory.SubFactory(SubmissionFactory)
    fields = factory.LazyFunction(lambda: {"title": "Práctica", "summary": "Resumen [reservado]."})


class SanitisedAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SanitisedAttachment

    attachment = factory.SubFactory(SubmissionAttachmentFactory)
    number = 1
    neutral_name = factory.LazyAttribute(lambda o: f"{o.attachment.submission.code}-anexo-1.pdf")
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 limpio", name="x"))
    content_type = "application/pdf"
    available = True


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    assignment = factory.SubFactory(AssignmentFactory)


class ReviewScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewScore

    review = factory.SubFactory(ReviewFactory)
    criterion = factory.SubFactory(CriterionFactory)
    score = 5
    justification = "Bien fundamentado."


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    submission = factory.SubFactory(SubmissionFactory)


class DecisionLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionLog

    submission = factory.SubFactory(SubmissionFactory)
    field = DecisionLog.Field.OUTCOME
    new_value = "ganadora"
    reason = "Mejor puntaje."
    actor = factory.SubFactory(UserFactory, committee=True)


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    call = factory.SubFactory(CallFactory)
    published_by = factory.SubFactory(UserFactory, coordinator=True)


class CallPhaseChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallPhaseChange

    call = factory.SubFactory(CallFactory)
    from_phase = Phase.EVALUATION
    to_phase = Phase.COMMITTEE
    reason = "Llegaron todas las evaluaciones."
    actor = factory.SubFactory(UserFactory, coordinator=True)
