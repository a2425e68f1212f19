"""Imports good practices from a CSV or JSON file (schema: docs/import_schema.md)."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from portal.services.practices_io import ImportFileError, import_practices


class Command(BaseCommand):
    help = "Importa buenas prácticas desde un archivo CSV o JSON (esquema en docs/import_schema.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Ruta del archivo .csv o .json")
        parser.add_argument(
            "--draft", action="store_true", help="Crea o actualiza como borrador, sin publicar."
        )

    def handle(self, *args, file, draft, **options):
        def progress(rows):
            return tqdm(rows, desc="Importando", unit="fila", file=sys.stderr, disable=None)

        try:
            report = import_practices(path=file, publish=not draft, progress=progress)
        except ImportFileError as exc:
            raise CommandError(str(exc))
        for error in report.errors:
            self.stderr.write(self.style.ERROR(str(error)))
        style = self.style.WARNING if report.errors else self.style.SUCCESS
        self.stdout.write(style(report.summary()))
