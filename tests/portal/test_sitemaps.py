"""sitemap.xml lists every public page on the origin it was requested from."""

import re

import pytest
from wagtail.models import Site

from tests.factories.portal import distinction_factory, good_practice_factory

pytestmark = pytest.mark.django_db


def _locations(client, **headers):
    response = client.get("/sitemap.xml", **headers)
    assert response.status_code == 200
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


@pytest.fixture
def pages(site_tree):
    practice = good_practice_factory(title="Huertos comunitarios")
    distinction = distinction_factory()
    return practice, distinction


def test_locations_follow_the_requesting_host(client, pages):
    practice, distinction = pages
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)
    locations = _locations(client, HTTP_HOST="127.0.0.1:8107")
    assert locations, "empty sitemap"
    assert all(location.startswith("http://127.0.0.1:8107/") for location in locations), locations
    assert f"http://127.0.0.1:8107{practice.url}" in locations
    assert f"http://127.0.0.1:8107{distinction.url}" in locations
    # the municipality profile (a route of the municipalities index) too
    assert f"http://127.0.0.1:8107/municipios/{distinction.municipality.slug}/" in locations


def test_locations_on_the_site_host_are_unchanged(client, pages):
    locations = _locations(client, HTTP_HOST="localhost")
    assert all(location.startswith("http://localhost/") for location in locations), locations


def test_every_location_answers(client, pages):
    for location in _locations(client, HTTP_HOST="127.0.0.1:8107"):
        path = location.removeprefix("http://127.0.0.1:8107")
        assert client.get(path, HTTP_HOST="127.0.0.1:8107").status_code == 200, path
