"""CSV and XLSX downloads of the same lists the JSON API serves (`?format=csv` / `?format=xlsx`).

Each list view names how one item becomes a flat row (`flatten`); cells are written by the one
spreadsheet writer of the project, which defuses formulas.
"""

from rest_framework.renderers import BaseRenderer

from core import spreadsheets


def _items(data):
    if isinstance(data, dict) and "resultados" in data and isinstance(data["resultados"], list):
        return data["resultados"]  # a paginated page
    return data if isinstance(data, list) else [data]


def _table(data, renderer_context) -> tuple[list[str], list[list]]:
    view = (renderer_context or {}).get("view")
    flatten = getattr(view, "flatten", None) or (lambda row: row)
    rows = [flatten(dict(item)) for item in _items(data)]
    header: list[str] = []
    for row in rows:
        header.extend(key for key in row if key not in header)
    return header, [[row.get(key, "") for key in header] for row in rows]


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        header, rows = _table(data, renderer_context)
        return spreadsheets.csv_bytes(header, rows)


class XLSXRenderer(BaseRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        header, rows = _table(data, renderer_context)
        return spreadsheets.xlsx_bytes(header, rows, title="Datos abiertos", bold_header=True)
