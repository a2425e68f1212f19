"""Factories of the transferencia models (one per model) and helpers that walk a replication
through the services."""

import datetime

import factory

from core.models import Role
from tests.factories.core import MunicipalityFactory, UserFactory
from transferencia.models import Replication, ReplicationStage, ReplicationStatus, StageKind


class ReplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Replication

    practice_page_id = factory.Sequence(lambda n: 100000 + n)
    practice_title = factory.Sequence(lambda n: f"Práctica replicada {n}")
    origin_municipality = factory.SubFactory(MunicipalityFactory, comuna_code="04101")
    requester_municipality = factory.SubFactory(MunicipalityFactory, comuna_code="14101")
    requested_by = factory.SubFactory(
        UserFactory, applicant=True, municipality=factory.SelfAttribute("..requester_municipality")
    )
    motivation = "Queremos resolver el mismo problema en nuestra comuna."
    status = ReplicationStatus.REQUESTED


class ReplicationStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReplicationStage

    replication = factory.SubFactory(ReplicationFactory, status=ReplicationStatus.IN_PROGRESS)
    kind = StageKind.CONTACT
    date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=10))
    notes = "Primera reunión por videollamada."
    recorded_by = factory.SelfAttribute("replication.requested_by")


def municipal_user(municipality, *, role=Role.APPLICANT, **fields):
    user = UserFactory(municipality=municipality, **fields)
    user.add_role(role)
    return user
