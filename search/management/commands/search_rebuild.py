"""Rebuild the search indexes from the live public pages, in chunks, with a progress bar.

Elasticsearch: a new timestamped index is loaded with streaming bulk requests and the alias moves
to it atomically; the old index is then deleted. Embedded: rewritten inside one transaction, so
readers see the old index until the new one commits. Pages are streamed with .iterator(), so
memory stays flat whatever the size of the library.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import services
from search.backends import SearchUnavailable, get_elasticsearch_backend, get_embedded_backend
from search.registry import count_live_entries


class Command(BaseCommand):
    help = "Reconstruye los índices de búsqueda con las páginas publicadas y públicas."

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend",
            choices=["all", "embedded", "elasticsearch"],
            default="all",
            help="Índice a reconstruir (por defecto: el embebido y, si está configurado, Elasticsearch).",
        )
        parser.add_argument(
            "--chunk-size", type=int, default=500, help="Documentos por lote (por defecto 500)."
        )
        parser.add_argument("--no-progress", action="store_true", help="No mostrar la barra de progreso.")

    def handle(self, *args, backend, chunk_size, no_progress, **options):
        backends = []
        if backend in ("all", "embedded"):
            backends.append(get_embedded_backend())
        if backend in ("all", "elasticsearch"):
            elastic = get_elasticsearch_backend()
            if elastic is None and backend == "elasticsearch":
                raise CommandError("ELASTICSEARCH_URL no está configurada.")
            if elastic is not None:
                backends.append(elastic)
        total = count_live_entries()
        for target in backends:
            with tqdm(
                total=total,
                unit="doc",
                desc=f"Índice {target.name}",
                disable=no_progress,
                file=self.stderr._out,
            ) as bar:
                try:
                    count = services.rebuild(target, chunk_size=chunk_size, progress=bar.update)
                except SearchUnavailable as exc:
                    raise CommandError(f"No se pudo reconstruir el índice {target.name}: {exc}") from exc
            self.stdout.write(self.style.SUCCESS(f"Índice {target.name}: {count} documentos."))
