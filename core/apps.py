from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The kernel: users and roles, territory, taxonomy, storage, the task outbox and exports.

    It imports no other first-party app; the apps above it register with its extension points
    (the export registry in core.exports, the signals in core.signals).
    """

    name = "core"
    verbose_name = _("Núcleo")
    default_auto_field = "django.db.models.BigAutoField"
