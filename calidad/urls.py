from django.urls import include, path

from calidad import views

app_name = "calidad"

urlpatterns = [
    path("", views.home, name="home"),
    path("estadisticas/", views.statistics, name="statistics"),
    path("municipios/<slug:slug>/", views.municipality_cycles, name="municipality"),
    path("municipios/<slug:slug>/nuevo/", views.start, name="start"),
    path("diagnosticos/<int:pk>/", views.detail, name="detail"),
    path("diagnosticos/<int:pk>/sesion/", views.session, name="session"),
    path("diagnosticos/<int:pk>/respuestas/<int:number>/", views.answers, name="answers"),
    path("diagnosticos/<int:pk>/acta/", views.acta_upload, name="acta_upload"),
    path("diagnosticos/<int:pk>/acta/descargar/", views.acta_download, name="acta_download"),
    path("diagnosticos/<int:pk>/enviar/", views.submit, name="submit"),
    path("diagnosticos/<int:pk>/eliminar/", views.delete_draft, name="delete_draft"),
    path("diagnosticos/<int:pk>/publicar/", views.publish, name="publish"),
    path("diagnosticos/<int:pk>/exportar/<str:fmt>/", views.export, name="export"),
    path("diagnosticos/<int:pk>/referencias/", views.benchmarks, name="benchmarks"),
    path("diagnosticos/<int:pk>/comparar/", views.compare_pick, name="compare_pick"),
    path("diagnosticos/<int:pk>/comparar/<int:other>/", views.compare, name="compare"),
    path("instrumentos/", views.instruments, name="instruments"),
    path("instrumentos/<int:pk>/exportar.<str:fmt>", views.instrument_export, name="instrument_export"),
    path("instrumentos/<int:pk>/nueva-version/", views.instrument_new_version, name="instrument_new_version"),
    path("instrumentos/<int:pk>/vigente/", views.instrument_activate, name="instrument_activate"),
    path("resultados-externos/", views.sources, name="sources"),
    # Issue 12: self-assessment, validation and improvement plan.
    path("mejora/", include("calidad.urls_improvement")),
]
