import pytest

from calidad import instrument_io, services
from calidad.models import Instrument

pytestmark = pytest.mark.django_db


def test_base_instrument_has_the_structure_of_the_guide():
    instrument = instrument_io.install_base_instrument()
    assert instrument.dimensions.count() == 5
    assert instrument.questions.count() == 78
    assert instrument.questions.filter(kind="practica").count() == 57
    assert instrument.questions.filter(kind="resultado").count() == 21
    from calidad.scoring import question_maximum

    maxima = []
    for area in instrument.areas.order_by("number").prefetch_related(
        "questions__choices", "questions__thresholds"
    ):
        maxima.append(sum(question_maximum(q) for q in area.questions.all()))
    assert maxima == [24, 18, 15, 21, 24, 18, 30, 6, 30, 15, 15, 18]
    assert sum(maxima) == 234
    assert instrument_io.install_base_instrument() == instrument  # idempotent


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_gives_the_same_instrument(instrument, fmt):
    data = instrument_io.export_csv(instrument) if fmt == "csv" else instrument_io.export_xlsx(instrument)
    data = data.replace(b"diagnostico-prueba", b"diagnostico-copia") if fmt == "csv" else data
    if fmt == "xlsx":
        services.freeze_instrument(instrument=instrument)
        with pytest.raises(instrument_io.ImportFailed, match="congelada"):
            instrument_io.import_instrument(data=data, filename="i.xlsx")
        return
    copy = instrument_io.import_instrument(data=data, filename="i.csv")
    assert copy.family == "diagnostico-copia"
    assert instrument_io.instrument_rows(copy)[1:] == instrument_io.instrument_rows(instrument)[1:]


def test_every_bad_row_is_reported_and_nothing_is_saved(instrument):
    before = Instrument.objects.count()
    data = (
        "registro;numero;padre;codigo;texto;detalle;tipo;unidad;puntos;desde;hasta;ausencia;categorias;temas\n"
        "instrumento;;;nuevo;Nuevo instrumento;;diagnostico;;;;;;;\n"
        "criterio;1;;;Criterio;;;;;;;;;\n"
        "ambito;1;7;uno;Uno;;;;;;;;;\n"
        "pregunta;1;1;;¿Algo?;;rara;;;;;;;\n"
        "alternativa;1;99;;A;;;;1;;;;;\n"
        "tramo;;1;;x;;;;tres;;;;;\n"
        "cosa;;;;;;;;;;;;;\n"
    ).encode()
    with pytest.raises(instrument_io.ImportFailed) as failure:
        instrument_io.import_instrument(data=data, filename="x.csv")
    lines = {e.line for e in failure.value.errors}
    assert {4, 5, 6, 7, 8} <= lines
    text = " ".join(str(e) for e in failure.value.errors)
    assert "criterio 7" in text and "practica" in text and "pregunta 99" in text and "cosa" in text
    assert Instrument.objects.count() == before


def test_not_an_xlsx_is_a_clear_error():
    with pytest.raises(instrument_io.ImportFailed, match="XLSX"):
        instrument_io.import_instrument(data=b"PK\x03\x04basura", filename="x.xlsx")


def test_formula_cells_are_defused_on_export_and_restored_on_import(instrument):
    area = instrument.areas.get(code="alfa")
    area.name = "=HYPERLINK(1)"
    area.save()
    data = instrument_io.export_csv(instrument)
    assert b";'=HYPERLINK(1);" in data
    spec = instrument_io.parse(data)
    assert spec.areas[0]["name"] == "=HYPERLINK(1)"
