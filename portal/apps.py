from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class PortalConfig(AppConfig):
    # This module holds two app configs (and imports Wagtail's): "portal" must pick this one.
    default = True
    name = "portal"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: these modules use models, which exist only once every app
        # is loaded. This is where the portal plugs into the extension points of the apps below it.
        from django.contrib.auth.signals import user_logged_in

        from evaluacion.signals import results_published
        from portal import (
            calidad_improvement,
            calidad_links,
            library_drafts,
            search_entries,
            transferencia_links,
        )
        from portal.security import shorten_staff_session
        from portal.services import roles

        post_migrate.connect(
            roles.grant_role_permissions_after_migrate, dispatch_uid="portal_role_permissions"
        )
        user_logged_in.connect(shorten_staff_session, dispatch_uid="portal_staff_session")
        # Lower layers announce, the public site reacts: page types in the search index, and
        # published competition results as library drafts.
        search_entries.register()
        results_published.connect(library_drafts.on_results_published, dispatch_uid="portal_library_drafts")
        # The quality diagnostic (a lower layer) suggests library practices through this provider,
        # and its improvement road (issue 12) drafts library cases through this portal hook.
        calidad_links.register()
        calidad_improvement.register()
        # Replications (transferencia, a lower layer) find practice pages through this resolver.
        transferencia_links.register()

        # Full-page cache invalidation and lists precomputed at publication (issue 14).
        from portal import page_cache, precomputed

        page_cache.connect()
        precomputed.connect()


class PortalUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app with the portal's user screens (municipality and phone of the user).

    Installed in place of "wagtail.users" (settings.INSTALLED_APPS), as Wagtail documents for custom
    user forms; the app label stays "wagtailusers"."""

    user_viewset = "portal.viewsets.UserViewSet"
