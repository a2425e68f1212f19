"""Exports every good practice in the import schema (docs/import_schema.md)."""

import sys

from django.core.management.base import BaseCommand

from portal.services.practices_io import export_practices


class Command(BaseCommand):
    help = "Exporta las buenas prácticas en el mismo formato que lee import_practices."

    def add_arguments(self, parser):
        parser.add_argument(
            "--format", choices=["csv", "json"], default=None, help="csv (por defecto) o json"
        )
        parser.add_argument(
            "-o", "--output", help="Archivo de salida; sin él se escribe en la salida estándar."
        )

    def handle(self, *args, format, output, **options):
        file_format = format or ("json" if output and output.lower().endswith(".json") else "csv")
        if output:
            with open(output, "w", encoding="utf-8", newline="") as stream:
                count = export_practices(stream=stream, file_format=file_format)
            self.stderr.write(f"{count} prácticas exportadas a {output}.")
        else:
            count = export_practices(stream=self.stdout, file_format=file_format)
            sys.stderr.write(f"{count} prácticas exportadas.\n")
