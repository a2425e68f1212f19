import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import Role, SentEmail
from tests.factories.core import MunicipalityFactory, UserFactory
from tests.factories.portal import good_practice_factory
from tests.factories.transferencia import ReplicationFactory, municipal_user
from transferencia import selectors, services
from transferencia.models import ReplicationStatus, StageKind
from transferencia.practices import resolve

pytestmark = pytest.mark.django_db

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


def _request(world):
    return services.request_replication(
        practice=resolve(world["practice"].pk),
        user=world["requester_user"],
        motivation="Tenemos ferias similares.",
    )


def _complete(world, replication):
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


def test_request_emails_origin_and_answer_emails_requester(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        replication = _request(world)
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
    _request(world)
    with pytest.raises(ValidationError):
        _request(world)


def test_decline_needs_reason_and_closes(world):
    replication = _request(world)
    with pytest.raises(ValidationError):
        services.decline_replication(replication=replication, user=world["origin_user"], reason=" ")
    services.decline_replication(
        replication=replication, user=world["origin_user"], reason="Sin equipo este año."
    )
    replication.refresh_from_db()
    assert replication.status == ReplicationStatus.DECLINED
    # Declined: the municipality may ask again later.
    assert _request(world).pk != replication.pk


def test_public_count_needs_completion_and_both_consents(world):
    replication = _complete(world, _request(world))
    assert replication.status == ReplicationStatus.COMPLETED
    assert replication.completed_on == TODAY
    assert selectors.public_replication_count(world["practice"].pk) == 0
    services.set_consent(replication=replication, user=world["requester_user"], consent=True)
    assert selectors.public_replication_count(world["practice"].pk) == 0
    services.set_consent(replication=replication, user=world["origin_user"], consent=True)
    assert selectors.public_replication_count(world["practice"].pk) == 1
    assert selectors.public_replication_counts() == {world["practice"].pk: 1}
    # A replication in progress elsewhere does not count.
    ReplicationFactory(
        practice_page_id=world["practice"].pk,
        origin_municipality=world["origin"],
        requester_municipality=world["other"],
        status=ReplicationStatus.IN_PROGRESS,
        requester_consents=True,
        origin_consents=True,
    )
    assert selectors.public_replication_count(world["practice"].pk) == 1


def test_stage_closes_replication_and_rejects_future_date(world):
    replication = _request(world)
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


def test_case_page_shows_count_and_library_filters_replicated(world, client):
    other_practice = good_practice_factory(
        municipality=world["origin"], parent=world["practice"].get_parent().specific
    )
    replication = _complete(world, _request(world))
    services.set_consent(replication=replication, user=world["requester_user"], consent=True)
    services.set_consent(replication=replication, user=world["origin_user"], consent=True)
    html = client.get(world["practice"].url).content.decode()
    assert "Replicada en 1 municipio" in html
    library = world["practice"].get_parent().url
    html = client.get(library, {"replicada": "true"}).content.decode()
    assert world["practice"].title in html and other_practice.title not in html
    html = client.get(library, {"replicada": "false"}).content.decode()
    assert world["practice"].title not in html and other_practice.title in html


def test_case_page_offers_request_to_other_municipality_only(world, client):
    client.force_login(world["requester_user"])
    assert (
        reverse("transferencia:request", args=[world["practice"].pk])
        in client.get(world["practice"].url).content.decode()
    )
    client.force_login(world["origin_user"])
    assert (
        reverse("transferencia:request", args=[world["practice"].pk])
        not in client.get(world["practice"].url).content.decode()
    )


def test_answer_form_keeps_typed_text_on_error(world, client):
    replication = _request(world)
    client.force_login(world["origin_user"])
    response = client.post(
        reverse("transferencia:answer", args=[replication.pk]),
        {"decision": "aceptar", "contact_name": "Ana Pérez", "contact_email": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html and 'value="Ana Pérez"' in html


def test_staff_list_filters(world, client):
    replication = _request(world)
    ReplicationFactory(
        origin_municipality=world["other"],
        requester_municipality=world["origin"],
        practice_title="Otra cosa",
        status=ReplicationStatus.DECLINED,
    )
    client.force_login(world["staff"])
    html = client.get(reverse("transferencia:staff_list"), {"estado": "solicitada"}).content.decode()
    assert replication.practice_title in html and "Otra cosa" not in html
    html = client.get(reverse("transferencia:staff_list"), {"region": "13"}).content.decode()
    assert "Otra cosa" in html and replication.practice_title not in html
