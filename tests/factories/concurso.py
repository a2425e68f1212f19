"""Factories of the competition models (one per model)."""

from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from concurso.models import (
    Call,
    DeadlineExtension,
    Submission,
    SubmissionAttachment,
    SubmissionConflictCopy,
    SubmissionEvent,
    SubmissionStatus,
)
from core.models import Municipality, User
from tests.factories.core import CategoryFactory

DAY = timedelta(days=1)


class CallFactory(factory.django.DjangoModelFactory):
    """An open call by default: opened 10 days ago, closes in 10 days."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    class Params:
        base = factory.LazyFunction(timezone.now)

    title = factory.Sequence(lambda n: f"Concurso de prueba {n}")
    year = 2026
    slug = factory.Sequence(lambda n: f"concurso-prueba-{n}")
    code_prefix = "BP"
    description = "Convocatoria de prueba."
    submissions_open_at = factory.LazyAttribute(lambda o: o.base - 10 * DAY)
    submissions_close_at = factory.LazyAttribute(lambda o: o.base + 10 * DAY)
    admissibility_close_at = factory.LazyAttribute(lambda o: o.base + 15 * DAY)
    evaluation_open_at = factory.LazyAttribute(lambda o: o.base + 16 * DAY)
    evaluation_close_at = factory.LazyAttribute(lambda o: o.base + 30 * DAY)
    committee_close_at = factory.LazyAttribute(lambda o: o.base + 40 * DAY)
    results_at = factory.LazyAttribute(lambda o: o.base + 50 * DAY)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if not create:
            return
        self.categories.set(extracted if extracted is not None else [CategoryFactory(), CategoryFactory()])


def complete_fields(call: Call) -> dict:
    """Every field that sending requires, filled in."""
    return {
        "category": call.categories.first(),
        "title": "Reciclaje puerta a puerta",
        "summary": "Resumen de la práctica.",
        "year_start": 2024,
        "implementation_period": "2024 a la fecha",
        "implementation_months": 24,
        "previous_situation": "Situación previa.",
        "objectives": "Objetivos.",
        "description": "Descripción.",
        "results": "Resultados.",
        "citizen_participation": "Participación.",
        "sustainability": "Sostenibilidad.",
        "replicability": "Replicabilidad.",
        "contact_name": "Marcela Rojas",
        "contact_email": "mrojas@laserena.cl",
        "contact_phone": "+56 51 220 6000",
    }


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    call = factory.SubFactory(CallFactory)
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(comuna__code="04101"))
    created_by = factory.LazyAttribute(
        lambda o: User.objects.create_user(
            email=f"autor{User.objects.count()}@example.cl", municipality=o.municipality
        )
    )
    status = SubmissionStatus.DRAFT
    title = factory.Sequence(lambda n: f"Práctica {n}")

    class Params:
        complete = factory.Trait(
            category=factory.LazyAttribute(lambda o: o.call.categories.first()),
            summary="Resumen.",
            year_start=2024,
            implementation_period="2024 a la fecha",
            implementation_months=24,
            previous_situation="Antes.",
            objectives="Objetivos.",
            description="Descripción.",
            results="Resultados.",
            citizen_participation="Participación.",
            sustainability="Sostenibilidad.",
            replicability="Replicable.",
            contact_name="Marcela Rojas",
            contact_email="mrojas@laserena.cl",
            contact_phone="+56 51 220 6000",
        )


class SubmissionAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubmissionAttachment

    submission = factory.SubFactory(SubmissionFactory)
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 test", name="informe.pdf"))
    original_name = "informe.pdf"
    content_type = "application/pdf"
    size = 13
    label = "Informe de resultados"
    uploaded_by = factory.LazyAttribute(lambda o: o.submission.created_by)


class DeadlineExtensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeadlineExtension

    call = factory.SubFactory(CallFactory)
    municipality = None
    new_close_at = factory.LazyAttribute(lambda o: o.call.submissions_close_at + DAY)
    reason = "Corte de luz en la comuna."
    created_by = factory.LazyFunction(
        lambda: User.objects.create_user(email=f"staff{User.objects.count()}@example.cl")
    )


class SubmissionEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubmissionEvent

    submission = factory.SubFactory(SubmissionFactory)
    call = factory.LazyAttribute(lambda o: o.submission.call)
    action = SubmissionEvent.Action.CREATED
    actor = factory.LazyAttribute(lambda o: o.submission.created_by)


class SubmissionConflictCopyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubmissionConflictCopy

    submission = factory.SubFactory(SubmissionFactory)
    author = factory.LazyAttribute(lambda o: o.submission.created_by)
    base_version = 1
    current_version = 2
    data = factory.LazyFunction(lambda: {"title": "Texto rechazado"})
