"""Import of results published elsewhere (the national diagnostic platform): one row per
municipality and ámbito, matched by CUT code or by name. Documented in docs/calidad_instrumento.md."""

from __future__ import annotations

import datetime
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from calidad import services, tabular
from calidad.instrument_io import RowError
from calidad.models import ExternalSource
from core.models import Municipality

COLUMNS = ["codigo_cut", "municipio", "ambito", "puntaje_maximo", "puntaje_obtenido"]


@dataclass
class ImportReport:
    source: ExternalSource | None
    municipalities: int
    rows: int
    errors: list[RowError]


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    for prefix in ("ilustre municipalidad de ", "municipalidad de ", "i. municipalidad de "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return slugify(text)


def import_results(
    *, data: bytes, filename: str, name: str, year: int, instrument, url: str = "", user=None
) -> ImportReport:
    """Check every row; if any is wrong nothing is saved and every error is reported."""
    try:
        rows = tabular.read_rows(data, filename)
    except ValidationError as error:
        return ImportReport(None, 0, 0, [RowError(1, " ".join(error.messages))])
    if rows and not ({"codigo_cut", "municipio"} & set(rows[0])):
        return ImportReport(None, 0, 0, [RowError(1, _("faltan las columnas «codigo_cut» o «municipio»."))])
    municipalities = list(Municipality.objects.select_related("comuna"))
    by_code = {m.comuna.code: m for m in municipalities}
    by_name = {}
    for m in municipalities:
        by_name.setdefault(_key(m.comuna.name), m)
        by_name.setdefault(_key(m.name), m)
    areas = list(instrument.areas.all())
    area_keys = {}
    for area in areas:
        area_keys[str(area.number)] = area
        area_keys[area.code] = area
        area_keys[_key(area.name)] = area
    errors: list[RowError] = []
    grouped: dict[int, dict] = defaultdict(dict)
    found = {}
    for row in rows:
        line = row["_line"]
        code = row.get("codigo_cut", "").strip()
        if code.isdigit() and len(code) == 4:
            code = "0" + code  # spreadsheets drop the leading zero of regions 1–9
        municipality = by_code.get(code) if code else None
        if municipality is None and row.get("municipio"):
            municipality = by_name.get(_key(row["municipio"]))
        if municipality is None:
            errors.append(
                RowError(
                    line,
                    _("no se encontró la municipalidad «%(name)s» (código «%(code)s»).")
                    % {"name": row.get("municipio", ""), "code": code},
                )
            )
            continue
        raw_area = row.get("ambito", "")
        area = area_keys.get(raw_area.split(".")[0].strip()) if raw_area[:1].isdigit() else None
        area = area or area_keys.get(_key(raw_area)) or area_keys.get(slugify(raw_area))
        if area is None:
            errors.append(
                RowError(
                    line,
                    _("ámbito desconocido «%(v)s»: use el número, el código o el nombre del ámbito.")
                    % {"v": raw_area},
                )
            )
            continue
        try:
            maximum = int(services.parse_figure(row.get("puntaje_maximo", "")) or 0)
            obtained = services.parse_figure(row.get("puntaje_obtenido", ""))
        except ValidationError as error:
            errors.append(RowError(line, " ".join(error.messages)))
            continue
        if obtained is None or maximum <= 0:
            errors.append(RowError(line, _("faltan el puntaje máximo (mayor que cero) o el obtenido.")))
            continue
        if obtained < 0 or obtained > maximum:
            errors.append(
                RowError(
                    line,
                    _("el puntaje obtenido (%(o)s) debe estar entre 0 y el máximo (%(m)s).")
                    % {"o": obtained, "m": maximum},
                )
            )
            continue
        if area.pk in grouped[municipality.pk]:
            errors.append(
                RowError(
                    line,
                    _("«%(m)s» ya tiene una fila para el ámbito «%(a)s».")
                    % {"m": municipality, "a": area.name},
                )
            )
            continue
        grouped[municipality.pk][area.pk] = (area, maximum, Decimal(obtained))
        found[municipality.pk] = municipality
    if not rows:
        errors.append(RowError(1, _("el archivo no tiene filas de resultados.")))
    if errors:
        return ImportReport(None, 0, 0, errors)
    with transaction.atomic():
        source = ExternalSource.objects.create(
            name=name,
            year=year,
            instrument=instrument,
            url=url,
            file_name=(filename or "")[:255],
            imported_by=user,
        )
        held_on = datetime.date(year, 12, 31)
        for municipality_id, by_area in grouped.items():
            services.record_imported_results(
                source=source,
                municipality=found[municipality_id],
                rows=list(by_area.values()),
                held_on=held_on,
            )
    return ImportReport(source, len(grouped), sum(len(v) for v in grouped.values()), [])
