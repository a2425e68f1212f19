"""Replications seen on the library's case page and listing (portal pages fed by transferencia):
a journey across apps, kept in one file on purpose."""

import pytest
from django.urls import reverse

from tests.factories.portal import good_practice_factory
from tests.transferencia.conftest import completed_replication, requested_replication
from transferencia import services

pytestmark = pytest.mark.django_db


def test_case_page_shows_count_and_library_filters_replicated(world, client):
    other_practice = good_practice_factory(
        municipality=world["origin"], parent=world["practice"].get_parent().specific
    )
    replication = completed_replication(world, requested_replication(world))
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
