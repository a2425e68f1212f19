import pytest

from tests.factories.transferencia import ReplicationFactory
from tests.transferencia.conftest import TODAY, completed_replication, requested_replication
from transferencia import selectors, services
from transferencia.models import ReplicationStatus

pytestmark = pytest.mark.django_db


def test_public_count_needs_completion_and_both_consents(world):
    replication = completed_replication(world, requested_replication(world))
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
