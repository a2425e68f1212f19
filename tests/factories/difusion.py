"""Factories of the dissemination models (one per model)."""

import datetime

import factory
from django.utils import timezone

from difusion.models import (
    Book,
    BookEntry,
    Event,
    EventKind,
    EventMaterial,
    EventPractice,
    EventSession,
    EventSpeaker,
    Registration,
    RegistrationStatus,
)


class BookFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Book

    title = factory.Sequence(lambda n: f"Libro de buenas prácticas {n}")
    slug = factory.Sequence(lambda n: f"libro-{n}")
    year = 2025
    presentation = "<p>Presentación del libro.</p>"


class BookEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BookEntry

    book = factory.SubFactory(BookFactory)
    sort_order = factory.Sequence(int)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Seminario de buenas prácticas {n}")
    slug = factory.Sequence(lambda n: f"seminario-{n}")
    kind = EventKind.SEMINAR
    summary = "Encuentro de municipios para presentar prácticas reconocidas."
    description = "<p>Programa de la jornada.</p>"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=4))
    venue = "Centro de Extensión"
    address = "Av. Libertador Bernardo O'Higgins 390"
    city = "Santiago"
    capacity = 50
    registration_open = True
    published = True


class EventSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSession

    event = factory.SubFactory(EventFactory)
    starts_at = datetime.time(9, 30)
    title = "Bienvenida"


class EventSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSpeaker

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Expositora {n}")
    affiliation = "Municipalidad de Prueba"


class EventPracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventPractice

    event = factory.SubFactory(EventFactory)


class EventMaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventMaterial

    event = factory.SubFactory(EventFactory)
    title = "Presentación"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Persona Inscrita {n}")
    email = factory.Sequence(lambda n: f"inscrita{n}@ejemplo.cl")
    organisation = "Municipalidad de Prueba"
    status = RegistrationStatus.CONFIRMED
