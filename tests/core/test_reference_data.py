"""Reference data loaded by migration, read through the database and the open-data endpoint."""

import pytest

from core.models import Comuna, Municipality, Region, SustainableDevelopmentGoal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "name", "region_code"),
    [
        ("04101", "La Serena", "04"),
        ("16103", "Chillán Viejo", "16"),
        ("12202", "Antártica", "12"),
        ("13101", "Santiago", "13"),
    ],
)
def test_known_cut_codes(code, name, region_code):
    comuna = Comuna.objects.select_related("region").get(code=code)
    assert comuna.name == name
    assert comuna.region.code == region_code


def test_counts():
    assert Region.objects.filter(country__code="CL").count() == 16
    assert Comuna.objects.filter(region__country__code="CL").count() == 346
    # every comuna but Antártica (administered by Cabo de Hornos) has its municipality
    assert Municipality.objects.count() == 345
    assert not Municipality.objects.filter(comuna__code="12202").exists()
    assert list(SustainableDevelopmentGoal.objects.values_list("number", flat=True)) == list(range(1, 18))


def test_comunas_endpoint(client):
    response = client.get("/api/territorio/comunas/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert len(data) == 346
    assert all(set(item) == {"codigo", "nombre", "region_codigo", "region_nombre"} for item in data)
    by_code = {item["codigo"]: item for item in data}
    assert by_code["04101"] == {
        "codigo": "04101",
        "nombre": "La Serena",
        "region_codigo": "04",
        "region_nombre": "Región de Coquimbo",
    }
    assert by_code["16103"]["nombre"] == "Chillán Viejo"
    assert by_code["12202"]["region_codigo"] == "12"
