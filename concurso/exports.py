"""CSV and XLSX exports of entries for staff, written by core.spreadsheets (formulas defused).

They are prepared in the background (core.exports): the list page posts its current filters as a
query string, which the job keeps in its params and turns back into the same filtered list.
"""

import rules
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concurso import selectors
from concurso.filters import SubmissionFilter
from core import exports as portal_exports
from core import spreadsheets
from core.spreadsheets import spreadsheet_csv

HEADERS = [
    "Código",
    "Convocatoria",
    "Categoría",
    "Municipalidad",
    "Comuna",
    "Región",
    "Estado",
    "Título",
    "Enviada el (hora de Chile)",
    "Contacto",
    "Correo de contacto",
    "Teléfono de contacto",
    "Adjuntos",
    "Motivo de admisibilidad",
]


def rows(entries):
    for entry in entries:
        yield [
            entry.code,
            entry.call.title,
            entry.category.name if entry.category else "",
            entry.municipality.name,
            entry.municipality.comuna.name,
            str(entry.municipality.comuna.region),
            entry.get_status_display(),
            entry.title,
            entry.submitted_at,
            entry.contact_name,
            entry.contact_email,
            entry.contact_phone,
            getattr(entry, "attachment_count", ""),
            entry.admissibility_reason,
        ]


def as_csv(entries) -> bytes:
    return spreadsheets.csv_bytes(HEADERS, rows(entries))


def as_xlsx(entries) -> bytes:
    return spreadsheets.xlsx_bytes(HEADERS, rows(entries), title="Postulaciones", column_width=22)


# ---------------------------------------------------------------------------------------------
# Background exports (core.exports): params are {"filters": "<query string of the list's filters>"}
# ---------------------------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_params(query_string: str) -> dict:
    """Keep only the list's filter fields (no page number, nothing else) from the posted query string."""
    posted = QueryDict(query_string or "")
    kept = QueryDict(mutable=True)
    for name in SubmissionFilter.base_filters:
        values = [value for value in posted.getlist(name) if value]
        if values:
            kept.setlist(name, values)
    return {"filters": kept.urlencode()}


def can_export(user, params: dict) -> bool:
    # The same rule as the staff list itself: the competition's coordinators only.
    return rules.has_perm("concurso.manage_entries", user)


def _entries(params: dict):
    _filter, queryset = selectors.filtered_submissions(QueryDict(params.get("filters") or ""))
    return queryset


def _filename(fmt: str) -> str:
    return f"postulaciones-{timezone.localtime().strftime('%Y%m%d-%H%M')}.{fmt}"


def build_csv(params: dict) -> tuple[bytes, str, str]:
    return as_csv(_entries(params)), _filename("csv"), "text/csv; charset=utf-8"


def build_xlsx(params: dict) -> tuple[bytes, str, str]:
    return as_xlsx(_entries(params)), _filename("xlsx"), XLSX


KINDS = {
    "csv": portal_exports.register(
        "concurso.entries_csv", label=_("Postulaciones (CSV)"), build=build_csv, allowed=can_export
    ),
    "xlsx": portal_exports.register(
        "concurso.entries_xlsx", label=_("Postulaciones (XLSX)"), build=build_xlsx, allowed=can_export
    ),
}


# Issue 15: the same list for spreadsheets set to Chilean Spanish (';', decimal comma, BOM).
def build_csv_es(params: dict) -> tuple[bytes, str, str]:
    return (
        spreadsheet_csv(HEADERS, rows(_entries(params))),
        _filename("csv").replace(".csv", "-excel-es.csv"),
        "text/csv; charset=utf-8",
    )


KINDS["csv-es"] = portal_exports.register(
    "concurso.entries_csv_es",
    label=_("Postulaciones (CSV para Excel en español)"),
    build=build_csv_es,
    allowed=can_export,
)
