"""Demo of the citizen schools: the four courses of the catalogue, cohorts in several comunas
(one full, one open with seats, one past with attendance recorded) built through the services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from core.models import Comuna
from escuelas import services
from escuelas.models import Cohort

COURSES = [
    (
        "educacion-civica",
        "Educación cívica y participación",
        "Cómo funcionan el municipio, el concejo y los instrumentos de participación de la comuna.",
        "Recorremos las funciones del municipio y del concejo municipal, el presupuesto comunal, los consejos "
        "comunales de organizaciones de la sociedad civil, las audiencias públicas y los plebiscitos comunales. "
        "Cada sesión termina con un ejercicio práctico sobre un tema real del barrio.",
        "Vecinas y vecinos, juntas de vecinos, organizaciones comunitarias.",
        6,
    ),
    (
        "liderazgo",
        "Liderazgo comunitario",
        "Herramientas para conducir organizaciones, resolver conflictos y sumar a más personas.",
        "Trabajamos la comunicación en asambleas, la toma de decisiones colectiva, la mediación de conflictos "
        "vecinales y la renovación de directivas. Se aprende con casos de dirigentes de otras comunas.",
        "Dirigentes sociales y personas que quieren asumir un rol en su organización.",
        5,
    ),
    (
        "proyectos-locales",
        "Gestión de proyectos locales",
        "De la idea al proyecto postulado: diagnóstico, presupuesto, fondos concursables y rendición.",
        "Paso a paso para transformar una necesidad del barrio en un proyecto: diagnóstico participativo, "
        "objetivos, carta Gantt, presupuesto, postulación a fondos municipales y regionales, y rendición de cuentas.",
        "Organizaciones sociales y funcionales con personalidad jurídica.",
        8,
    ),
    (
        "emprendimiento",
        "Emprendimiento local",
        "Ideas de negocio, formalización, costos y ventas para emprendedoras y emprendedores de la comuna.",
        "Validación de la idea, costos y precio, formalización y permisos municipales, ventas en redes y ferias, "
        "y redes de apoyo públicas disponibles en la comuna.",
        "Personas que emprenden o quieren emprender en su comuna.",
        6,
    ),
]

# (course slug, comuna CUT, starts in N days, length in days, capacity, enrolments, venue)
COHORTS = [
    ("educacion-civica", "04101", 20, 42, 25, 12, "Centro Cultural Palace, La Serena"),
    ("liderazgo", "14101", 10, 35, 6, 6, "Sede vecinal Las Ánimas, Valdivia"),
    ("proyectos-locales", "13101", -56, 56, 30, 18, "Biblioteca de Santiago"),
    ("emprendimiento", "02101", 35, 42, 20, 3, "Casa del Emprendedor, Antofagasta"),
]

NAMES = [
    "Camila Rojas",
    "Diego Muñoz",
    "Francisca Soto",
    "Matías Contreras",
    "Javiera Silva",
    "Benjamín Díaz",
    "Constanza Morales",
    "Tomás Reyes",
    "Valentina Torres",
    "Felipe Araya",
    "Catalina Flores",
    "Sebastián Espinoza",
    "Antonia Castillo",
    "Nicolás Vargas",
    "Fernanda Tapia",
    "Joaquín Herrera",
    "Isidora Núñez",
    "Vicente Pizarro",
]


def load(*, stdout=None):
    courses = {}
    for order, (slug, title, summary, description, audience, sessions) in enumerate(COURSES):
        courses[slug] = services.save_course(
            slug=slug,
            title=title,
            summary=summary,
            description=description,
            audience=audience,
            sessions=sessions,
            order=order,
        )
    today = timezone.localdate()
    for slug, code, starts_in, length, capacity, enrolled, venue in COHORTS:
        comuna = Comuna.objects.get(code=code)
        if Cohort.objects.filter(course=courses[slug], comuna=comuna).exists():
            continue
        starts = today + datetime.timedelta(days=starts_in)
        cohort = services.create_cohort(
            course=courses[slug],
            comuna=comuna,
            starts_on=starts,
            ends_on=starts + datetime.timedelta(days=length),
            capacity=capacity,
            venue=venue,
            schedule="Martes y jueves, 18:30 a 20:30",
        )
        finished = starts_in < 0  # the cohort that ends today: attendance recorded, registration closed
        for i in range(enrolled):
            name = NAMES[i % len(NAMES)]
            services.enrol(
                cohort=cohort, full_name=name, email=f"{slug}.{code}.{i}@vecinos.demo.cl", comuna=comuna
            )
        if finished:
            services.set_registration_open(cohort=cohort, is_open=False)
            for i, enrolment in enumerate(cohort.enrolments.order_by("pk")):
                attended = courses[slug].sessions - (i % 4)
                services.record_progress(
                    enrolment=enrolment,
                    sessions_attended=attended,
                    completed=attended >= courses[slug].sessions - 1,
                )
    if stdout:
        stdout.write(f"  escuelas: {len(courses)} cursos, {Cohort.objects.count()} cohortes")
