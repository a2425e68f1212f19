import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from core.models import SentEmail
from tests.transferencia.conftest import TODAY, requested_replication
from transferencia import services
from transferencia.models import ReplicationStatus, StageKind
from transferencia.practices import resolve

pytestmark = pytest.mark.django_db


def test_request_emails_origin_and_answer_emails_requester(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        replication = requested_replication(world)
    assert replication.origin_municipality == world["origin"]
    assert [m.to for m in mail.outbox] == [["contacto@laserena.cl"]]
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_replication(
            replication=replication,
            user=world["origin_user"],
            contact_name="Ana Pérez",
            contact_email="ana@laserena.cl",
        )
    assert "Ana Pérez" in mail.outbox[1].body
    assert set(mail.outbox[1].to) == {"postulante@valdivia.cl", "calidad@valdivia.cl"}
    assert SentEmail.objects.filter(key=f"replication-answer:{replication.pk}").exists()


def test_cannot_request_own_practice_or_twice(world):
    with pytest.raises(ValidationError):
        services.request_replication(
            practice=resolve(world["practice"].pk), user=world["origin_user"], motivation="x"
        )
    requested_replication(world)
    with pytest.raises(ValidationError):
        requested_replication(world)


def test_decline_needs_reason_and_closes(world):
    replication = requested_replication(world)
    with pytest.raises(ValidationError):
        services.decline_replication(replication=replication, user=world["origin_user"], reason=" ")
    services.decline_replication(
        replication=replication, user=world["origin_user"], reason="Sin equipo este año."
    )
    replication.refresh_from_db()
    assert replication.status == ReplicationStatus.DECLINED
    # Declined: the municipality may ask again later.
    assert requested_replication(world).pk != replication.pk


def test_stage_closes_replication_and_rejects_future_date(world):
    replication = requested_replication(world)
    services.accept_replication(
        replication=replication,
        user=world["origin_user"],
        contact_name="Ana",
        contact_email="ana@laserena.cl",
    )
    with pytest.raises(ValidationError):
        services.record_stage(
            replication=replication,
            user=world["requester_user"],
            kind=StageKind.CONTACT,
            date=TODAY + datetime.timedelta(days=3),
        )
    services.record_stage(
        replication=replication,
        user=world["origin_user"],
        kind=StageKind.DISCARDED,
        date=TODAY,
        notes="No había presupuesto.",
    )
    replication.refresh_from_db()
    assert replication.status == ReplicationStatus.DISCARDED
    with pytest.raises(ValidationError):
        services.record_stage(
            replication=replication, user=world["requester_user"], kind=StageKind.CONTACT, date=TODAY
        )
