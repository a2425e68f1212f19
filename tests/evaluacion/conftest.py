import io
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from reportlab.pdfgen import canvas

from concurso.models import Call, Submission, SubmissionAttachment, SubmissionStatus
from core.models import Category, Municipality, Role, User
from evaluacion.models import (
    Assignment,
    AssignmentStatus,
    Conflict,
    ConflictKind,
    DecisionChoice,
    EvaluatorProfile,
    PoolMember,
)
from evaluacion.services.blind_copies import record_blind_review
from evaluacion.services.committee import DecisionInput, record_decisions
from evaluacion.services.phases import close_committee
from evaluacion.services.reviews import ScoreInput, save_review
from evaluacion.services.rubric import ensure_rubric
from tests.factories.concurso import CallFactory
from tests.factories.core import make_user
from tests.factories.evaluacion import RUBRIC, AssignmentFactory, InvitationFactory
from tests.factories.portal import home_page_factory, library_index_factory

DAY = timedelta(days=1)


def identified_pdf(*, title: str, author: str, lines: list[str]) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setTitle(title)
    pdf.setAuthor(author)
    for index, line in enumerate(lines):
        pdf.drawString(60, 780 - 18 * index, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def jpeg_with_exif(*, artist: str) -> bytes:
    image = Image.new("RGB", (16, 16), "green")
    exif = Image.Exif()
    exif[0x013B] = artist  # Artist
    exif[0x010E] = artist  # ImageDescription
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def evaluation_call(**extra):
    """A call in its evaluation phase (opened 4 days ago, closes in 10)."""
    return CallFactory(base=timezone.now() - 20 * DAY, reviews_per_entry=2, **extra)


def add_entry(
    call,
    *,
    comuna_code,
    category,
    author,
    contact="Marcela Rojas Araya",
    email="mrojas@laserena.cl",
    title="Reciclaje puerta a puerta",
    attachments=(),
):
    municipality = Municipality.objects.select_related("comuna").get(comuna__code=comuna_code)
    submission = Submission.objects.create(
        call=call,
        municipality=municipality,
        category=category,
        status=SubmissionStatus.ADMISSIBLE,
        title=title,
        summary=f"La Ilustre Municipalidad de {municipality.comuna.name} recicla en toda la comuna de {municipality.comuna.name}.",
        description=f"Coordinado por {contact}; escriba a {email} o llame al +56 51 220 6000. Más en www.muni.cl.",
        results="El reciclaje subió de 2% a 11%.",
        year_start=2024,
        implementation_months=24,
        contact_name=contact,
        contact_email=email,
        contact_phone="+56 51 220 6000",
        team_members="Pedro Soto Lagos\nAna María Vidal",
        created_by=author,
        submitted_at=timezone.now() - 30 * DAY,
    )
    for name, content_type, data in attachments:
        attachment = SubmissionAttachment(
            submission=submission,
            original_name=name,
            content_type=content_type,
            size=len(data),
            uploaded_by=author,
        )
        attachment.file.save(name, ContentFile(data), save=False)
        attachment.save()
    return submission


def review_blind_copies(call, actor=None):
    """Staff review every blind copy of the call (release needs a current review)."""
    if actor is None:
        actor = User.objects.filter(email="revision@asociacion.cl").first() or make_user(
            "revision@asociacion.cl", roles=[Role.COORDINATOR]
        )
    for submission in Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE):
        record_blind_review(submission=submission, actor=actor)


@dataclass
class Competition:
    call: object
    entry: Submission
    other: Submission
    third: Submission
    applicant: User
    assigned: User
    unassigned: User
    conflicted: User
    committee: User
    staff: User
    invitation: object


@pytest.fixture
def competition(db):
    call = evaluation_call()
    category = call.categories.first()
    ensure_rubric(call=call, criteria=RUBRIC, tie_break_key="impacto")
    applicant = make_user(
        "luis@laserena.cl",
        roles=[Role.APPLICANT],
        comuna_code="04101",
        first_name="Luis",
        last_name="Carvajal",
    )
    other_author = make_user("valeria@valdivia.cl", roles=[Role.APPLICANT], comuna_code="14101")
    pdf = identified_pdf(
        title="Informe Municipalidad de La Serena",
        author="Marcela Rojas Araya",
        lines=[
            "Ilustre Municipalidad de La Serena",
            "Responsable: Marcela Rojas Araya",
            "mrojas@laserena.cl",
        ],
    )
    entry = add_entry(
        call,
        comuna_code="04101",
        category=category,
        author=applicant,
        attachments=[
            ("informe-la-serena.pdf", "application/pdf", pdf),
            ("foto.jpg", "image/jpeg", jpeg_with_exif(artist="Marcela Rojas Araya")),
        ],
    )
    other = add_entry(
        call,
        comuna_code="14101",
        category=category,
        author=other_author,
        contact="Jorge Barrientos Vera",
        email="jbarrientos@valdivia.cl",
        title="Consejos juveniles",
    )
    third = add_entry(
        call,
        comuna_code="13101",
        category=category,
        author=other_author,
        contact="Paula Fernández Soto",
        email="pfernandez@santiago.cl",
        title="Farmacia comunal",
    )
    assigned = make_user(
        "asignada@consultora.cl", roles=[Role.EVALUATOR], first_name="Eva", last_name="Asignada"
    )
    unassigned = make_user(
        "libre@universidad.cl", roles=[Role.EVALUATOR], first_name="Elsa", last_name="Libre"
    )
    conflicted = make_user(
        "conflicto@otra.cl", roles=[Role.EVALUATOR], first_name="Ema", last_name="Conflicto"
    )
    for user in (assigned, unassigned, conflicted):
        EvaluatorProfile.objects.create(user=user, max_load=5)
        PoolMember.objects.create(call=call, user=user)
    conflicted.evaluator_profile.affiliation = entry.municipality
    conflicted.evaluator_profile.save()
    AssignmentFactory(submission=entry, evaluator=assigned, status=AssignmentStatus.RELEASED)
    # A released assignment that a conflict overrides: the rules must still refuse access.
    AssignmentFactory(submission=entry, evaluator=conflicted, status=AssignmentStatus.RELEASED)
    Conflict.objects.create(submission=entry, evaluator=conflicted, kind=ConflictKind.AFFILIATION)
    AssignmentFactory(submission=other, evaluator=unassigned, status=AssignmentStatus.RELEASED)
    committee = make_user("comite@asociacion.cl", roles=[Role.COMMITTEE])
    staff = make_user("coordinacion@asociacion.cl", roles=[Role.COORDINATOR])
    invitation = InvitationFactory(call=call, email="nueva@universidad.cl", invited_by=staff)
    Category.objects.get_or_create(slug="otra", defaults={"name": "Otra"})
    review_blind_copies(call, staff)  # the entries were released, so staff reviewed their blind copies
    return Competition(
        call, entry, other, third, applicant, assigned, unassigned, conflicted, committee, staff, invitation
    )


