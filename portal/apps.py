from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _grant_role_permissions(sender, **kwargs):
    # post_migrate fires once per app; permissions of every app exist only after the last one.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is not with_models[-1]:
        return
    from portal.services import ensure_role_permissions

    ensure_role_permissions()


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_grant_role_permissions, dispatch_uid="portal_role_permissions")
        # Wagtail builds its user screens from `WagtailUsersAppConfig.user_viewset` when the admin
        # URLs load (after every ready()). Pointing it at ours adds the applicant's municipality to
        # those forms without swapping "wagtail.users" for a subclass in INSTALLED_APPS.
        apps.get_app_config("wagtailusers").user_viewset = "portal.viewsets.UserViewSet"
        # The quality diagnostic (a lower layer) suggests library practices through this provider.
        from portal.calidad_links import register as register_calidad_links

        register_calidad_links()
        # Replications (transferencia, a lower layer) find practice pages through this resolver.
        from portal.transferencia_links import register as register_transferencia_links

        register_transferencia_links()
