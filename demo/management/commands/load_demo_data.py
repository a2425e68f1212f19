"""Loads the demo data of every app, in dependency order. Re-running it changes nothing."""

import logging
from contextlib import contextmanager

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from demo import (
    calidad,
    concurso,
    difusion,
    escuelas,
    evaluacion,
    mejora,
    portal,
    results_2025,
    search,
    transferencia,
)

# In dependency order. Each module exposes `load(*, stdout)` and is idempotent (stable keys).
DEMO_MODULES = [
    portal,
    concurso,
    evaluacion,
    results_2025,
    search,
    calidad,
    mejora,
    difusion,
    transferencia,
    escuelas,
]

# One INFO line per page created or published and per eager task would bury the summary (and the
# demo logins `make run` prints next); -v 2 shows them.
CHATTY_LOGGERS = ["wagtail", "celery.app.trace", "core.taskutils", "evaluacion.services"]


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
        # The demo sends receipts, assignments and results to made-up @demo.cl addresses: keep them
        # in memory instead of printing hundreds of e-mails before the demo logins (-v 2 prints them).
        backend = None if verbosity >= 2 else "django.core.mail.backends.locmem.EmailBackend"
        with (
            _quiet(CHATTY_LOGGERS if verbosity < 2 else []),
            override_settings(**({"EMAIL_BACKEND": backend} if backend else {})),
        ):
            for module in DEMO_MODULES:
                self.stdout.write(f"· {module.__name__} …")
                with transaction.atomic():
                    module.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Datos de demostración listos."))
