from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


def _grant_role_permissions(sender, **kwargs):
    # post_migrate fires once per app; permissions of every app exist only after the last one.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is not with_models[-1]:
        return
    from portal.services import ensure_role_permissions

    ensure_role_permissions()


class PortalConfig(AppConfig):
    # This module holds two app configs (and imports Wagtail's): "portal" must pick this one.
    default = True
    name = "portal"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_grant_role_permissions, dispatch_uid="portal_role_permissions")
        from django.contrib.auth.signals import user_logged_in

        from portal.security import shorten_staff_session

        user_logged_in.connect(shorten_staff_session, dispatch_uid="portal_staff_session")
        # The quality diagnostic (a lower layer) suggests library practices through this provider.
        from portal.calidad_links import register as register_calidad_links

        register_calidad_links()
        # The improvement road (calidad, issue 12) drafts library cases through this portal hook.
        from portal.calidad_improvement import register as register_improvement

        register_improvement()

        # Replications (transferencia, a lower layer) find practice pages through this resolver.
        from portal.transferencia_links import register as register_transferencia_links

        register_transferencia_links()

        # Full-page cache invalidation and lists precomputed at publication (issue 14).
        from portal import page_cache, precomputed

        page_cache.connect()
        precomputed.connect()


class PortalUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app with the portal's user screens (municipality and phone of the user).

    Installed in place of "wagtail.users" (settings.INSTALLED_APPS), as Wagtail documents for custom
    user forms; the app label stays "wagtailusers"."""

    user_viewset = "portal.viewsets.UserViewSet"
