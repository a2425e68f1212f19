"""Loads the demo data of every app, in dependency order. Re-running it changes nothing."""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# Each module exposes `load(*, stdout)`; it must be idempotent (get_or_create by stable keys).
DEMO_MODULES = ["portal.demo", "concurso.demo", "evaluacion.demo", "search.demo"]


class Command(BaseCommand):
    help = "Carga los datos de demostración (idempotente)."

    def handle(self, *args, **options):
        for name in DEMO_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name == name:
                    continue
                raise
            self.stdout.write(f"· {name} …")
            with transaction.atomic():
                module.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Datos de demostración listos."))
