"""Demo data of the competition: a past call with results, one in evaluation, one open. Idempotent.

Stable keys: calls by slug, entries by (call, municipality, title), attachments by (entry, label).
Dates of the two live calls are relative to today so that they are in the right phase whenever the
demo is loaded; they are only moved when the call is no longer in that phase.
"""

import io
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from wagtail.documents import get_document_model

from concurso import services
from concurso.models import Call, Phase, Submission, SubmissionStatus
from core.models import Category, Municipality, Role
from demo.users import ensure_user, load_demo_users

CATEGORIES = [
    (
        "gestion-y-modernizacion",
        "Gestión y modernización municipal",
        "Procesos internos, atención a vecinos, transformación digital y transparencia.",
    ),
    (
        "participacion",
        "Participación",
        "Presupuestos participativos, consejos vecinales y diálogo con la comunidad.",
    ),
    (
        "medio-ambiente",
        "Medio ambiente y sostenibilidad",
        "Reciclaje, eficiencia energética, áreas verdes y adaptación al cambio climático.",
    ),
    (
        "desarrollo-social",
        "Desarrollo social y salud",
        "Personas mayores, infancia, salud primaria, inclusión y vivienda.",
    ),
]

# comuna code, contact person, phone prefix
MUNICIPALITIES = [
    ("04101", "Marcela Rojas Araya", "+56 51 220 6000"),
    ("14101", "Jorge Barrientos Vera", "+56 63 221 2000"),
    ("13101", "Paula Fernández Soto", "+56 2 2713 6000"),
    ("05101", "Rodrigo Miranda Lagos", "+56 32 293 9000"),
    ("08101", "Daniela Sáez Contreras", "+56 41 226 6000"),
    ("09101", "Héctor Painemal Huenchul", "+56 45 297 3000"),
    ("02101", "Carolina Tapia Rivera", "+56 55 241 5000"),
    ("10101", "Francisco Oyarzún Mansilla", "+56 65 226 1000"),
    ("07101", "Valentina Muñoz Parra", "+56 71 220 3000"),
    ("06101", "Ignacio Cornejo Silva", "+56 72 274 4000"),
    ("16101", "Sofía Castillo Jara", "+56 42 243 3000"),
    ("15101", "Andrés Mamani Flores", "+56 58 220 6000"),
    ("12101", "Macarena Vidal Ruiz", "+56 61 220 0300"),
]

