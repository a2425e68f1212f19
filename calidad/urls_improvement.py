"""URLs of the improvement road, included by calidad.urls under «mejora/» (namespace calidad)."""

from django.urls import path

from calidad import views_improvement as v

urlpatterns = [
    path("", v.dashboard, name="improvement_dashboard"),
    path("municipios/<slug:slug>/nuevo-comite/", v.committee_new, name="improvement_committee_new"),
    path("<int:pk>/", v.committee_detail, name="improvement_committee"),
    path("<int:pk>/comite/", v.committee_edit, name="improvement_committee_edit"),
    path("<int:pk>/informe/", v.report, name="improvement_report"),
    path("<int:pk>/subcriterios/<int:number>/", v.elements, name="improvement_elements"),
    path("<int:pk>/respuestas/<int:response_pk>/mensajes/", v.message, name="improvement_message"),
    path("<int:pk>/enviar/", v.submit, name="improvement_submit"),
    path("<int:pk>/validar/", v.validate, name="improvement_validate"),
    path("<int:pk>/retroalimentacion/", v.feedback, name="improvement_feedback"),
    path("<int:pk>/plan/", v.plan, name="improvement_plan"),
    path("<int:pk>/seguimiento/", v.followup, name="improvement_followup"),
    path("<int:pk>/archivos/<str:kind>/<int:item_pk>/", v.download, name="improvement_download"),
    path("<int:pk>/exportar/<str:kind>.<str:fmt>", v.export, name="improvement_export"),
]
