"""Compute and store the related practices of every live practice (portal.precomputed).

Publications keep them up to date one page at a time; run this after a bulk import or a search
index rebuild, or from cron to let older pages discover practices published after them."""

from django.core.management.base import BaseCommand

from portal.precomputed import refresh_all_related


class Command(BaseCommand):
    help = "Calcula y guarda las prácticas relacionadas de todas las prácticas publicadas."

    def handle(self, *args, **options):
        count = refresh_all_related(progress=lambda done: self.stdout.write(f"  {done}…"))
        self.stdout.write(self.style.SUCCESS(f"Prácticas relacionadas calculadas para {count} prácticas."))