def to_committee_phase(call):
    """Closes the call's evaluation a minute ago: the committee phase, where decisions are accepted."""
    Call.objects.filter(pk=call.pk).update(evaluation_close_at=timezone.now() - timedelta(minutes=1))
    call.refresh_from_db()
    return call


PRIVATE_NOTE = "Nota reservada: conozco el proyecto por la prensa."
COMMENT_A = "Los indicadores están bien construidos; agregue la fuente de los datos."
COMMENT_B = "Detalle el costo de cada etapa para que otros municipios puedan replicarla."


def submit_review(assignment, value, *, comment="", note=""):
    scores = [
        ScoreInput(criterion=c, score=value, justification="Justificado.")
        for c in assignment.submission.call.rubric.criteria.all()
    ]
    return save_review(
        assignment=assignment, scores=scores, overall_comment=note, applicant_comment=comment, submit=True
    )


def reviewed_competition(c):
    """Two reviews of the La Serena entry (with comments), one of the other entry."""
    submit_review(
        Assignment.objects.get(submission=c.entry, evaluator=c.assigned),
        6,
        comment=COMMENT_A,
        note=PRIVATE_NOTE,
    )
    second = Assignment.objects.create(
        submission=c.entry, evaluator=c.unassigned, status=AssignmentStatus.RELEASED
    )
    submit_review(second, 4, comment=COMMENT_B)
    submit_review(Assignment.objects.get(submission=c.other, evaluator=c.unassigned), 5)
    return c


def publish_reviewed_call(client, c, capture):
    """Committee phase, decisions for all three entries, results phase, confirmed publication."""
    home_page_factory()
    library_index_factory()
    to_committee_phase(c.call)
    outcomes = {
        c.entry: DecisionChoice.MENTION,
        c.other: DecisionChoice.WINNER,
        c.third: DecisionChoice.NOT_SELECTED,
    }
    record_decisions(
        call=c.call,
        actor=c.committee,
        items=[
            DecisionInput(submission=entry, outcome=outcome, reason=f"Acta: {outcome}.")
            for entry, outcome in outcomes.items()
        ],
    )
    close_committee(call=c.call, actor=c.staff, reason="Sesión final cerrada.")
    client.force_login(c.staff)
    mail.outbox.clear()
    with capture(execute=True):
        response = client.post(
            reverse("evaluacion:staff_publish", args=[c.call.slug]), {"reason": "Acta firmada."}
        )
    assert response.status_code == 302
    c.call.refresh_from_db()
    return c


def evaluator_pool(call, count, **profile):
    users = []
    for index in range(count):
        user = make_user(f"ev{index}@consultora{index}.cl", roles=[Role.EVALUATOR])
        EvaluatorProfile.objects.create(user=user, max_load=profile.get("max_load", 10))
        PoolMember.objects.create(call=call, user=user)
        users.append(user)
    return users


def full_scores(call, value, text="Justificado."):
    return [ScoreInput(criterion=c, score=value, justification=text) for c in call.rubric.criteria.all()]


def scored_call():
    call = evaluation_call()
    ensure_rubric(call=call, criteria=RUBRIC, tie_break_key="impacto")
    author = make_user("autor@laserena.cl", roles=[Role.APPLICANT], comuna_code="04101")
    entries = [
        add_entry(call, comuna_code=code, category=call.categories.first(), author=author, title=f"P{code}")
        for code in ("04101", "14101", "13101")
    ]
    users = evaluator_pool(call, 3)
    for entry in entries:
        for user, value in zip(users, (4, 5, 6), strict=True):
            a = Assignment.objects.create(submission=entry, evaluator=user, status=AssignmentStatus.RELEASED)
            save_review(assignment=a, scores=full_scores(call, value), overall_comment="", submit=True)
    return call, entries


def to_committee_phase_scored():
    call, entries = scored_call()
    return to_committee_phase(call), entries


PHASE_REASON = "Todas las evaluaciones comprometidas están enviadas."


def fresh_call(call) -> Call:
    return Call.objects.get(pk=call.pk)
