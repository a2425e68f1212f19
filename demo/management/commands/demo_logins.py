from django.conf import settings
from django.core.management.base import BaseCommand

from demo.users import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Muestra los usuarios de demostración (solo en desarrollo)."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_USERS_ENABLED", False):
            self.stdout.write("Los usuarios de demostración solo existen en desarrollo.")
            return
        self.stdout.write(f"\nUsuarios de demostración (contraseña para todos: {DEMO_PASSWORD})")
        for email, role in demo_logins():
            self.stdout.write(f"  {email:<40} {role}")
        self.stdout.write("")