TOPICS = [
    {
        "category": "gestion-y-modernizacion",
        "title": "Ventanilla digital única para trámites municipales",
        "summary": "La Municipalidad de {muni} reunió en una sola ventanilla digital los 40 trámites más pedidos por los vecinos de {comuna}, con seguimiento en línea y notificaciones.",
        "previous": "Antes de la iniciativa, los vecinos de {comuna} debían acudir en promedio tres veces al edificio consistorial para completar un trámite, y el tiempo de respuesta superaba los 20 días hábiles.",
        "objectives": "Reducir a la mitad los tiempos de respuesta de los trámites municipales y permitir que el 70% de ellos se haga sin ir a la municipalidad.",
        "description": "El equipo de la Dirección de Administración de {muni}, coordinado por {contact}, levantó los procesos, eliminó pasos sin valor y publicó los formularios en {web}. Las consultas se atienden en {email} y en el teléfono {phone}.",
        "results": "El tiempo promedio de respuesta bajó de 21 a 8 días hábiles y el 64% de los trámites se inicia en línea.",
        "indicators": "Tiempo promedio de respuesta: 21 días → 8 días\nTrámites en línea: 5% → 64%",
    },
    {
        "category": "participacion",
        "title": "Presupuesto participativo con votación territorial",
        "summary": "Los vecinos de {comuna} deciden cada año el destino de una parte del presupuesto de inversión de la Municipalidad de {muni}, con asambleas por barrio y votación presencial y digital.",
        "previous": "La participación en las instancias consultivas de {comuna} era baja y concentrada en pocas juntas de vecinos; los proyectos pequeños de barrio no tenían un canal para financiarse.",
        "objectives": "Aumentar la participación vecinal en decisiones de inversión y financiar proyectos propuestos por la comunidad.",
        "description": "La Dirección de Desarrollo Comunitario organizó asambleas en 12 unidades vecinales. {contact} coordinó la mesa técnica que revisó la factibilidad de las propuestas. Las bases se publicaron en {web} y las dudas se respondieron en {email}.",
        "results": "Participaron 9.400 personas en la última votación y se ejecutaron 31 proyectos de barrio.",
        "indicators": "Votantes: 1.200 → 9.400\nProyectos vecinales ejecutados: 0 → 31",
    },
    {
        "category": "medio-ambiente",
        "title": "Reciclaje domiciliario puerta a puerta",
        "summary": "La Municipalidad de {muni} implementó el retiro puerta a puerta de residuos reciclables en todos los barrios de {comuna}, con educación ambiental casa por casa.",
        "previous": "En {comuna} se reciclaba menos del 2% de los residuos domiciliarios y el relleno sanitario estaba cerca de su capacidad.",
        "objectives": "Valorizar al menos el 10% de los residuos domiciliarios y reducir el costo de disposición final.",
        "description": "Se dividió la comuna en sectores con un día fijo de retiro. Monitores ambientales visitaron cada hogar. La coordinadora del programa, {contact}, informa el calendario en {web}; los reclamos se reciben en {phone} y {email}.",
        "results": "Se recuperan 380 toneladas de reciclables al año y el costo de disposición bajó un 12%.",
        "indicators": "Tasa de reciclaje: 1,8% → 11,5%\nHogares adheridos: 0 → 23.000",
    },
    {
        "category": "desarrollo-social",
        "title": "Red de acompañamiento a personas mayores que viven solas",
        "summary": "Voluntarios y funcionarios de la Municipalidad de {muni} visitan y llaman semanalmente a personas mayores que viven solas en {comuna}, y las conectan con salud primaria.",
        "previous": "El diagnóstico comunal de {comuna} identificó a más de 2.000 personas mayores que vivían solas, muchas sin controles de salud al día.",
        "objectives": "Reducir el aislamiento de las personas mayores y asegurar su acceso oportuno a la salud primaria.",
        "description": "La Oficina del Adulto Mayor, a cargo de {contact}, formó a 150 voluntarios. Cada persona mayor tiene un acompañante asignado. Las familias pueden inscribir a un vecino en {web}, escribiendo a {email} o llamando al {phone}.",
        "results": "1.450 personas mayores reciben acompañamiento y el 88% tiene su control de salud al día.",
        "indicators": "Personas acompañadas: 0 → 1.450\nControles de salud al día: 52% → 88%",
    },
    {
        "category": "gestion-y-modernizacion",
        "title": "Gestión de reclamos con compromisos de plazo",
        "summary": "Cada reclamo que recibe la Municipalidad de {muni} tiene un responsable y un plazo público de respuesta; los vecinos de {comuna} siguen su estado en línea.",
        "previous": "Los reclamos de {comuna} llegaban por cinco canales distintos y un tercio nunca recibía respuesta.",
        "objectives": "Responder el 95% de los reclamos dentro del plazo comprometido.",
        "description": "Se unificaron los canales en una plataforma, con reportes semanales al alcalde. {contact}, jefa de la unidad de atención, lidera el comité de seguimiento. Canal de contacto: {email}, {phone}, {web}.",
        "results": "El 93% de los reclamos se responde a tiempo y la satisfacción subió de 3,9 a 5,8 (escala 1 a 7).",
        "indicators": "Reclamos respondidos a tiempo: 61% → 93%",
    },
    {
        "category": "participacion",
        "title": "Consejos juveniles por barrio",
        "summary": "La Municipalidad de {muni} creó consejos juveniles en los barrios de {comuna} que proponen y ejecutan proyectos con apoyo municipal.",
        "previous": "Las y los jóvenes de {comuna} no tenían espacios formales de participación y su confianza en el municipio era la más baja entre los grupos etarios.",
        "objectives": "Crear espacios estables de participación juvenil con capacidad de decisión sobre un fondo propio.",
        "description": "La Oficina de la Juventud acompaña a 14 consejos; {contact} coordina la escuela de liderazgo. Convocatorias en {web} y contacto en {email} o {phone}.",
        "results": "14 consejos activos con 320 integrantes y 22 proyectos juveniles ejecutados.",
        "indicators": "Consejos activos: 0 → 14",
    },
    {
        "category": "medio-ambiente",
        "title": "Alumbrado público eficiente con telegestión",
        "summary": "La Municipalidad de {muni} recambió el alumbrado público de {comuna} por luminarias LED con telegestión, reduciendo el consumo y los tiempos de reparación.",
        "previous": "El alumbrado de {comuna} usaba lámparas de sodio con alto consumo y las fallas tardaban semanas en repararse.",
        "objectives": "Reducir en 50% el consumo eléctrico del alumbrado público y reparar las fallas en menos de 48 horas.",
        "description": "Se recambiaron 8.500 luminarias con financiamiento regional. {contact}, de la Dirección de Operaciones, administra el sistema. Los vecinos reportan fallas en {web}, {email} o {phone}.",
        "results": "El consumo bajó un 58% y las fallas se reparan en 30 horas en promedio.",
        "indicators": "Consumo anual: 6,1 GWh → 2,6 GWh",
    },
    {
        "category": "desarrollo-social",
        "title": "Farmacia y óptica comunal",
        "summary": "La Municipalidad de {muni} abrió una farmacia y una óptica comunal que venden medicamentos y lentes a precio de costo a los vecinos de {comuna}.",
        "previous": "Las familias de {comuna} con enfermedades crónicas destinaban una parte importante de sus ingresos a medicamentos.",
        "objectives": "Reducir el gasto de bolsillo en medicamentos y lentes de las familias inscritas.",
        "description": "La farmacia compra a través de la central de abastecimiento. {contact} dirige el servicio. Inscripciones en {web}, consultas en {email} y en el {phone}.",
        "results": "11.000 personas inscritas, con un ahorro promedio del 60% en sus medicamentos.",
        "indicators": "Personas inscritas: 0 → 11.000\nAhorro promedio: 60%",
    },
]

