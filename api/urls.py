from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api import views

router = SimpleRouter(trailing_slash=True)
router.register("practicas", views.PracticeViewSet, basename="practice")
router.register("distinciones", views.DistinctionViewSet, basename="distinction")
router.register("convocatorias", views.CallViewSet, basename="call")
router.register("comunas", views.ComunaViewSet, basename="comuna")
router.register("eventos", views.EventViewSet, basename="event")

app_name = "api"

urlpatterns = [
    path("", views.root, name="root"),
    path("openapi.json", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("calidad/estadisticas/", views.quality_statistics, name="quality-statistics"),
    path("", include(router.urls)),
]
