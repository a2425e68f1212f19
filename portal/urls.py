from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core import exports
from portal import views, views_map
from portal.sitemaps import PortalSitemap

account_patterns = [
    path("ingresar/", views.LoginView.as_view(), name="login"),
    path("salir/", views.LogoutView.as_view(), name="logout"),
    path("", views.account, name="account"),
    path("clave/recuperar/", views.PasswordResetView.as_view(), name="password_reset"),
    path("clave/recuperar/enviado/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "clave/nueva/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("clave/nueva/listo/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]

portal_patterns = [
    path("cuenta/", include(account_patterns)),
    path("api/territorio/comunas/", views.comunas_json, name="comunas_json"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/ready", views.healthz, name="healthz_ready"),
    path("healthz/live", views.healthz_live, name="healthz_live"),
    path("mapa/", views_map.practice_map, name="practice_map"),
    path("cuenta/exportaciones/", exports.export_list, name="export_list"),
    path("cuenta/exportaciones/<uuid:job_id>/", exports.export_download, name="export_download"),
]

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documentos/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": PortalSitemap}}, name="sitemap"),
    path("convocatorias/", include("concurso.urls")),
    path("evaluacion/", include("evaluacion.urls")),
    path("buscar/", include("search.urls")),
    path("calidad/", include("calidad.urls")),
    path("transferencia/", include("transferencia.urls")),
    path("escuelas-ciudadanas/", include("escuelas.urls")),
    path("api/v1/", include("api.urls")),
    path("", include("difusion.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
