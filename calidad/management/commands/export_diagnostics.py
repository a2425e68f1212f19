"""One row per submitted diagnostic and ámbito: CUT code, instrument version, date, ámbito, maximum,
obtained and % logro. `manage.py export_diagnostics --format csv|json [--output FILE] [--municipio CUT]`."""

import csv
import json

from django.core.management.base import BaseCommand

from calidad.exports import EXPORT_COLUMNS, diagnostic_rows


class Command(BaseCommand):
    help = "Exporta los resultados de los diagnósticos de calidad (una fila por diagnóstico y ámbito)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--output", help="Archivo de salida (por omisión, la salida estándar)")
        parser.add_argument("--municipio", help="Solo la municipalidad con este código CUT")
        parser.add_argument(
            "--sin-importados",
            action="store_true",
            help="Omitir los resultados importados de fuentes externas",
        )

    def handle(self, *args, format, output=None, municipio=None, sin_importados=False, **options):
        rows = diagnostic_rows(include_imported=not sin_importados)
        if municipio:
            rows = (row for row in rows if row["codigo_cut"] == municipio)
        if output:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                self._write(handle, rows, format)
        else:
            self._write(self.stdout, rows, format)

    def _write(self, handle, rows, format):
        if format == "json":
            handle.write(json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n")
            return
        writer = csv.DictWriter(handle, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
