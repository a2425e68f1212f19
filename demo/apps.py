from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data of every app (`make demo`). Nothing imports it; it builds everything through the
    apps' services, like a user of the product would."""

    name = "demo"
    verbose_name = _("Datos de demostración")
