"""Loads the demo data of every app, in dependency order. Re-running it changes nothing."""

import importlib
import logging
from contextlib import contextmanager

from django.core.management.base import BaseCommand
from django.db import transaction

# Each module exposes `load(*, stdout)`; it must be idempotent (get_or_create by stable keys).
DEMO_MODULES = ["portal.demo", "concurso.demo", "evaluacion.demo", "search.demo"]

# One INFO line per page created or published and per eager task would bury the summary (and the
# demo logins `make run` prints next); -v 2 shows them.
CHATTY_LOGGERS = ["wagtail", "celery.app.trace"]


@contextmanager
def _quiet(names, *, level=logging.WARNING):
    loggers = [logging.getLogger(name) for name in names]
    previous = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, old in zip(loggers, previous, strict=True):
            logger.setLevel(old)


class Command(BaseCommand):
    help = "Carga los datos de demostración (idempotente)."

    def handle(self, *args, verbosity=1, **options):
        with _quiet(CHATTY_LOGGERS if verbosity < 2 else []):
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
