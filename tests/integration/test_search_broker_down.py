"""Publishing a page while the broker is down: the publication succeeds, the indexing waits in the outbox."""

import pytest

from core.models import PendingTask
from tests.factories.portal import good_practice_factory, home_page_factory, library_index_factory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_publishing_with_the_broker_down_records_the_indexing_for_later(broker_down):
    home_page_factory()
    library = library_index_factory()

    page = good_practice_factory(parent=library, title="Huertos comunitarios en la plaza")

    page.refresh_from_db()
    assert page.live is True
    pending = list(
        PendingTask.objects.filter(task_name="search.tasks.sync_page").values_list("args", flat=True)
    )
    assert [page.pk] in pending
