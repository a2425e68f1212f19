from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.typology import import_typology, parse_csv


class Command(BaseCommand):
    help = "Importa la tipología municipal desde un CSV con columnas codigo_cut y tipologia (1 a 5)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Ruta del archivo CSV")

    def handle(self, *args, path, **options):
        file = Path(path)
        if not file.exists():
            raise CommandError(f"No existe el archivo {path}")
        updated, errors = import_typology(parse_csv(file.read_bytes()))
        if errors:
            for error in errors:
                self.stderr.write(error)
            raise CommandError(f"{len(errors)} filas con errores; no se guardó nada.")
        self.stdout.write(self.style.SUCCESS(f"Tipología asignada a {updated} municipalidades."))
