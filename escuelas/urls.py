from django.urls import path

from escuelas import views

app_name = "escuelas"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("estadisticas/", views.statistics, name="statistics"),
    path("cursos/<slug:slug>/", views.course, name="course"),
    path("cohortes/<int:pk>/inscripcion/", views.enrol, name="enrol"),
    path("cohortes/<int:pk>/asistencia/", views.attendance, name="attendance"),
]
