"""Demo of the quality diagnostic, built through calidad's services.

- The portal's base instrument (5 criterios, 12 ámbitos, 78 questions, 234 points).
- La Serena: two cycles. The first reproduces the example table of the programme's guide exactly
  (Estrategia 10/24 = 42 %, …, total 117/234 = 50 %); the second is better.
- 30 more municipalities (every comuna of the Coquimbo region and capitals elsewhere), some with
  two cycles, several publishing their results, so that benchmarks show nationally, regionally and
  by typology.
- A published national result set (year 2019) imported through the external-results importer.
- The quality-team login calidad.laserena@demo.cl (password of every demo user).
"""

from __future__ import annotations

import datetime
import io
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from calidad import external, instrument_io, services
from calidad.models import Diagnostic, ExternalSource, Post, QuestionKind
from core.models import Municipality, Role
from core.typology import import_typology
from demo.users import ensure_user, register

LA_SERENA = "04101"
QUALITY_USER = "calidad.laserena@demo.cl"

# The example table of the guide: obtained points per ámbito (maxima 24, 18, 15, 21, 24, 18, 30, 6, 30, 15, 15, 18).
SEED_TABLE = [10, 13, 9, 13, 14, 12, 21, 3, 5, 11, 2, 4]
# La Serena's second cycle: better in every weak ámbito.
SECOND_CYCLE = [16, 14, 10, 15, 16, 13, 23, 4, 17, 12, 8, 10]

OTHERS = [
    # Coquimbo region (so La Serena has a regional benchmark)
    "04102",
    "04103",
    "04104",
    "04105",
    "04106",
    "04201",
    "04202",
    "04203",
    "04204",
    "04301",
    "04302",
    "04303",
    "04304",
    "04305",
    # elsewhere
    "15101",
    "01101",
    "02101",
    "03101",
    "05101",
    "05109",
    "13101",
    "13123",
    "13119",
    "13201",
    "06101",
    "07101",
    "08101",
    "09101",
    "14101",
    "10101",
    "12101",
]

TYPOLOGY = {
    "13101": "1",
    "13123": "1",
    "13119": "1",
    "13201": "1",
    "05109": "1",
    "04101": "2",
    "04102": "2",
    "05101": "2",
    "08101": "2",
    "09101": "2",
    "02101": "2",
    "01101": "2",
    "15101": "2",
    "10101": "2",
    "06101": "2",
    "07101": "2",
    "14101": "3",
    "12101": "3",
    "03101": "3",
    "04301": "3",
    "04106": "4",
    "04201": "4",
    "04203": "4",
    "04204": "4",
    "04303": "4",
    "04302": "5",
    "04103": "5",
    "04104": "5",
    "04105": "5",
    "04202": "5",
    "04304": "5",
    "04305": "5",
}

PARTICIPANTS = [
    ("Daniela Rojas", Post.MAYOR, "", True),
    ("Patricio Alvarado", Post.FINANCE, "", False),
    ("Marcela Tapia", Post.PERSONNEL, "", False),
    ("Jorge Cortés", Post.CONTROL, "", True),
    ("Francisca Olivares", Post.WORKS, "", False),
    ("Rodrigo Pizarro", Post.TRAFFIC, "", False),
    ("Carolina Araya", Post.COMMUNITY, "", False),
    ("Felipe Muñoz", Post.PLANNING, "", False),
    ("Verónica Castillo", Post.ADMINISTRATION, "", False),
    ("Andrés Contreras", Post.SECRETARY, "Registra las respuestas", True),
    ("Paola Guerrero", Post.STAFF_ASSOCIATION, "Asociación de funcionarios de planta", True),
    ("Millaray Carrasco", Post.OTHER, "Coordinación de Gestión de Calidad", False),
]


def _acta_pdf(municipality, held_on) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle("Acta de la sesión de diagnóstico")
    pdf.drawString(72, 780, f"Acta de la sesión de diagnóstico de calidad — {municipality.name}")
    pdf.drawString(72, 760, f"Fecha: {held_on:%d-%m-%Y}. Documento de demostración.")
    pdf.showPage()
    pdf.save()
    return SimpleUploadedFile("acta-firmada.pdf", buffer.getvalue(), content_type="application/pdf")


def _spread(target: int, questions) -> dict[int, int]:
    """Points per question adding up to ``target`` (each question 0 to its maximum)."""
    points = {q.pk: 0 for q in questions}
    remaining = target
    while remaining > 0:
        moved = False
        for q in questions:
            if remaining and points[q.pk] < 3:
                points[q.pk] += 1
                remaining -= 1
                moved = True
        if not moved:
            raise ValueError("target above the maximum")
    return points


def _answer_for(question, points: int) -> services.AnswerData:
    if question.kind == QuestionKind.PRACTICE:
        choice = next(c for c in question.choices.all() if c.points == points)
        return services.AnswerData(choice_id=choice.pk)
    band = next(b for b in question.thresholds.all() if b.points == points)
    if band.minimum is not None:
        value = band.minimum
    else:
        value = max(Decimal(0), band.maximum - 1)
        if not band.contains(value):
            value = band.maximum / 2
    return services.AnswerData(value=value, evidence="Informe de gestión anual." if points == 3 else "")


