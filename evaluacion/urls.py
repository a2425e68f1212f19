from django.urls import path

from evaluacion.views import applicant, committee, evaluator, staff, staff_assignment, staff_copies

app_name = "evaluacion"

# One URL per action: pages answer GET and write nothing; each button posts to its own URL.
urlpatterns = [
    # Evaluators: entries are addressed by their code, never by a database id.
    path("", evaluator.dashboard, name="dashboard"),
    path("perfil/", evaluator.profile, name="profile"),
    path("invitacion/<str:token>/", evaluator.accept_invitation, name="accept_invitation"),
    path("entrada/<str:code>/", evaluator.entry, name="entry"),
    path("entrada/<str:code>/guardar/", evaluator.entry_save, name="entry_save"),
    path("entrada/<str:code>/enviar/", evaluator.entry_submit, name="entry_submit"),
    path("entrada/<str:code>/conflicto/", evaluator.declare_conflict, name="declare_conflict"),
    path("entrada/<str:code>/anexo/<int:number>/", evaluator.entry_attachment, name="entry_attachment"),
    # The applicant's municipality: words to mask; its feedback report once results are published
    path("terminos-reservados/", applicant.identity_terms, name="identity_terms"),
    path("resultado/<str:code>/", applicant.feedback, name="feedback"),
    path("resultado/<str:code>/informe.pdf", applicant.feedback_pdf, name="feedback_pdf"),
    # Committee
    path("comite/", committee.committee_home, name="committee_home"),
    path("comite/<slug:slug>/", committee.committee_call, name="committee_call"),
    path("comite/<slug:slug>/ranking/", committee.committee_ranking, name="committee_ranking"),
    path("comite/<slug:slug>/exportar/<str:name>", committee.export, name="export"),
    path("comite/<slug:slug>/decisiones/", committee.committee_decisions, name="committee_decisions"),
    path("comite/<slug:slug>/<str:code>/", committee.committee_entry, name="committee_entry"),
    path("comite/<slug:slug>/<str:code>/decidir/", committee.committee_decide, name="committee_decide"),
    path(
        "comite/<slug:slug>/<str:code>/solicitar/",
        committee.committee_request_review,
        name="committee_request_review",
    ),
    path(
        "comite/<slug:slug>/<str:code>/anexo/<int:number>/",
        committee.committee_attachment,
        name="committee_attachment",
    ),
    # Staff (coordination)
    path("gestion/", staff.staff_home, name="staff_home"),
    path("gestion/<slug:slug>/", staff.staff_call, name="staff_call"),
    path("gestion/<slug:slug>/pauta/", staff.staff_rubric, name="staff_rubric"),
    path("gestion/<slug:slug>/pauta/criterios/", staff.staff_rubric_criteria, name="staff_rubric_criteria"),
    path("gestion/<slug:slug>/pauta/textos/", staff.staff_rubric_comments, name="staff_rubric_comments"),
    path("gestion/<slug:slug>/pauta/umbral/", staff.staff_rubric_thresholds, name="staff_rubric_thresholds"),
    path("gestion/<slug:slug>/evaluadores/", staff.staff_pool, name="staff_pool"),
    path("gestion/<slug:slug>/evaluadores/<int:user_id>/", staff.staff_profile, name="staff_profile"),
    path("gestion/<slug:slug>/conflictos/", staff_assignment.staff_conflicts, name="staff_conflicts"),
    path(
        "gestion/<slug:slug>/conflictos/recalcular/",
        staff_assignment.staff_conflicts_refresh,
        name="staff_conflicts_refresh",
    ),
    path(
        "gestion/<slug:slug>/conflictos/agregar/",
        staff_assignment.staff_conflict_add,
        name="staff_conflict_add",
    ),
    path(
        "gestion/<slug:slug>/conflictos/<int:pk>/bloquear/",
        staff_assignment.staff_conflict_lock,
        name="staff_conflict_lock",
    ),
    path(
        "gestion/<slug:slug>/conflictos/<int:pk>/desbloquear/",
        staff_assignment.staff_conflict_unlock,
        name="staff_conflict_unlock",
    ),
    path(
        "gestion/<slug:slug>/conflictos/<int:pk>/quitar/",
        staff_assignment.staff_conflict_remove,
        name="staff_conflict_remove",
    ),
    path("gestion/<slug:slug>/asignacion/", staff_assignment.staff_assignments, name="staff_assignments"),
    path(
        "gestion/<slug:slug>/asignacion/ejecutar/",
        staff_assignment.staff_assignments_run,
        name="staff_assignments_run",
    ),
    path(
        "gestion/<slug:slug>/asignacion/liberar/",
        staff_assignment.staff_assignments_release,
        name="staff_assignments_release",
    ),
    path(
        "gestion/<slug:slug>/asignacion/agregar/",
        staff_assignment.staff_assignment_add,
        name="staff_assignment_add",
    ),
    path(
        "gestion/<slug:slug>/asignacion/adicional/",
        staff_assignment.staff_assignment_extra,
        name="staff_assignment_extra",
    ),
    path(
        "gestion/<slug:slug>/asignacion/<int:pk>/quitar/",
        staff_assignment.staff_assignment_remove,
        name="staff_assignment_remove",
    ),
    path("gestion/<slug:slug>/copias/", staff_copies.staff_copies, name="staff_copies"),
    path(
        "gestion/<slug:slug>/copias/generar/",
        staff_copies.staff_copies_generate,
        name="staff_copies_generate",
    ),
    path("gestion/<slug:slug>/copias/<str:code>/", staff_copies.staff_copy, name="staff_copy"),
    path(
        "gestion/<slug:slug>/copias/<str:code>/preparar/",
        staff_copies.staff_copy_generate,
        name="staff_copy_generate",
    ),
    path(
        "gestion/<slug:slug>/copias/<str:code>/guardar/", staff_copies.staff_copy_save, name="staff_copy_save"
    ),
    path(
        "gestion/<slug:slug>/copias/<str:code>/regenerar/",
        staff_copies.staff_copy_regenerate,
        name="staff_copy_regenerate",
    ),
    path(
        "gestion/<slug:slug>/copias/<str:code>/revisar/",
        staff_copies.staff_copy_review,
        name="staff_copy_review",
    ),
    path(
        "gestion/<slug:slug>/copias/<str:code>/terminos/",
        staff_copies.staff_copy_term_add,
        name="staff_copy_term_add",
    ),
    path(
        "gestion/<slug:slug>/copias/<str:code>/terminos/<int:pk>/quitar/",
        staff_copies.staff_copy_term_remove,
        name="staff_copy_term_remove",
    ),
    path(
        "gestion/<slug:slug>/copias/<str:code>/autoridad/",
        staff_copies.staff_copy_mayor,
        name="staff_copy_mayor",
    ),
    path(
        "gestion/<slug:slug>/copias/<str:code>/anexo/<int:number>/",
        staff_copies.staff_copy_attachment,
        name="staff_copy_attachment",
    ),
    path(
        "gestion/<slug:slug>/cerrar-evaluacion/", staff.staff_close_evaluation, name="staff_close_evaluation"
    ),
    path("gestion/<slug:slug>/cerrar-comite/", staff.staff_close_committee, name="staff_close_committee"),
    path("gestion/<slug:slug>/publicar/", staff.staff_publish, name="staff_publish"),
]
