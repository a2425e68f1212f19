from django.urls import path

from evaluacion import views

app_name = "evaluacion"

urlpatterns = [
    # Evaluators: entries are addressed by their code, never by a database id.
    path("", views.dashboard, name="dashboard"),
    path("perfil/", views.profile, name="profile"),
    path("terminos-reservados/", views.identity_terms, name="identity_terms"),
    path("invitacion/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("entrada/<str:code>/", views.entry, name="entry"),
    path("entrada/<str:code>/conflicto/", views.declare_conflict, name="declare_conflict"),
    path("entrada/<str:code>/anexo/<int:number>/", views.entry_attachment, name="entry_attachment"),
    # The applicant's municipality, once results are published
    path("resultado/<str:code>/", views.feedback, name="feedback"),
    path("resultado/<str:code>/informe.pdf", views.feedback_pdf, name="feedback_pdf"),
    # Committee
    path("comite/", views.committee_home, name="committee_home"),
    path("comite/<slug:slug>/", views.committee_call, name="committee_call"),
    path("comite/<slug:slug>/ranking/", views.committee_ranking, name="committee_ranking"),
    path("comite/<slug:slug>/exportar/<str:name>", views.export, name="export"),
    path("comite/<slug:slug>/decisiones/", views.committee_decisions, name="committee_decisions"),
    path("comite/<slug:slug>/<str:code>/", views.committee_entry, name="committee_entry"),
    path("comite/<slug:slug>/<str:code>/decidir/", views.committee_decide, name="committee_decide"),
    path("comite/<slug:slug>/<str:code>/solicitar/", views.committee_request_review, name="committee_request_review"),
    path("comite/<slug:slug>/<str:code>/anexo/<int:number>/", views.committee_attachment, name="committee_attachment"),
    # Staff (coordination)
    path("gestion/", views.staff_home, name="staff_home"),
    path("gestion/<slug:slug>/", views.staff_call, name="staff_call"),
    path("gestion/<slug:slug>/pauta/", views.staff_rubric, name="staff_rubric"),
    path("gestion/<slug:slug>/evaluadores/", views.staff_pool, name="staff_pool"),
    path("gestion/<slug:slug>/evaluadores/<int:user_id>/", views.staff_profile, name="staff_profile"),
    path("gestion/<slug:slug>/conflictos/", views.staff_conflicts, name="staff_conflicts"),
    path("gestion/<slug:slug>/asignacion/", views.staff_assignments, name="staff_assignments"),
    path("gestion/<slug:slug>/copias/", views.staff_copies, name="staff_copies"),
    path("gestion/<slug:slug>/copias/<str:code>/", views.staff_copy, name="staff_copy"),
    path("gestion/<slug:slug>/copias/<str:code>/anexo/<int:number>/", views.staff_copy_attachment, name="staff_copy_attachment"),
    path("gestion/<slug:slug>/cerrar-evaluacion/", views.staff_close_evaluation, name="staff_close_evaluation"),
    path("gestion/<slug:slug>/cerrar-comite/", views.staff_close_committee, name="staff_close_committee"),
    path("gestion/<slug:slug>/publicar/", views.staff_publish, name="staff_publish"),
]
