import datetime

import pytest

from core.models import Role
from tests.factories.core import MunicipalityFactory, UserFactory
from tests.factories.portal import good_practice_factory
from tests.factories.transferencia import municipal_user
from transferencia import services
from transferencia.models import StageKind
from transferencia.practices import resolve

TODAY = datetime.date.today()


@pytest.fixture
def world(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    origin = MunicipalityFactory(comuna_code="04101")  # La Serena
    requester = MunicipalityFactory(comuna_code="14101")  # Valdivia
    other = MunicipalityFactory(comuna_code="13101")
    practice = good_practice_factory(municipality=origin, title="Reciclaje en ferias libres")
    return {
        "practice": practice,
        "origin": origin,
        "requester": requester,
        "other": other,
        "origin_user": municipal_user(origin, email="contacto@laserena.cl"),
        "requester_user": municipal_user(requester, email="postulante@valdivia.cl"),
        "quality_user": municipal_user(requester, role=Role.QUALITY_TEAM, email="calidad@valdivia.cl"),
        "other_user": municipal_user(other, email="alguien@santiago.cl"),
        "staff": UserFactory(coordinator=True),
    }


def requested_replication(world):
    return services.request_replication(
        practice=resolve(world["practice"].pk),
        user=world["requester_user"],
        motivation="Tenemos ferias similares.",
    )


def completed_replication(world, replication):
    services.accept_replication(
        replication=replication,
        user=world["origin_user"],
        contact_name="Ana",
        contact_email="ana@laserena.cl",
    )
    for kind in (StageKind.CONTACT, StageKind.VISIT, StageKind.ADAPTATION, StageKind.IMPLEMENTED):
        services.record_stage(replication=replication, user=world["requester_user"], kind=kind, date=TODAY)
    replication.refresh_from_db()
    return replication
