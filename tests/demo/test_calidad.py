import io
import json

import pytest
from django.core.management import call_command

from calidad import selectors
from calidad.models import Diagnostic, DiagnosticOrigin

pytestmark = pytest.mark.django_db

SEED = [
    ("Estrategia", 24, 10, 42),
    ("Liderazgo", 18, 13, 72),
    ("Competencias de las personas", 15, 9, 60),
    ("Capacitación", 21, 13, 62),
    ("Bienestar y seguridad en el trabajo", 24, 14, 58),
    ("Ingresos municipales", 18, 12, 67),
    ("Presupuesto municipal", 30, 21, 70),
    ("Recursos materiales", 6, 3, 50),
    ("Satisfacción de usuarios y usuarias", 30, 5, 17),
    ("Comunicación con usuarios y usuarias", 15, 11, 73),
    ("Procesos de prestación de los servicios municipales", 15, 2, 13),
    ("Procesos de apoyo para la prestación de los servicios municipales", 18, 4, 22),
]


@pytest.fixture
def demo(settings):
    settings.DEMO_USERS_ENABLED = True
    from demo import calidad as demo_calidad

    demo_calidad.load()
    return demo_calidad


def test_demo_reproduces_the_seed_table_and_is_idempotent(demo):
    first = Diagnostic.objects.filter(
        municipality__comuna__code="04101", origin=DiagnosticOrigin.PLATFORM
    ).order_by("held_on")
    assert first.count() == 2
    table = selectors.results_table(first[0])
    assert [(r.name, r.maximum, int(r.obtained), r.percent) for r in table.rows] == SEED
    assert (table.maximum, table.obtained, table.percent) == (234, 117, 50)
    assert selectors.results_table(first[1]).percent > 50
    platform = (
        Diagnostic.objects.filter(origin=DiagnosticOrigin.PLATFORM).values("municipality").distinct().count()
    )
    assert platform >= 21
    count = Diagnostic.objects.count()
    demo.load()
    assert Diagnostic.objects.count() == count
    label, rows = selectors.standing(first[0], scope="region")
    assert all(r.group.shown for r in rows)


def test_export_diagnostics_command_reproduces_the_table(demo):
    out = io.StringIO()
    call_command(
        "export_diagnostics", "--format", "json", "--municipio", "04101", "--sin-importados", stdout=out
    )
    rows = [r for r in json.loads(out.getvalue()) if r["fecha"] == "2024-05-14"]
    assert [
        (r["ambito"], r["puntaje_maximo"], r["puntaje_obtenido"], r["porcentaje_logro"]) for r in rows
    ] == SEED
    assert {r["codigo_cut"] for r in rows} == {"04101"} and rows[0][
        "version_instrumento"
    ] == "diagnostico-municipal v1"
    out = io.StringIO()
    call_command("export_diagnostics", "--format", "csv", stdout=out)
    assert out.getvalue().splitlines()[0].startswith("codigo_cut,municipio,region,version_instrumento,fecha")