TEAM = ["Camila Reyes Molina", "Tomás Aguilera Pinto", "Fernanda Álvarez Núñez", "Matías Gutiérrez Leiva"]


def _category(slug, name, description):
    category = Category.objects.filter(slug=slug).first() or Category.objects.filter(name=name).first()
    if category is None:
        category = Category.objects.create(slug=slug, name=name, description=description)
    return category


def _phases(now: datetime, *, kind: str) -> dict:
    day = timedelta(days=1)
    # Whole hours in Chile's time, so the pages show tidy dates such as «23:59:59».
    base = timezone.localtime(now).replace(hour=12, minute=0, second=0, microsecond=0)
    if kind == "evaluation":
        opens = base - 80 * day
        offsets = [-20, -8, -5, 20, 35, 45]
    else:
        opens = base - 10 * day
        offsets = [45, 60, 65, 95, 110, 120]
    names = Call.PHASE_FIELDS
    values = [opens] + [base + offset * day for offset in offsets]
    # Submissions close at the last second of the day (Chile's time).
    values[1] = values[1].replace(hour=23, minute=59, second=59)
    return dict(zip(names, values, strict=True))


def _moved_by_staff(call: Call) -> bool:
    return call.phase_changes.exists()


def _call(*, slug, title, year, description, categories, phases, wanted_phase, now, **extra) -> Call:
    call = Call.objects.filter(slug=slug).first()
    if call is None:
        call = Call.objects.create(
            slug=slug, title=title, year=year, description=description, **phases, **extra
        )
    elif (
        wanted_phase
        and call.phase_at(now) != wanted_phase
        and not call.results_published_at
        and not _moved_by_staff(call)
    ):
        # Dates are relative to today: a demo loaded weeks ago is brought back to its phase, unless
        # staff moved the phase on purpose (closing evaluation early), which a re-run must respect.
        Call.objects.filter(pk=call.pk).update(**phases)
        call.refresh_from_db()
    call.categories.add(*categories)
    return call


