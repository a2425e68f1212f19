import pytest
from django.urls import reverse

from tests.factories.transferencia import ReplicationFactory
from tests.transferencia.conftest import requested_replication
from transferencia.models import ReplicationStatus

pytestmark = pytest.mark.django_db


def test_answer_form_keeps_typed_text_on_error(world, client):
    replication = requested_replication(world)
    client.force_login(world["origin_user"])
    response = client.post(
        reverse("transferencia:answer", args=[replication.pk]),
        {"decision": "aceptar", "contact_name": "Ana Pérez", "contact_email": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html and 'value="Ana Pérez"' in html


def test_staff_list_filters(world, client):
    replication = requested_replication(world)
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
