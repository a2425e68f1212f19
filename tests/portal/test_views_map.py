import pytest
from django.urls import reverse

from tests.factories.core import CategoryFactory, MunicipalityFactory
from tests.factories.portal import good_practice_factory
from tests.factories.transferencia import ReplicationFactory
from transferencia.models import ReplicationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices():
    serena = MunicipalityFactory(comuna_code="04101")
    valdivia = MunicipalityFactory(comuna_code="14101")
    pascua = MunicipalityFactory(comuna_code="05201")
    first = good_practice_factory(municipality=serena, title="Ferias limpias", year=2021)
    parent = first.get_parent().specific
    other_category = CategoryFactory(name="Salud", slug="salud")
    second = good_practice_factory(
        municipality=pascua, title="Agua en Rapa Nui", year=2023, parent=parent, category=other_category
    )
    ReplicationFactory(
        practice_page_id=first.pk,
        practice_title=first.title,
        origin_municipality=serena,
        requester_municipality=valdivia,
        status=ReplicationStatus.COMPLETED,
        requester_consents=True,
        origin_consents=True,
    )
    return first, second


def test_map_without_javascript_lists_comunas_practices_and_replications(client, practices):
    first, second = practices
    html = client.get(reverse("portal:practice_map")).content.decode()
    # The list (no JavaScript needed) names every comuna with its practices and replications.
    assert 'id="comuna-04101"' in html and 'id="comuna-14101"' in html and 'id="comuna-05201"' in html
    assert first.title in html and second.title in html
    assert "Replicó:" in html
    # Each marker is a link with an accessible name, pointing to its comuna in the list.
    assert 'href="#comuna-14101" class="map-marker" aria-label="Valdivia: 1 práctica replicada aquí"' in html
    assert 'href="#comuna-04101" class="map-marker" aria-label="La Serena: 1 práctica"' in html
    figure = html.split('<figure class="practice-map">')[1].split("</figure>")[0]
    assert "<svg" in figure and "<script" not in figure and "style=" not in figure
    # Coordinates are never localised (a decimal comma would break the SVG).
    import re

    assert re.findall(r'cx="[0-9.]+"', figure) and not re.findall(
        r'(?:cx|cy|r|x|y|width|height)="[0-9]+,[0-9]', figure
    )


def test_map_filters_like_the_library(client, practices):
    first, second = practices
    html = client.get(reverse("portal:practice_map"), {"anio": "2023"}).content.decode()
    assert second.title in html and first.title not in html and 'id="comuna-14101"' not in html
    html = client.get(reverse("portal:practice_map"), {"region": "04"}).content.decode()
    assert first.title in html and second.title not in html
    html = client.get(reverse("portal:practice_map"), {"categoria": "salud"}).content.decode()
    assert second.title in html and first.title not in html


def test_unconsented_replication_is_not_on_the_map(client, practices):
    first, _second = practices
    ReplicationFactory(
        practice_page_id=first.pk,
        origin_municipality=first.municipality,
        requester_municipality=MunicipalityFactory(comuna_code="13101"),
        status=ReplicationStatus.COMPLETED,
        requester_consents=True,
        origin_consents=False,
    )
    html = client.get(reverse("portal:practice_map")).content.decode()
    assert 'id="comuna-13101"' not in html


def test_projection_places_north_panel_left_and_islands_in_inset():
    from portal import views_map

    serena = views_map._project(-29.84, -71.1)
    valdivia = views_map._project(-39.83, -73.19)
    assert serena[0] == 0 and valdivia[0] == 1
    assert views_map._project(-27.1, -109.3) is None
