import pytest
from django.core.management import CommandError, call_command

from core.models import Municipality
from core.typology import import_typology, parse_csv

pytestmark = pytest.mark.django_db


def test_typology_import_sets_the_field(tmp_path):
    path = tmp_path / "tipologia.csv"
    path.write_text("codigo_cut;tipologia\n4101;2\n04102;3\n", encoding="utf-8")
    call_command("import_typology", str(path))
    assert Municipality.objects.get(comuna__code="04101").typology == "2"
    assert (
        Municipality.objects.get(comuna__code="04102")
        .get_typology_display()
        .startswith("Comunas urbanas medianas")
    )


def test_typology_errors_per_row_and_nothing_saved(tmp_path):
    updated, errors = import_typology(parse_csv(b"codigo_cut,tipologia\n04101,2\n99999,1\n04102,9\n"))
    assert updated == 0 and len(errors) == 2 and "Fila 3" in errors[0] and "Fila 4" in errors[1]
    assert Municipality.objects.get(comuna__code="04101").typology == ""
    path = tmp_path / "mala.csv"
    path.write_text("codigo_cut;tipologia\n99999;1\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_typology", str(path))
