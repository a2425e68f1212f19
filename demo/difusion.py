"""Demo data of dissemination: the book of the 2025 winners, a past national seminar with its
materials and attendance, and an upcoming workshop with registrations. Idempotent (stable slugs)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from concurso.models import Call
from core.models import User
from difusion import services
from difusion.models import (
    Book,
    BookEntry,
    Event,
    EventKind,
    EventMaterial,
    EventPractice,
    EventSession,
    EventSpeaker,
    Registration,
)
from difusion.pdf import html_to_pdf
from evaluacion.models import Decision, DecisionChoice
from portal.library_drafts import create_practice_draft

SANTIAGO = ZoneInfo("America/Santiago")

BOOK_SLUG = "buenas-practicas-2025"
PAST_SLUG = "seminario-nacional-buenas-practicas-2025"
UPCOMING_SLUG = "taller-transferencia-de-practicas"

PRESENTATION = (
    "<p>Este libro reúne las experiencias que el Concurso de Buenas Prácticas Municipales 2025 distinguió como "
    "ganadoras o con mención honrosa. Cada capítulo presenta un caso con su ficha, el problema de origen, lo que el "
    "municipio hizo, los resultados medidos y lo que aprendió en el camino.</p>"
    "<p>La intención es que otros equipos municipales puedan reconocer su propia realidad en estas páginas y "
    "ponerse en contacto con quienes ya recorrieron el camino: cada caso incluye el enlace y un código QR a su ficha "
    "en línea, con documentos y datos de contacto.</p>"
)

PEOPLE = [
    ("Camila Fuentes Araya", "Municipalidad de La Serena"),
    ("Jorge Muñoz Tapia", "Municipalidad de Valdivia"),
    ("Daniela Rojas Vergara", "Municipalidad de Temuco"),
    ("Matías González Pizarro", "Municipalidad de Antofagasta"),
    ("Valentina Soto Carrasco", "Municipalidad de Rancagua"),
    ("Felipe Castro Morales", "Municipalidad de Puerto Montt"),
    ("Francisca Herrera Díaz", "Municipalidad de Talca"),
    ("Sebastián Reyes Contreras", "Municipalidad de Coquimbo"),
    ("Antonia Silva Espinoza", "Municipalidad de Arica"),
    ("Tomás Vega Sepúlveda", "Municipalidad de Chillán"),
    ("Isidora Navarro Cortés", "Municipalidad de Ñuñoa"),
    ("Benjamín Torres Olivares", "Municipalidad de Punta Arenas"),
]


def _local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SANTIAGO)


def _material(title: str, filename: str, lines: list[str]):

    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        body = "".join(f"<p>{line}</p>" for line in lines)
        pdf = html_to_pdf(
            f"<html lang='es'><body><h1>{title}</h1>{body}</body></html>",
            stylesheets=["css/difusion-certificate.css"],
        )
        document = Document(title=title)
        document.file.save(filename, ContentFile(pdf), save=False)
        document.file_size = len(pdf)
        document.save()
    return document


def _editor():
    return User.objects.filter(is_superuser=True).first() or next(
        (user for user in User.objects.filter(is_staff=True) if user.is_editor or user.is_coordinator), None
    )


def _publish_call_winners(call, actor) -> None:
    """The editorial team publishes the library pages of the call's winners and mentions (as after
    the committee: evaluacion creates each page as a draft in moderation)."""

    decisions = Decision.objects.filter(
        submission__call=call, outcome__in=[DecisionChoice.WINNER, DecisionChoice.MENTION]
    ).select_related("submission")
    for decision in decisions:
        page = create_practice_draft(decision=decision, actor=actor)
        if page is None or page.live:
            continue
        state = page.current_workflow_state
        if state is not None:
            state.cancel(user=actor)
        page.get_latest_revision().publish(user=actor)


def _book(stdout) -> None:
    call = Call.objects.filter(year=2025).order_by("pk").first()
    book, created = Book.objects.get_or_create(
        slug=BOOK_SLUG,
        defaults={
            "title": "Buenas prácticas municipales 2025",
            "subtitle": "Ganadoras y menciones honrosas del Concurso de Buenas Prácticas Municipales",
            "year": 2025,
            "presentation": PRESENTATION,
            "call": call,
            "published": True,
        },
    )
    actor = _editor()
    if actor is None or call is None:
        stdout.write("  (sin convocatoria 2025 o sin usuario editor: libro sin prácticas)")
        return
    _publish_call_winners(call, actor)
    added = services.add_practices(book=book, practice_ids=services.call_practice_ids(call), actor=actor)
    if (created or added) and book.entries.exists():
        services.request_book_generation(book=book, actor=actor)
    stdout.write(f"  libro «{book.title}»: {book.entries.count()} casos")


def _events(stdout) -> None:
    practice_ids = list(
        BookEntry.objects.filter(book__slug=BOOK_SLUG).values_list("practice_id", flat=True)[:3]
    )

    past, created = Event.objects.get_or_create(
        slug=PAST_SLUG,
        defaults={
            "title": "Seminario nacional de buenas prácticas municipales 2025",
            "kind": EventKind.SEMINAR,
            "summary": "Jornada de reconocimiento a los municipios ganadores del concurso 2025, con la presentación "
            "de sus experiencias y un panel sobre cómo transferirlas a otras comunas.",
            "description": "<p>Los equipos municipales ganadores expusieron sus casos ante autoridades locales, "
            "funcionarios y organizaciones de la sociedad civil.</p>",
            "starts_at": _local(2025, 11, 21, 9, 0),
            "ends_at": _local(2025, 11, 21, 17, 30),
            "venue": "Centro de Extensión del Senado",
            "address": "Merced 820",
            "city": "Santiago",
            "online_url": "https://www.youtube.com/@asociacion-municipios",
            "capacity": 200,
            "registration_open": False,
            "published": True,
        },
    )
    if created:
        for order, (time, title, who) in enumerate(
            [
                (datetime.time(9, 0), "Acreditación y café de bienvenida", ""),
                (datetime.time(9, 30), "Apertura y entrega de reconocimientos", "Directiva de la asociación"),
                (datetime.time(11, 0), "Presentación de los casos ganadores", "Equipos municipales"),
                (
                    datetime.time(15, 0),
                    "Panel: transferir una práctica a otra comuna",
                    "Alcaldes y alcaldesas invitados",
                ),
                (datetime.time(17, 0), "Cierre", ""),
            ]
        ):
            EventSession.objects.create(
                event=past, sort_order=order, starts_at=time, title=title, speaker_names=who
            )
        for order, (name, affiliation) in enumerate(
            [
                ("Carolina Espinoza Lagos", "Secretaria ejecutiva de la asociación"),
                ("Rodrigo Paredes Núñez", "Director de Desarrollo Comunitario, Municipalidad de La Serena"),
            ]
        ):
            EventSpeaker.objects.create(event=past, sort_order=order, name=name, affiliation=affiliation)
        for order, practice_id in enumerate(practice_ids):
            EventPractice.objects.create(event=past, sort_order=order, practice_id=practice_id)
        for order, (title, filename, lines) in enumerate(
            [
                (
                    "Presentaciones del seminario nacional 2025",
                    "presentaciones-seminario-2025.pdf",
                    [
                        "Láminas de las exposiciones de los municipios ganadores.",
                        "Material de uso libre citando la fuente.",
                    ],
                ),
                (
                    "Relatoría del panel de transferencia",
                    "relatoria-panel-2025.pdf",
                    [
                        "Síntesis de las conversaciones del panel sobre replicación de prácticas entre municipios."
                    ],
                ),
            ]
        ):
            EventMaterial.objects.create(
                event=past, sort_order=order, document=_material(title, filename, lines), title=title
            )
        # Registration closed months ago: the list of who came is recorded as staff would after the day.
        for index, (name, organisation) in enumerate(PEOPLE[:8]):
            Registration.objects.create(
                event=past,
                name=name,
                email=f"asistente{index + 1}@demo.cl",
                organisation=organisation,
                status="confirmada",
                created_at=_local(2025, 11, 1 + index, 10, 0),
            )
        actor = _editor()
        if actor is not None:
            services.record_attendance(
                event=past, attended_ids=past.registrations.values_list("pk", flat=True)[:6], actor=actor
            )

    start = timezone.localtime(timezone.now() + datetime.timedelta(days=21)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    upcoming, created = Event.objects.get_or_create(
        slug=UPCOMING_SLUG,
        defaults={
            "title": "Taller: cómo transferir una buena práctica a su municipio",
            "kind": EventKind.WORKSHOP,
            "summary": "Taller práctico para equipos municipales que quieren adaptar una práctica reconocida: "
            "diagnóstico, acuerdos con el municipio de origen y plan de implementación.",
            "description": "<p>Trabajo en grupos con casos reales de la biblioteca. Traiga una idea de práctica "
            "que le interese replicar.</p>",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=4),
            "venue": "Sede de la asociación",
            "address": "Av. Libertador Bernardo O'Higgins 1449",
            "city": "Santiago",
            "online_url": "",
            "capacity": 15,
            "registration_open": True,
            "published": True,
        },
    )
    if created:
        for order, (time, title, who) in enumerate(
            [
                (datetime.time(9, 30), "Qué hace transferible a una práctica", "Equipo de la asociación"),
                (datetime.time(10, 30), "Trabajo en grupos con casos de la biblioteca", ""),
                (datetime.time(12, 30), "Plan de implementación y cierre", ""),
            ]
        ):
            EventSession.objects.create(
                event=upcoming, sort_order=order, starts_at=time, title=title, speaker_names=who
            )
        EventSpeaker.objects.create(
            event=upcoming,
            name="Paula Contreras Ibáñez",
            affiliation="Coordinadora del programa de transferencia",
        )
        for order, practice_id in enumerate(practice_ids[:2]):
            EventPractice.objects.create(event=upcoming, sort_order=order, practice_id=practice_id)
    if not upcoming.registrations.exists():
        for index, (name, organisation) in enumerate(PEOPLE):
            services.register(
                event=upcoming, name=name, email=f"inscrita{index + 1}@demo.cl", organisation=organisation
            )
    stdout.write(
        f"  eventos: «{past.title}» (pasado) y «{upcoming.title}» ({upcoming.registrations.count()} inscritos)"
    )


def load(*, stdout) -> None:
    _book(stdout)
    _events(stdout)
