"""import_practices / export_practices: validation with line numbers, idempotency, round trip."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from core.models import Theme
from portal.models import GoodPracticePage
from portal.services.practices_io import COLUMNS, export_practices, import_practices
from tests.factories.core import CategoryFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "external_id,title,municipality,category,themes,ods,year,implementation_period,summary,previous_situation,"
    "objectives,description,results,citizen_participation,sustainability,replicability,lessons_learned,partners,"
    "budget_clp,competition_name,competition_result,source,indicators"
)


def _row(external_id, title, comuna="04101", category="Participación", **extra):
    values = {
        "external_id": external_id,
        "title": title,
        "municipality": comuna,
        "category": category,
        "themes": "Gobierno abierto;Transformación digital",
        "ods": "11;16",
        "year": "2021",
        "implementation_period": "2021–2023",
        "summary": "Resumen breve.",
        "previous_situation": "Había un problema.\n\nY otro más.",
        "objectives": "- Uno\n- Dos",
        "description": "Se hizo algo.",
        "results": "Mejoró.",
        "citizen_participation": "Con participación vecinal.",
        "sustainability": "Presupuesto propio.",
        "replicability": "Replicable.",
        "lessons_learned": "Aprender.",
        "partners": "Universidad",
        "budget_clp": "1.500.000",
        "competition_name": "Concurso 2022",
        "competition_result": "ganadora",
        "source": "Postulación del municipio",
        "indicators": "Votantes|100|900|personas;Proyectos|0|5|",
    }
    values.update(extra)
    return values


def _write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=HEADER.split(","))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def categories(db):
    return CategoryFactory(name="Participación", slug="participacion"), CategoryFactory(
        name="Medio ambiente", slug="medio-ambiente"
    )


def test_good_csv_imports_published_pages(library, categories, tmp_path):
    path = _write_csv(
        tmp_path / "buenas.csv",
        [
            _row("bp-1", "Presupuesto participativo"),
            _row("bp-2", "Reciclaje", category="medio-ambiente", comuna="4102"),
        ],
    )
    report = import_practices(path=path)
    assert report.errors == []
    assert sorted(report.created) == ["bp-1", "bp-2"]
    page = GoodPracticePage.objects.get(external_id="bp-1")
    assert page.live is True
    assert page.get_parent().specific == library
    assert page.municipality.comuna.code == "04101"
    assert page.category.slug == "participacion"
    assert sorted(t.name for t in page.themes.all()) == ["Gobierno abierto", "Transformación digital"]
    assert [goal.number for goal in page.ods.all()] == [11, 16]
    assert page.budget_clp == 1_500_000
    assert page.previous_situation == "<p>Había un problema.</p><p>Y otro más.</p>"
    assert page.objectives == "<ul><li>Uno</li><li>Dos</li></ul>"
    assert [(i.name, i.baseline, i.value, i.unit) for i in page.indicators.all()] == [
        ("Votantes", "100", "900", "personas"),
        ("Proyectos", "0", "5", ""),
    ]
    # A comuna code that lost its leading zero in a spreadsheet is still understood.
    assert GoodPracticePage.objects.get(external_id="bp-2").municipality.comuna.code == "04102"


def test_bad_rows_are_reported_with_line_numbers_and_valid_rows_imported(library, categories, tmp_path):
    path = tmp_path / "mixto.csv"
    one_line = {"previous_situation": "Antes.", "objectives": "Objetivo."}
    rows = [
        _row("ok-1", "Válida", description="Texto\ncon salto de línea", **one_line),  # spans lines 2-3
        _row("mala-1", "Comuna inexistente", comuna="99999", **one_line),  # line 4
        _row(
            "mala-2", "", category="No existe", ods="18", year="1800", budget_clp="mucho", **one_line
        ),  # line 5
        _row("ok-1", "Repetida", **one_line),  # line 6
    ]
    _write_csv(path, rows)
    report = import_practices(path=path)
    assert report.created == ["ok-1"]
    assert [error.line for error in report.errors] == [4, 5, 6]
    messages = [str(error) for error in report.errors]
    assert messages[0].startswith(
        "Línea 4 (mala-1): municipality: No hay una municipalidad para el código de comuna «99999»"
    )
    assert "title: Este campo es necesario" in messages[1]
    assert "category: La categoría «No existe» no existe" in messages[1]
    assert "no es un ODS" in messages[1]
    assert "year:" in messages[1] and "budget_clp:" in messages[1]
    assert "external_id repetido (ya aparece en la línea 2)" in messages[2]
    assert GoodPracticePage.objects.count() == 1


def test_reimport_is_idempotent_and_updates_with_a_new_revision(library, categories, tmp_path):
    path = _write_csv(tmp_path / "a.csv", [_row("bp-1", "Título original")])
    import_practices(path=path)
    page = GoodPracticePage.objects.get(external_id="bp-1")
    revisions = page.revisions.count()
    again = import_practices(path=path)
    assert (again.created, again.updated, again.unchanged) == ([], [], ["bp-1"])
    assert page.revisions.count() == revisions
    _write_csv(path, [_row("bp-1", "Título corregido")])
    changed = import_practices(path=path)
    assert changed.updated == ["bp-1"]
    page.refresh_from_db()
    assert page.title == "Título corregido"
    assert page.revisions.count() == revisions + 1
    assert GoodPracticePage.objects.count() == 1
    assert Theme.objects.filter(name="Gobierno abierto").count() == 1


def test_json_import_reports_lines(library, categories, tmp_path):
    path = tmp_path / "datos.json"
    good = _row("j-1", "Desde JSON")
    good["ods"] = [11, 16]
    bad = _row("j-2", "Mala", year="dos mil")
    path.write_text(
        "[\n"
        + json.dumps(good, ensure_ascii=False, indent=2)
        + ",\n"
        + json.dumps(bad, ensure_ascii=False)
        + "\n]\n",
        encoding="utf-8",
    )
    report = import_practices(path=path)
    assert report.created == ["j-1"]
    assert len(report.errors) == 1
    bad_line = path.read_text(encoding="utf-8").splitlines().index(json.dumps(bad, ensure_ascii=False)) + 1
    assert report.errors[0].line == bad_line
    assert "year:" in str(report.errors[0])


def test_draft_option_creates_unpublished_pages(library, categories, tmp_path):
    path = _write_csv(tmp_path / "a.csv", [_row("bp-1", "Borrador")])
    report = import_practices(path=path, publish=False)
    assert report.created == ["bp-1"]
    page = GoodPracticePage.objects.get(external_id="bp-1")
    assert page.live is False
    assert page.has_unpublished_changes is True


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_round_trip(library, categories, tmp_path, file_format):
    source = _write_csv(
        tmp_path / "origen.csv",
        [_row("bp-1", "Uno"), _row("bp-2", "Dos", category="medio-ambiente", budget_clp="")],
    )
    import_practices(path=source)
    exported = tmp_path / f"exportado.{file_format}"
    with open(exported, "w", encoding="utf-8", newline="") as stream:
        assert export_practices(stream=stream, file_format=file_format) == 2
    first_export = exported.read_text(encoding="utf-8")
    report = import_practices(path=exported)
    assert report.errors == [] and sorted(report.unchanged) == ["bp-1", "bp-2"]
    again = io.StringIO()
    export_practices(stream=again, file_format=file_format)
    assert again.getvalue() == first_export
    if file_format == "csv":
        rows = list(csv.DictReader(io.StringIO(first_export)))
        assert rows[0]["municipality"] == "04101"
        assert rows[0]["category"] == "participacion"
        assert rows[0]["budget_clp"] == "1500000"
        assert rows[0]["objectives"] == "- Uno\n- Dos"
        # The schema's own columns, the structured recognition included (docs/import_schema.md).
        assert list(rows[0]) == COLUMNS and set(HEADER.split(",")) < set(COLUMNS)
        assert (rows[0]["competition_name"], rows[0]["competition_year"], rows[0]["competition_result"]) == (
            "Concurso 2022",
            "2022",
            "ganadora",
        )


def test_commands(library, categories, tmp_path, capsys):
    path = _write_csv(tmp_path / "a.csv", [_row("bp-1", "Uno"), _row("bp-2", "Mala", comuna="00000")])
    # the first row spans lines 2-5 (its texts have line breaks), so the bad one starts on line 6
    call_command("import_practices", str(path))
    captured = capsys.readouterr()
    assert "Línea 6 (bp-2)" in captured.err
    assert "2 filas: 1 creadas, 0 actualizadas, 0 sin cambios, 1 con errores." in captured.out
    output = tmp_path / "salida.json"
    call_command("export_practices", "--format", "json", "-o", str(output))
    assert [row["external_id"] for row in json.loads(output.read_text(encoding="utf-8"))] == ["bp-1"]
    with pytest.raises(CommandError, match="Formato no reconocido"):
        call_command("import_practices", str(tmp_path / "datos.xlsx"))


def test_missing_columns_is_a_file_error(library, categories, tmp_path):
    path = tmp_path / "corto.csv"
    path.write_text("external_id,title\nx,y\n", encoding="utf-8")
    with pytest.raises(
        CommandError, match="Faltan columnas obligatorias: municipality, category, year, summary"
    ):
        call_command("import_practices", str(path))
