from django.urls import path

from transferencia import views

app_name = "transferencia"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("solicitar/<int:page_id>/", views.request_replication, name="request"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/responder/", views.answer, name="answer"),
    path("<int:pk>/etapas/", views.add_stage, name="stage"),
    path("<int:pk>/publicacion/", views.consent, name="consent"),
    path("seguimiento/", views.staff_list, name="staff_list"),
]