def _record(*, instrument, municipality, user, held_on, targets, publish=False):
    if Diagnostic.objects.filter(municipality=municipality, held_on=held_on).exists():
        return None
    diagnostic = services.start_diagnostic(
        municipality=municipality,
        user=user,
        held_on=held_on,
        instrument=instrument,
        duration_minutes=240,
        meeting_description="Sesión presencial en el salón municipal, conducida por la administración municipal; "
        "cada respuesta se acordó por consenso después de revisar la evidencia disponible.",
        observations="El equipo identificó falta de mediciones de satisfacción y de indicadores en los procesos.",
    )
    services.set_participants(
        diagnostic=diagnostic,
        participants=[
            services.ParticipantData(name=name, post=post, post_detail=detail, signed_acta=signed)
            for name, post, detail, signed in PARTICIPANTS
        ],
    )
    answers = {}
    areas = list(
        instrument.areas.prefetch_related("questions__choices", "questions__thresholds").order_by("number")
    )
    for area, target in zip(areas, targets, strict=True):
        questions = sorted(area.questions.all(), key=lambda q: q.number)
        for question in questions:
            answers[question.pk] = None
        for question_id, points in _spread(target, questions).items():
            question = next(q for q in questions if q.pk == question_id)
            answers[question_id] = _answer_for(question, points)
    services.save_answers(diagnostic=diagnostic, answers=answers)
    services.attach_acta(diagnostic=diagnostic, uploaded_file=_acta_pdf(municipality, held_on))
    diagnostic = services.submit_diagnostic(diagnostic=diagnostic, user=user)
    if publish:
        services.set_published(diagnostic=diagnostic, published=True)
    return diagnostic


def _random_targets(rng: random.Random, level: float, maxima: list[int]) -> list[int]:
    return [max(0, min(m, round(m * min(0.95, max(0.05, level + rng.uniform(-0.25, 0.25)))))) for m in maxima]


def _external_csv(rng: random.Random, instrument) -> bytes:
    areas = list(instrument.areas.order_by("number"))
    lines = ["codigo_cut;municipio;ambito;puntaje_maximo;puntaje_obtenido"]
    for code in [LA_SERENA] + OTHERS:
        municipality = Municipality.objects.select_related("comuna").get(comuna__code=code)
        level = rng.uniform(0.3, 0.65)
        for area in areas:
            maximum = area.questions.count() * 3
            obtained = max(0, min(maximum, round(maximum * (level + rng.uniform(-0.2, 0.2)))))
            lines.append(f"{code};{municipality.comuna.name};{area.number}. {area.name};{maximum};{obtained}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def load(*, stdout=None):
    instrument = instrument_io.install_base_instrument()
    import_typology(
        [
            {"codigo_cut": code, "tipologia": value, "_line": str(i)}
            for i, (code, value) in enumerate(TYPOLOGY.items(), 2)
        ]
    )

    user = ensure_user(
        QUALITY_USER,
        first_name="Millaray",
        last_name="Calidad",
        roles=[Role.QUALITY_TEAM],
        comuna_code=LA_SERENA,
    )
    register(QUALITY_USER, "Equipo municipal de calidad (La Serena)")
    la_serena = Municipality.objects.get(comuna__code=LA_SERENA)
    _record(
        instrument=instrument,
        municipality=la_serena,
        user=user,
        held_on=datetime.date(2024, 5, 14),
        targets=SEED_TABLE,
    )
    _record(
        instrument=instrument,
        municipality=la_serena,
        user=user,
        held_on=datetime.date(2025, 6, 10),
        targets=SECOND_CYCLE,
    )

    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    maxima = [a.questions.count() * 3 for a in instrument.areas.order_by("number")]
    for index, code in enumerate(OTHERS):
        municipality = Municipality.objects.get(comuna__code=code)
        level = rng.uniform(0.3, 0.8)
        if index % 3 == 0:  # a previous cycle for a third of them
            _record(
                instrument=instrument,
                municipality=municipality,
                user=None,
                held_on=datetime.date(2023, 9, 1 + index % 28),
                targets=_random_targets(rng, level - 0.1, maxima),
            )
        _record(
            instrument=instrument,
            municipality=municipality,
            user=None,
            held_on=datetime.date(2025, 3, 1 + index % 28),
            targets=_random_targets(rng, level, maxima),
            publish=index % 4 == 0,
        )

    if not ExternalSource.objects.filter(name="Diagnóstico nacional (demostración)", year=2019).exists():
        report = external.import_results(
            data=_external_csv(random.Random(2019), instrument),
            filename="diagnostico-nacional-2019.csv",  # noqa: S311
            name="Diagnóstico nacional (demostración)",
            year=2019,
            instrument=instrument,
        )
        if report.errors:
            raise RuntimeError("; ".join(str(e) for e in report.errors[:5]))
    if stdout is not None:
        stdout.write(f"  calidad: {Diagnostic.objects.count()} diagnósticos, instrumento {instrument}")
