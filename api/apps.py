from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The open data API (read-only, versioned). It sits above the public site: it reads the
    portal's live pages and the domain apps' public selectors, and nothing imports it."""

    name = "api"
    verbose_name = _("Datos abiertos")
    default_auto_field = "django.db.models.BigAutoField"
