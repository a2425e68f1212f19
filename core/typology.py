"""Municipal typology from a CSV (columns codigo_cut and tipologia, 1 to 5), with per-row errors."""

from __future__ import annotations

import csv
import io

from django.db import transaction
from django.utils.translation import gettext as _

from core.models import Municipality, Typology


def parse_csv(data: bytes) -> list[dict[str, str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    rows = []
    for line, row in enumerate(reader, start=2):
        clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        clean["_line"] = str(line)
        rows.append(clean)
    return rows


def import_typology(rows: list[dict[str, str]]) -> tuple[int, list[str]]:
    """Set Municipality.typology for every row; nothing is saved if any row is wrong.
    Returns (updated count, errors)."""
    by_code = {code: pk for pk, code in Municipality.objects.values_list("pk", "comuna__code")}
    errors, updates = [], {}
    for row in rows:
        line = row.get("_line", "?")
        code = row.get("codigo_cut", "")
        if code.isdigit() and len(code) == 4:
            code = "0" + code
        value = row.get("tipologia", "")
        if code not in by_code:
            errors.append(
                _("Fila %(line)s: no hay municipalidad con código CUT «%(code)s».")
                % {"line": line, "code": code}
            )
            continue
        if value not in Typology.values:
            errors.append(
                _("Fila %(line)s: tipología «%(value)s» no válida (use 1 a 5).")
                % {"line": line, "value": value}
            )
            continue
        updates[by_code[code]] = value
    if errors:
        return 0, errors
    with transaction.atomic():
        for pk, value in updates.items():
            Municipality.objects.filter(pk=pk).update(typology=value)
    return len(updates), []
