"""Factories of the citizen-school models (one per model)."""

import datetime

import factory

from escuelas.models import Cohort, Course, Enrolment
from tests.factories.core import ComunaFactory


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        django_get_or_create = ("slug",)

    title = factory.Sequence(lambda n: f"Curso {n}")
    slug = factory.Sequence(lambda n: f"curso-{n}")
    summary = "Un curso para vecinos."
    description = "Contenidos del curso."
    sessions = 6


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    course = factory.SubFactory(CourseFactory)
    comuna = factory.SubFactory(ComunaFactory, code="04101")
    starts_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=10))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=30))
    capacity = 20
    venue = "Sede vecinal"


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    cohort = factory.SubFactory(CohortFactory)
    full_name = factory.Sequence(lambda n: f"Vecina {n}")
    email = factory.Sequence(lambda n: f"vecina{n}@ejemplo.cl")
    comuna = factory.SelfAttribute("cohort.comuna")
