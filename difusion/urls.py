from django.urls import path

from . import views

app_name = "difusion"

urlpatterns = [
    path("eventos/", views.event_list, name="event_list"),
    path("eventos/inscripcion/<uuid:token>/", views.registration_detail, name="registration"),
    path("eventos/inscripcion/<uuid:token>/certificado.pdf", views.certificate, name="certificate"),
    path("eventos/<slug:slug>/", views.event_detail, name="event_detail"),
    path("eventos/<slug:slug>/calendario.ics", views.event_calendar, name="event_ics"),
    path("publicaciones/", views.book_list, name="book_list"),
    path("publicaciones/<slug:slug>/", views.book_detail, name="book_detail"),
    path("difusion/", views.staff_home, name="staff_home"),
    path("difusion/eventos/<int:pk>/asistencia/", views.staff_attendance, name="staff_attendance"),
    path(
        "difusion/eventos/<int:pk>/exportar/<str:fmt>/",
        views.staff_attendees_export,
        name="staff_attendees_export",
    ),
    path("difusion/libros/<int:pk>/", views.staff_book, name="staff_book"),
    path("difusion/libros/<int:pk>/generar/", views.staff_book_generate, name="staff_book_generate"),
    path("difusion/libros/<int:pk>/ganadoras/", views.staff_book_add_call, name="staff_book_add_call"),
]
