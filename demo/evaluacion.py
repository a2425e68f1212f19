"""Demo data of the blind evaluation for the 2026 call (created by concurso.demo). Idempotent.

Rubric, a pool of eight evaluators (three demo logins), automatic conflicts (an evaluator affiliated
with one municipality, another sharing an e-mail domain with one), a released assignment, reviews
from a lenient and a severe evaluator (so normalisation matters), one flagged disagreement, and
the stored redacted copies. evaluador3 keeps two entries pending, to try the review form.
"""

from django.db import transaction

from concurso.models import Call, Submission, SubmissionStatus
from core.models import Category, Municipality, Region, Role
from demo.users import ensure_user, register
from evaluacion.models import (
    Assignment,
    AssignmentStatus,
    EvaluatorProfile,
    IdentityTermKind,
    PoolMember,
    Review,
)
from evaluacion.selectors.blind import blind_review_is_current
from evaluacion.services.assignment import refresh_conflicts, release_assignments, run_assignment
from evaluacion.services.blind_copies import (
    add_identity_term,
    ensure_redacted_copy,
    generate_redacted_copies,
    prepare_attachments,
    record_blind_review,
    set_mayor_name,
)
from evaluacion.services.reviews import ScoreInput, save_review
from evaluacion.services.rubric import ensure_rubric

CALL_SLUG = "buenas-practicas-2026"

# The demo call's rubric: key, name, weight (sum 100), description. Ties break on "impacto".
RUBRIC = [
    ("innovacion", "Innovación", 20, "Grado de novedad de la solución en el contexto municipal."),
    ("impacto", "Impacto y resultados", 25, "Resultados medibles y beneficios para la comunidad."),
    (
        "participacion",
        "Participación ciudadana",
        15,
        "Involucramiento de la comunidad en el diseño y la ejecución.",
    ),
    ("sostenibilidad", "Sostenibilidad", 15, "Continuidad financiera, institucional y ambiental."),
    ("replicabilidad", "Replicabilidad", 15, "Posibilidad de aplicar la práctica en otros municipios."),
    (
        "eficiencia",
        "Eficiencia en el uso de recursos",
        10,
        "Relación entre recursos invertidos y resultados.",
    ),
]
TIE_BREAK_KEY = "impacto"

# email, first name, last name, expertise category slugs, affiliation comuna, region code, max load, bias
EVALUATORS = [
    (
        "evaluador1@demo.cl",
        "Elena",
        "Benavides",
        ["gestion-y-modernizacion", "participacion"],
        None,
        "13",
        12,
        +1,
    ),
    ("evaluador2@demo.cl", "Esteban", "Quiroga", ["medio-ambiente", "desarrollo-social"], None, "13", 12, -1),
    ("evaluador3@demo.cl", "Eva", "Cifuentes", ["participacion", "medio-ambiente"], None, "05", 12, 0),
    ("evaluador4@demo.cl", "Emilio", "Saavedra", ["desarrollo-social"], "14101", "14", 12, 0),
    ("evaluador5@demo.cl", "Estela", "Villagrán", ["gestion-y-modernizacion"], None, "04", 12, 0),
    ("evaluador6@demo.cl", "Ernesto", "Fuenzalida", ["medio-ambiente"], None, "08", 12, 0),
    ("evaluador7@demo.cl", "Erika", "Toledo", ["participacion", "desarrollo-social"], None, "09", 12, 0),
    (
        "evaluador8@demo.cl",
        "Eduardo",
        "Manríquez",
        ["gestion-y-modernizacion", "medio-ambiente"],
        None,
        "16",
        12,
        0,
    ),
]
LOGINS = {
    "evaluador1@demo.cl": "Evaluador (benévolo)",
    "evaluador2@demo.cl": "Evaluador (severo)",
    "evaluador3@demo.cl": "Evaluador (con postulaciones pendientes)",
}
CRITERION_OFFSETS = [0, 1, -1, 0, 1, 0]
# Fictional authorities and local words, masked in the blind copies like any registered person.
MAYORS = {"04101": "Rolando Fuentealba Ibarra", "14101": "Verónica Altamirano Zenteno"}
TERMS = {
    "04101": [("sector Las Compañías", IdentityTermKind.PLACE)],
    "14101": [("Valdivia Limpia", IdentityTermKind.PROGRAMME)],
}
PENDING_FOR_EVALUADOR3 = 2


def _domain_of_entry(call: Call, comuna_code: str) -> str:
    submission = (
        Submission.objects.filter(call=call, municipality__comuna__code=comuna_code)
        .exclude(contact_email="")
        .first()
    )
    return submission.contact_email.rsplit("@", 1)[1] if submission else ""