def _pdf(*, municipality: Municipality, title: str, contact: str, email: str, phone: str, web: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"{title} - {municipality.name}")
    pdf.setAuthor(f"{contact}, {municipality.name}")
    pdf.setSubject(f"Informe de resultados de la comuna de {municipality.comuna.name}")
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(60, 780, "Informe de resultados")
    pdf.setFont("Helvetica", 11)
    lines = [
        title,
        municipality.name,
        f"Comuna de {municipality.comuna.name}, Región de {municipality.comuna.region.name}",
        f"Responsable: {contact}",
        f"Correo: {email}  ·  Teléfono: {phone}",
        f"Sitio web: {web}",
        "",
        "Este informe resume los indicadores de la práctica y su evolución.",
    ]
    for index, line in enumerate(lines):
        pdf.drawString(60, 750 - 18 * index, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _rules_document(call: Call):
    """The call's bases técnicas as a small generated PDF (a Wagtail document, public like the call)."""
    if call.rules_document_id:
        return
    Document = get_document_model()
    title = f"Bases técnicas · {call.title}"
    document = Document.objects.filter(title=title).first()
    if document is None:
        buffer = io.BytesIO()
        pdf = canvas.Canvas(buffer, pagesize=A4)
        pdf.setTitle(title)
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawString(60, 780, title)
        pdf.setFont("Helvetica", 11)
        rules = [
            f"Pueden postular las municipalidades del país, con hasta {call.max_entries_per_municipality} prácticas cada una.",
            "Cada práctica compite en una sola categoría de la convocatoria.",
            "La postulación se hace en el portal, con el formato de caso y sus adjuntos en PDF, JPEG o PNG.",
            "Las postulaciones enviadas quedan congeladas; pueden retirarse hasta que comienza la evaluación.",
            "La coordinación revisa la admisibilidad; un jurado evalúa a ciegas y un comité de expertos decide.",
            "Todas las fechas y horas se expresan en hora de Chile continental.",
        ]
        if call.min_implementation_months:
            rules.append(
                f"La práctica debe llevar al menos {call.min_implementation_months} meses de implementación."
            )
        for index, line in enumerate(rules):
            pdf.drawString(60, 750 - 20 * index, f"{index + 1}. {line}")
        pdf.showPage()
        pdf.save()
        document = Document(title=title)
        document.file.save(f"bases-{call.slug}.pdf", ContentFile(buffer.getvalue()), save=False)
        document.save()
    Call.objects.filter(pk=call.pk).update(rules_document=document)
    call.refresh_from_db()


def _applicant_for(municipality: Municipality):
    existing = municipality.members.filter(groups__name=Role.APPLICANT).order_by("pk").first()
    if existing:
        return existing
    return ensure_user(
        f"postulante.{municipality.slug.replace('-', '')}@demo.cl",
        first_name="Postulante",
        last_name=municipality.comuna.name,
        roles=[Role.APPLICANT],
        comuna_code=municipality.comuna.code,
    )


def _texts(topic: dict, municipality: Municipality, contact: str, phone: str) -> dict:
    domain = municipality.email_domain or f"{municipality.slug.replace('-', '')}.cl"
    first, last = contact.split()[0].lower(), contact.split()[1].lower()
    email = f"{first[0]}{last}@{domain}".translate(str.maketrans("áéíóúñü", "aeiounu"))
    web = municipality.website or f"www.{domain}"
    values = {
        "muni": municipality.name.removeprefix("Municipalidad de ").strip(),
        "comuna": municipality.comuna.name,
        "contact": contact,
        "email": email,
        "phone": phone,
        "web": web,
    }
    values["muni"] = values["muni"] if values["muni"] else municipality.name
    fill = {key: (text.format(**values) if isinstance(text, str) else text) for key, text in topic.items()}
    return {"fill": fill, "email": email, "web": web}


def _entry(
    *,
    call,
    municipality,
    topic,
    contact,
    phone,
    category,
    status,
    submitted_at,
    created_at,
    reason="",
    with_pdf=True,
    staff=None,
) -> Submission:
    """One submission, written by the applicant and reviewed by staff through the competition's services
    (at the moments given: the services take ``now``), so the demo is held to the same rules as users."""
    texts = _texts(topic, municipality, contact, phone)
    fill = texts["fill"]
    submission = Submission.objects.filter(call=call, municipality=municipality, title=fill["title"]).first()
    if submission is not None:
        return submission
    applicant = _applicant_for(municipality)
    is_draft = status == SubmissionStatus.DRAFT
    fields = {
        "category": category,
        "title": fill["title"],
        "summary": fill["summary"],
        "year_start": call.year - 2,
        "implementation_period": f"Marzo de {call.year - 2} a la fecha",
        "implementation_months": 24,
        "previous_situation": fill["previous"],
        "objectives": fill["objectives"],
        "description": fill["description"],
        "results": "" if is_draft else fill["results"],
        "indicators": fill["indicators"],
        "citizen_participation": ""
        if is_draft
        else f"Se realizaron mesas de trabajo con organizaciones de {municipality.comuna.name}.",
        "sustainability": ""
        if is_draft
        else "El programa tiene presupuesto municipal permanente aprobado por el concejo.",
        "replicability": ""
        if is_draft
        else "Puede aplicarse en comunas de tamaño similar con un equipo de tres personas.",
        "lessons_learned": "Involucrar desde el inicio a los equipos de terreno fue clave.",
        "partners": "Gobierno Regional; universidades de la región.",
        "budget_clp": 45_000_000,
        "contact_name": contact,
        "contact_email": texts["email"],
        "contact_phone": phone,
        "team_members": "\n".join(TEAM[:3]),
    }
    submission = services.create_submission(call=call, user=applicant, fields=fields, now=created_at)
    if with_pdf:
        content = _pdf(
            municipality=municipality,
            title=fill["title"],
            contact=contact,
            email=texts["email"],
            phone=phone,
            web=texts["web"],
        )
        upload = SimpleUploadedFile(
            f"informe-{municipality.slug}.pdf", content, content_type="application/pdf"
        )
        services.add_attachment(
            submission=submission,
            user=applicant,
            uploaded_file=upload,
            label="Informe de resultados",
            now=created_at,
        )
    if submitted_at:
        submission = services.submit_submission(submission=submission, user=applicant, now=submitted_at)
    if status in (SubmissionStatus.ADMISSIBLE, SubmissionStatus.INADMISSIBLE):
        submission = services.set_admissibility(
            submission=submission,
            user=staff,
            admissible=status == SubmissionStatus.ADMISSIBLE,
            reason=reason,
            now=call.submissions_close_at + timedelta(days=3),
        )
    return submission


def load(*, stdout) -> None:
    load_demo_users()
    now = timezone.now()
    staff = ensure_user(
        "coordinacion@demo.cl", first_name="Carlos", last_name="Coordinación", roles=[Role.COORDINATOR]
    )
    categories = {slug: _category(slug, name, description) for slug, name, description in CATEGORIES}
    municipalities = {
        code: Municipality.objects.select_related("comuna__region").get(comuna__code=code)
        for code, _c, _p in MUNICIPALITIES
    }
    tz = timezone.get_current_timezone()

    def local(*args):
        return datetime(*args, tzinfo=tz)

    description = (
        "Concurso anual que reconoce prácticas de gestión municipal con resultados medibles, "
        "participación de la comunidad y posibilidad de ser replicadas en otras comunas."
    )
    past = _call(
        slug="buenas-practicas-2025",
        title="Concurso de Buenas Prácticas Municipales 2025",
        year=2025,
        description=description,
        categories=categories.values(),
        now=now,
        wanted_phase=None,
        phases={
            "submissions_open_at": local(2025, 4, 1, 9, 0),
            "submissions_close_at": local(2025, 6, 30, 23, 59, 59),
            "admissibility_close_at": local(2025, 7, 15, 18, 0),
            "evaluation_open_at": local(2025, 7, 21, 9, 0),
            "evaluation_close_at": local(2025, 8, 29, 18, 0),
            "committee_close_at": local(2025, 9, 30, 18, 0),
            "results_at": local(2025, 10, 15, 12, 0),
        },
    )
    past_entries = []
    for index, (code, contact, phone) in enumerate(MUNICIPALITIES[2:8]):
        topic = TOPICS[index % len(TOPICS)]
        past_entries.append(
            _entry(
                call=past,
                municipality=municipalities[code],
                topic=topic,
                contact=contact,
                phone=phone,
                category=categories[topic["category"]],
                status=SubmissionStatus.ADMISSIBLE,
                submitted_at=local(2025, 6, 20 + index, 16, 30),
                created_at=local(2025, 5, 2 + index, 10, 0),
                with_pdf=False,
                staff=staff,
            )
        )
    # La Serena also took part in 2025: the demo applicant sees its result and feedback report.
    la_serena, contact, phone = MUNICIPALITIES[0]
    past_entries.append(
        _entry(
            call=past,
            municipality=municipalities[la_serena],
            topic=TOPICS[6],
            contact=contact,
            phone=phone,
            category=categories[TOPICS[6]["category"]],
            status=SubmissionStatus.ADMISSIBLE,
            submitted_at=local(2025, 6, 27, 11, 15),
            created_at=local(2025, 5, 12, 9, 30),
            with_pdf=False,
            staff=staff,
        )
    )
    # Reviews, the committee's decisions and the publication of 2025 go through the evaluation
    # services in demo.results_2025 (loaded after demo.evaluacion).

    current = _call(
        slug="buenas-practicas-2026",
        title="Concurso de Buenas Prácticas Municipales 2026",
        year=2026,
        description=description + " Esta edición pide al menos 12 meses de implementación.",
        categories=categories.values(),
        now=now,
        wanted_phase=Phase.EVALUATION,
        phases=_phases(now, kind="evaluation"),
        min_implementation_months=12,
        required_attachments="Informe de resultados",
    )
    created = 0
    for index, (code, contact, phone) in enumerate(MUNICIPALITIES):
        for offset in (0, 1):
            topic = TOPICS[(2 * index + offset) % len(TOPICS)]
            inadmissible = index == 3 and offset == 1
            before = Submission.objects.filter(call=current).count()
            _entry(
                call=current,
                municipality=municipalities[code],
                topic=topic,
                contact=contact,
                phone=phone,
                category=categories[topic["category"]],
                status=SubmissionStatus.INADMISSIBLE if inadmissible else SubmissionStatus.ADMISSIBLE,
                reason=(
                    "La práctica lleva menos de 12 meses de implementación efectiva, por debajo del mínimo de las bases."
                    if inadmissible
                    else ""
                ),
                submitted_at=current.submissions_close_at - timedelta(days=10 - index % 7, hours=offset * 3),
                created_at=current.submissions_open_at + timedelta(days=5 + index),
                staff=staff,
            )
            created += Submission.objects.filter(call=current).count() - before

    upcoming = _call(
        slug="buenas-practicas-2027",
        title="Concurso de Buenas Prácticas Municipales 2027",
        year=2027,
        description=description + " Postule hasta tres prácticas por municipalidad.",
        categories=categories.values(),
        now=now,
        wanted_phase=Phase.SUBMISSIONS,
        phases=_phases(now, kind="open"),
        min_implementation_months=12,
        required_attachments="Informe de resultados",
    )
    for call in (past, current, upcoming):
        _rules_document(call)
    for code, topic_index in (("04101", 6), ("14101", 7), ("09101", 4)):
        if upcoming.submissions.filter(municipality=municipalities[code]).exists():
            # People try the demo: a draft whose title they edited is still this municipality's draft.
            continue
        contact, phone = next((c, p) for k, c, p in MUNICIPALITIES if k == code)
        topic = TOPICS[topic_index]
        _entry(
            call=upcoming,
            municipality=municipalities[code],
            topic=topic,
            contact=contact,
            phone=phone,
            category=categories[topic["category"]],
            status=SubmissionStatus.DRAFT,
            submitted_at=None,
            created_at=upcoming.submissions_open_at + timedelta(days=2),
            with_pdf=False,
        )

    stdout.write(
        f"  convocatorias: {Call.objects.count()} · postulaciones en evaluación: "
        f"{Submission.objects.filter(call=current).count()} (nuevas: {created})"
    )
