from django.urls import path

from concurso import views

app_name = "concurso"

urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("mis-postulaciones/", views.dashboard, name="dashboard"),
    path("postulacion/<str:code>/", views.submission_edit, name="submission_edit"),
    path("postulacion/<str:code>/enviar/", views.submission_submit, name="submission_submit"),
    path("postulacion/<str:code>/retirar/", views.submission_withdraw, name="submission_withdraw"),
    path("postulacion/<str:code>/adjuntos/<int:pk>/", views.attachment_download, name="attachment_download"),
    path(
        "postulacion/<str:code>/adjuntos/<int:pk>/borrar/", views.attachment_delete, name="attachment_delete"
    ),
    path(
        "postulacion/<str:code>/conflictos/<int:pk>/revisado/",
        views.conflict_resolve,
        name="conflict_resolve",
    ),
    path(
        "postulacion/<str:code>/conflictos/revisados/",
        views.conflict_resolve_all,
        name="conflict_resolve_all",
    ),
    path("gestion/", views.staff_submissions, name="staff_entries"),
    path("gestion/exportar.<str:fmt>", views.staff_export, name="staff_export"),
    path("gestion/auditoria/", views.staff_audit, name="staff_audit"),
    path("gestion/postulacion/<str:code>/", views.staff_entry_detail, name="staff_entry_detail"),
    path("gestion/<slug:slug>/prorroga/", views.staff_extension, name="staff_extension"),
    path("<slug:slug>/", views.call_detail, name="call_detail"),
    path("<slug:slug>/postular/", views.submission_create, name="submission_create"),
]
