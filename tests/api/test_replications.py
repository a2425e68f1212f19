"""The open data API publishes, per practice, how many municipalities replicated it (public ones only)."""

from django.urls import reverse

from tests.factories.core import MunicipalityFactory
from tests.factories.portal import good_practice_factory
from tests.factories.transferencia import ReplicationFactory
from transferencia.models import ReplicationStatus


def test_practice_list_and_detail_carry_public_replication_count(client, library):
    serena = MunicipalityFactory(comuna_code="04101")
    replicated = good_practice_factory(municipality=serena, parent=library)
    plain = good_practice_factory(municipality=serena, parent=library)
    common = {
        "practice_page_id": replicated.pk,
        "origin_municipality": serena,
        "status": ReplicationStatus.COMPLETED,
    }
    ReplicationFactory(
        **common,
        requester_municipality=MunicipalityFactory(comuna_code="14101"),
        requester_consents=True,
        origin_consents=True,
    )
    # Not consented by the origin: not counted.
    ReplicationFactory(
        **common,
        requester_municipality=MunicipalityFactory(comuna_code="13101"),
        requester_consents=True,
        origin_consents=False,
    )
    rows = {row["id"]: row for row in client.get(reverse("api:practice-list")).json()["resultados"]}
    assert rows[replicated.pk]["replicaciones"] == 1 and rows[plain.pk]["replicaciones"] == 0
    assert client.get(reverse("api:practice-detail", args=[replicated.pk])).json()["replicaciones"] == 1
