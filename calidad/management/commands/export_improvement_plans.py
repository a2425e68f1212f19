import json

from django.core.management.base import BaseCommand, CommandError

from calidad.exports_improvement import plans_json


class Command(BaseCommand):
    help = "Exporta todos los planes de mejoras con sus líneas, estado y avance."

    def add_arguments(self, parser):
        parser.add_argument("--format", default="json", choices=["json"])
        parser.add_argument("--output", help="Archivo de salida (por omisión, la salida estándar).")

    def handle(self, *args, **options):
        data = json.dumps(plans_json(), ensure_ascii=False, indent=2)
        if options["output"]:
            try:
                with open(options["output"], "w", encoding="utf-8") as fh:
                    fh.write(data)
            except OSError as exc:
                raise CommandError(f"No se pudo escribir {options['output']}: {exc}") from exc
        else:
            self.stdout.write(data)
