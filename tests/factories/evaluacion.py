"""Factories of the evaluation models (one per model)."""

import factory
from django.core.files.base import ContentFile

from core.models import Role, User
from evaluacion.models import (
    Assignment,
    AssignmentStatus,
    Conflict,
    ConflictKind,
    Criterion,
    Decision,
    DecisionLog,
    EvaluatorProfile,
    ExtraReviewRequest,
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

# A complete rubric for tests (key, name, weight, description); ties break on "impacto".
RUBRIC = [
    ("innovacion", "Innovación", 20, "Qué tan nueva es la solución para un municipio."),
    ("impacto", "Impacto y resultados", 25, "Resultados medidos y beneficio para la comunidad."),
    ("participacion", "Participación ciudadana", 15, "Papel de la comunidad en el diseño y la ejecución."),
    ("sostenibilidad", "Sostenibilidad", 15, "Continuidad financiera e institucional."),
    ("replicabilidad", "Replicabilidad", 15, "Posibilidad de llevarla a otros municipios."),
    ("eficiencia", "Eficiencia en el uso de recursos", 10, "Resultados en relación con lo invertido."),
]



class EvaluatorUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"evaluador{n}@consultora{n}.cl")
    first_name = "Evaluadora"
    last_name = factory.Sequence(lambda n: f"Prueba{n}")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create:
            self.add_role(Role.EVALUATOR)


class EvaluatorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluatorProfile

    user = factory.SubFactory(EvaluatorUserFactory)
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
    invited_by = factory.LazyFunction(lambda: User.objects.create_user(email=f"staff{User.objects.count()}@asoc.cl"))


class PoolMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoolMember

    call = factory.SubFactory(CallFactory)
    user = factory.SubFactory(EvaluatorUserFactory)


class ConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conflict

    submission = factory.SubFactory(SubmissionFactory)
    evaluator = factory.SubFactory(EvaluatorUserFactory)
    kind = ConflictKind.STAFF
    reason = "Trabajó en el proyecto."


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    submission = factory.SubFactory(SubmissionFactory)
    evaluator = factory.SubFactory(EvaluatorUserFactory)
    status = AssignmentStatus.RELEASED


class ExtraReviewRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExtraReviewRequest

    submission = factory.SubFactory(SubmissionFactory)
    requested_by = factory.LazyFunction(lambda: User.objects.create_user(email=f"comite{User.objects.count()}@asoc.cl"))
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
    actor = factory.LazyFunction(lambda: User.objects.create_user(email=f"actor{User.objects.count()}@asoc.cl"))


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    call = factory.SubFactory(CallFactory)
    published_by = factory.LazyFunction(lambda: User.objects.create_user(email=f"pub{User.objects.count()}@asoc.cl"))
