import pytest

from calidad import external, selectors
from calidad.models import Diagnostic, DiagnosticOrigin

pytestmark = pytest.mark.django_db


def _csv(lines):
    return (
        "codigo_cut;municipio;ambito;puntaje_maximo;puntaje_obtenido\n" + "\n".join(lines) + "\n"
    ).encode()


def test_import_matches_by_code_or_name_and_keeps_the_year(instrument):
    data = _csv(
        [
            "4101;La Serena;1. Alfa;6;3",  # code without its leading zero
            "04101;La Serena;beta;6;6",
            ";Ilustre Municipalidad de Coquimbo;Alfa;6;0",
            ";coquimbo;2;6;1,5",
        ]
    )
    report = external.import_results(
        data=data, filename="n.csv", name="Nacional", year=2019, instrument=instrument
    )
    assert report.errors == [] and report.municipalities == 2 and report.rows == 4
    imported = Diagnostic.objects.get(municipality__comuna__code="04101", origin=DiagnosticOrigin.IMPORTED)
    assert imported.source.year == 2019 and imported.is_published
    assert (imported.total_obtained, imported.total_maximum, imported.total_percent) == (9, 12, 75)
    coquimbo = Diagnostic.objects.get(municipality__comuna__code="04102")
    assert [r.percent for r in coquimbo.area_results.order_by("area__number")] == [0, 25]


def test_errors_per_row_and_nothing_saved(instrument):
    data = _csv(
        [
            "99999;Atlántida;1;6;3",
            "04101;La Serena;Gamma;6;3",
            "04101;La Serena;1;6;9",
            "04101;La Serena;2;;3",
            "04101;La Serena;2;6;tres",
        ]
    )
    report = external.import_results(data=data, filename="n.csv", name="N", year=2019, instrument=instrument)
    assert [e.line for e in report.errors] == [2, 3, 4, 5, 6]
    assert "Atlántida" in str(report.errors[0]) and "Gamma" in str(report.errors[1])
    assert not Diagnostic.objects.exists()


def test_imported_results_feed_benchmarks_of_that_source(instrument):
    codes = ["04101", "04102", "04103", "04104", "04105"]
    data = _csv([f"{c};;1;6;{i + 1}" for i, c in enumerate(codes)] + [f"{c};;2;6;3" for c in codes])
    report = external.import_results(data=data, filename="n.csv", name="N", year=2019, instrument=instrument)
    national = selectors.compute_benchmarks(source_id=report.source.pk).national
    assert national["alfa"].shown and national["alfa"].median == 50  # 1..5 of 6 → 17, 33, 50, 67, 83
    assert selectors.compute_benchmarks().contributors == 0  # the portal's own benchmarks ignore imports