def ensure_pool(call: Call) -> list:
    users = []
    for email, first, last, expertise, affiliation, region, max_load, _bias in EVALUATORS:
        user = ensure_user(email, first_name=first, last_name=last, roles=[Role.EVALUATOR])
        profile, created = EvaluatorProfile.objects.get_or_create(user=user)
        if created:
            profile.institution = "Consultora independiente"
            profile.affiliation = (
                Municipality.objects.filter(comuna__code=affiliation).first() if affiliation else None
            )
            profile.region = Region.objects.filter(code=region).first()
            profile.max_load = max_load
            # evaluador5 works with La Serena's team: same institutional e-mail domain (a conflict).
            profile.email_domain = _domain_of_entry(call, "04101") if email == "evaluador5@demo.cl" else ""
            profile.save()
            profile.expertise.set(Category.objects.filter(slug__in=expertise))
        PoolMember.objects.get_or_create(call=call, user=user)
        users.append(user)
    for email, description in LOGINS.items():
        register(email, description)
    return users


def _scores(*, criteria, quality: int, bias: int, extreme: int | None):
    result = []
    for index, criterion in enumerate(criteria):
        if extreme is not None:
            value = extreme
        else:
            value = quality + CRITERION_OFFSETS[index % len(CRITERION_OFFSETS)]
            if bias and index % 2 == 0:
                value += bias
        value = max(criterion.scale_min, min(criterion.scale_max, value))
        result.append(
            ScoreInput(
                criterion=criterion,
                score=value,
                justification=f"Puntaje {value}: fundamentado en la evidencia del formulario y los anexos.",
            )
        )
    return result


def _reviews(call: Call, users) -> int:
    criteria = list(call.rubric.criteria.all())
    bias = {email: b for email, *_rest, b in EVALUATORS}
    assignments = list(
        Assignment.objects.filter(submission__call=call, status=AssignmentStatus.RELEASED)
        .select_related("submission", "evaluator")
        .order_by("submission__code", "evaluator__email")
    )
    codes = sorted({a.submission.code for a in assignments})
    quality = {code: 3 + (index * 3) % 4 for index, code in enumerate(codes)}
    flagged_code = codes[0] if codes else None
    evaluador3 = [
        a
        for a in assignments
        if a.evaluator.email == "evaluador3@demo.cl" and a.submission.code != flagged_code
    ]
    pending = {a.pk for a in evaluador3[-PENDING_FOR_EVALUADOR3:]}
    created = 0
    seen_on_flagged = 0
    for assignment in assignments:
        code = assignment.submission.code
        extreme = None
        if code == flagged_code:
            # The first reviewer loves it, the others do not: a disagreement the committee must see.
            extreme = 7 if seen_on_flagged == 0 else 2
            seen_on_flagged += 1
        if assignment.pk in pending or Review.objects.filter(assignment=assignment).exists():
            continue
        save_review(
            assignment=assignment,
            scores=_scores(
                criteria=criteria,
                quality=quality[code],
                bias=bias.get(assignment.evaluator.email, 0),
                extreme=extreme,
            ),
            overall_comment="Práctica consistente; los resultados están bien documentados.",
            submit=True,
        )
        created += 1
    return created


def _identity_terms(staff) -> None:
    for code, name in MAYORS.items():
        municipality = Municipality.objects.filter(comuna__code=code).first()
        if municipality is not None and not municipality.mayor_name:
            set_mayor_name(municipality=municipality, name=name, actor=staff)
    for code, terms in TERMS.items():
        municipality = Municipality.objects.filter(comuna__code=code).first()
        for term, kind in terms if municipality is not None else ():
            add_identity_term(municipality=municipality, term=term, kind=kind, actor=staff)


def review_blind_copies(call: Call, staff) -> int:
    """The coordinator's review of every blind copy (texts and attachments) before release."""
    reviewed = 0
    for submission in Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE).order_by(
        "code"
    ):
        ensure_redacted_copy(submission=submission)
        prepare_attachments(submission=submission)
        if not blind_review_is_current(submission):
            record_blind_review(submission=submission, actor=staff)
            reviewed += 1
    return reviewed


@transaction.atomic
def load(*, stdout) -> None:
    call = Call.objects.filter(slug=CALL_SLUG).first()
    if call is None:
        stdout.write("  evaluación: no existe la convocatoria 2026 (cargue concurso.demo primero)")
        return
    ensure_user("comite@demo.cl", first_name="Camila", last_name="Comité", roles=[Role.COMMITTEE])
    ensure_rubric(call=call, criteria=RUBRIC, tie_break_key=TIE_BREAK_KEY)
    users = ensure_pool(call)
    staff = ensure_user(
        "coordinacion@demo.cl", first_name="Carlos", last_name="Coordinación", roles=[Role.COORDINATOR]
    )
    _identity_terms(staff)
    if not Assignment.objects.filter(submission__call=call).exists():
        run_assignment(call=call)
        review_blind_copies(call, staff)
        release_assignments(call=call)
    else:
        refresh_conflicts(call=call)
    copies = generate_redacted_copies(call=call)
    for submission in Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE):
        prepare_attachments(submission=submission)
    reviews = _reviews(call, users)
    stdout.write(
        f"  evaluación: {len(users)} evaluadores, "
        f"{Assignment.objects.filter(submission__call=call, status=AssignmentStatus.RELEASED).count()} asignaciones liberadas, "
        f"{copies} copias anonimizadas, {reviews} evaluaciones nuevas"
    )
