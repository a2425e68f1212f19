"""Writes of the evaluation (services push). Keyword-only, atomic; e-mails and file work are queued
as Celery tasks after commit (core.taskutils.enqueue)."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from functools import lru_cache

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _g

from concurso.models import Call, Phase, Submission, SubmissionAttachment, SubmissionStatus
from core.models import Role, User
from core.taskutils import enqueue
from evaluacion import assignment as assignment_algo
from evaluacion import gazetteer, redaction, sanitize, scoring
from evaluacion.models import (
    Assignment,
    AssignmentSource,
    AssignmentStatus,
    BlindCopyReview,
    CallPhaseChange,
    Conflict,
    ConflictKind,
    ConflictRemoval,
    Criterion,
    Decision,
    DecisionChoice,
    DecisionLog,
    EvaluatorProfile,
    ExtraReviewRequest,
    IdentityTerm,
    IdentityTermKind,
    Invitation,
    PoolMember,
    Publication,
    RedactedCopy,
    Review,
    ReviewScore,
    ReviewStatus,
    Rubric,
    SanitisedAttachment,
)

logger = logging.getLogger(__name__)

# Public webmail providers: sharing one of these says nothing about an institution.
PUBLIC_EMAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "hotmail.com", "hotmail.cl", "hotmail.es", "outlook.com", "outlook.cl",
        "outlook.es", "live.com", "live.cl", "msn.com", "yahoo.com", "yahoo.es", "yahoo.cl", "ymail.com",
        "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "zoho.com",
        "mail.com", "yandex.com", "demo.cl",
    }
)

# The entry fields evaluators read (all through the redacted copy).
REDACTED_TEXT_FIELDS = (
    "title",
    "summary",
    "implementation_period",
    "previous_situation",
    "objectives",
    "description",
    "results",
    "indicators",
    "citizen_participation",
    "sustainability",
    "replicability",
    "lessons_learned",
    "partners",
)

INVITATION_SALT = "evaluacion.invitation"
INVITATION_MAX_AGE = 60 * 60 * 24 * 30

DEMO_RUBRIC = [
    ("innovacion", "Innovación", 20, "Grado de novedad de la solución en el contexto municipal."),
    ("impacto", "Impacto y resultados", 25, "Resultados medibles y beneficios para la comunidad."),
    ("participacion", "Participación ciudadana", 15, "Involucramiento de la comunidad en el diseño y la ejecución."),
    ("sostenibilidad", "Sostenibilidad", 15, "Continuidad financiera, institucional y ambiental."),
    ("replicabilidad", "Replicabilidad", 15, "Posibilidad de aplicar la práctica en otros municipios."),
    ("eficiencia", "Eficiencia en el uso de recursos", 10, "Relación entre recursos invertidos y resultados."),
]
DEFAULT_GUIDANCE = "\n".join(
    [
        "1: no se observa",
        "2: muy insuficiente",
        "3: insuficiente",
        "4: aceptable",
        "5: bueno",
        "6: muy bueno",
        "7: excepcional",
    ]
)


# ---------------------------------------------------------------------------------------------
# Rubric
# ---------------------------------------------------------------------------------------------


def _check_rubric_editable(rubric: Rubric) -> None:
    if not rubric.is_editable:
        raise ValidationError(_g("La pauta ya no se puede modificar: la evaluación comenzó."))


def to_scoring_criteria(criteria) -> list[scoring.Criterion]:
    return [
        scoring.Criterion(
            key=str(c.pk), weight=float(c.weight), scale_min=c.scale_min, scale_max=c.scale_max, optional=not c.required
        )
        for c in criteria
    ]


def validate_weights(weights: list[int]) -> None:
    if sum(weights) != 100:
        raise ValidationError(
            _g("Las ponderaciones deben sumar 100; ahora suman %(total)s.") % {"total": sum(weights)}
        )


@transaction.atomic
def save_rubric(*, rubric: Rubric, criteria_forms, tie_break_key: str | None = None) -> Rubric:
    """Saves a formset of criteria after checking the weights add up to 100."""
    _check_rubric_editable(rubric)
    kept = [f for f in criteria_forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    validate_weights([f.cleaned_data["weight"] for f in kept])
    for form in criteria_forms:
        if form.cleaned_data.get("DELETE") and form.instance.pk:
            form.instance.delete()
    for order, form in enumerate(kept):
        criterion = form.save(commit=False)
        criterion.rubric = rubric
        criterion.order = order
        criterion.save()
    if tie_break_key:
        rubric.tie_break_criterion = rubric.criteria.filter(key=tie_break_key).first()
        rubric.save(update_fields=["tie_break_criterion", "updated_at"])
    return rubric


@transaction.atomic
def ensure_rubric(*, call: Call, defaults=DEMO_RUBRIC, tie_break_key: str = "impacto") -> Rubric:
    """The call's rubric, created with the default criteria when it has none (idempotent)."""
    rubric, _created = Rubric.objects.get_or_create(call=call)
    if not rubric.criteria.exists():
        for order, (key, name, weight, description) in enumerate(defaults):
            Criterion.objects.create(
                rubric=rubric, key=key, name=name, weight=weight, description=description,
                guidance=DEFAULT_GUIDANCE, order=order,
            )
    if rubric.tie_break_criterion_id is None:
        rubric.tie_break_criterion = rubric.criteria.filter(key=tie_break_key).first()
        rubric.save(update_fields=["tie_break_criterion", "updated_at"])
    return rubric


# ---------------------------------------------------------------------------------------------
# Evaluator pool
# ---------------------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=INVITATION_SALT)


@transaction.atomic
def invite_evaluator(*, call: Call, email: str, invited_by: User) -> Invitation:
    email = email.strip().lower()
    invitation = Invitation.objects.create(call=call, email=email, invited_by=invited_by)
    from evaluacion import tasks

    enqueue(tasks.send_invitation, invitation.pk)
    return invitation


def invitation_from_token(token: str) -> Invitation:
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature:
        raise ValidationError(_g("El enlace de invitación no es válido o venció."))
    invitation = Invitation.objects.select_related("call").filter(pk=data.get("i"), nonce=data.get("n")).first()
    if invitation is None:
        raise ValidationError(_g("El enlace de invitación no es válido o venció."))
    if invitation.accepted_at is not None:
        raise ValidationError(_g("Esta invitación ya fue usada."))
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, user: User | None, password: str = "", first_name: str = "", last_name: str = "") -> User:
    """Uses the one-time link: creates the account if needed and joins the call's pool."""
    invitation = invitation_from_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_g("Esta invitación ya fue usada."))
    if user is None or not user.is_authenticated:
        user = User.objects.filter(email__iexact=invitation.email).first()
        if user is None:
            user = User.objects.create_user(
                email=invitation.email, password=password, first_name=first_name, last_name=last_name
            )
    elif user.email.lower() != invitation.email.lower():
        raise ValidationError(_g("La invitación fue enviada a otra dirección de correo."))
    user.add_role(Role.EVALUATOR)
    profile, _created = EvaluatorProfile.objects.get_or_create(user=user)
    if not profile.email_domain:
        profile.email_domain = user.email_domain
        profile.save(update_fields=["email_domain"])
    PoolMember.objects.update_or_create(call=invitation.call, user=user, defaults={"active": True})
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


@transaction.atomic
def add_to_pool(*, call: Call, user: User) -> PoolMember:
    user.add_role(Role.EVALUATOR)
    EvaluatorProfile.objects.get_or_create(user=user, defaults={"email_domain": user.email_domain})
    member, _created = PoolMember.objects.update_or_create(call=call, user=user, defaults={"active": True})
    return member


# ---------------------------------------------------------------------------------------------
# Conflicts
# ---------------------------------------------------------------------------------------------


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[1].strip().lower() if email and "@" in email else ""


def institutional(domain: str) -> bool:
    return bool(domain) and domain not in PUBLIC_EMAIL_DOMAINS


def automatic_conflicts(call: Call) -> dict[tuple[int, int], tuple[str, str]]:
    """(submission id, evaluator id) -> (kind, reason) for every automatic conflict in the call."""
    submissions = list(
        Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE)
        .select_related("municipality__comuna", "created_by")
    )
    members = list(
        PoolMember.objects.filter(call=call, active=True).select_related(
            "user__evaluator_profile__affiliation__comuna"
        )
    )
    municipality_ids = {s.municipality_id for s in submissions}
    applicant_domains: dict[int, set[str]] = {mid: set() for mid in municipality_ids}
    for municipality_id, email in User.objects.filter(municipality_id__in=municipality_ids).values_list(
        "municipality_id", "email"
    ):
        applicant_domains[municipality_id].add(_domain(email))
    entry_domains = {}
    for s in submissions:
        domains = set(applicant_domains.get(s.municipality_id, set()))
        domains |= {_domain(s.contact_email), _domain(s.created_by.email), (s.municipality.email_domain or "").lower()}
        entry_domains[s.pk] = {d for d in domains if institutional(d)}

    found: dict[tuple[int, int], tuple[str, str]] = {}
    for member in members:
        profile = getattr(member.user, "evaluator_profile", None)
        domains = {d for d in (profile.domains if profile else {_domain(member.user.email)}) if institutional(d)}
        affiliation = profile.affiliation if profile else None
        regions = set()
        if profile and profile.region_id:
            regions.add(profile.region_id)
        if affiliation is not None:
            regions.add(affiliation.comuna.region_id)
        for s in submissions:
            key = (s.pk, member.user_id)
            if affiliation is not None and affiliation.pk == s.municipality_id:
                found[key] = (ConflictKind.AFFILIATION, _g("Afiliado a la municipalidad de la postulación."))
            elif domains & entry_domains[s.pk]:
                found[key] = (ConflictKind.DOMAIN, _g("Comparte dominio de correo con la municipalidad postulante."))
            elif call.same_region_conflict and s.municipality.comuna.region_id in regions:
                found[key] = (ConflictKind.REGION, _g("Pertenece a la misma región."))
    return found


@transaction.atomic
def refresh_conflicts(*, call: Call) -> int:
    """Stores the automatic conflicts found now. Append-only: a conflict found once stays, even if
    the profile that caused it changes (an evaluator cannot clear their affiliation to get an entry
    back); only staff remove one, with a reason (:func:`remove_conflict`). A pair staff already
    cleared of a kind of conflict is not flagged again for the same kind."""
    found = automatic_conflicts(call)
    existing = set(Conflict.objects.filter(submission__call=call).values_list("submission_id", "evaluator_id"))
    cleared = set(
        ConflictRemoval.objects.filter(submission__call=call).values_list("submission_id", "evaluator_id", "kind")
    )
    new = [
        Conflict(submission_id=s, evaluator_id=e, kind=kind, reason=reason)
        for (s, e), (kind, reason) in found.items()
        if (s, e) not in existing and (s, e, kind) not in cleared
    ]
    Conflict.objects.bulk_create(new)
    # A conflict found after an assignment was made withdraws it (never review in conflict); a
    # released entry goes to another conflict-free evaluator at once, a draft waits for the next run.
    conflicted = (
        Assignment.objects.filter(submission__call=call, submission__conflicts__evaluator=F("evaluator"))
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .select_related("submission__call")
    )
    for assignment in conflicted:
        if assignment.status == AssignmentStatus.RELEASED:
            _withdraw_and_reassign(assignment)
        else:
            assignment.status = AssignmentStatus.WITHDRAWN
            assignment.save(update_fields=["status"])
    return len(found)


@transaction.atomic
def refresh_conflicts_for(*, user: User) -> None:
    """After an evaluator's profile changes (affiliation, region, domain), in every open call they serve."""
    for call in Call.objects.filter(
        evaluator_pool__user=user, evaluator_pool__active=True, results_published_at__isnull=True
    ).distinct():
        refresh_conflicts(call=call)


def conflict_pairs(call: Call) -> set[tuple[int, int]]:
    return set(Conflict.objects.filter(submission__call=call).values_list("submission_id", "evaluator_id"))


@transaction.atomic
def add_staff_conflict(*, submission: Submission, evaluator: User, reason: str, actor: User, locked: bool = True) -> Conflict:
    if not reason.strip():
        raise ValidationError(_g("Indique el motivo del conflicto."))
    conflict, _created = Conflict.objects.update_or_create(
        submission=submission, evaluator=evaluator,
        defaults={"kind": ConflictKind.STAFF, "reason": reason, "locked": locked, "created_by": actor},
    )
    active = Assignment.objects.filter(submission=submission, evaluator=evaluator).exclude(
        status=AssignmentStatus.WITHDRAWN
    ).first()
    if active is not None:
        _withdraw_and_reassign(active)
    return conflict


@transaction.atomic
def set_conflict_lock(*, conflict: Conflict, locked: bool) -> Conflict:
    conflict.locked = locked
    conflict.save(update_fields=["locked"])
    return conflict


@transaction.atomic
def remove_conflict(*, conflict: Conflict, actor: User, reason: str) -> ConflictRemoval:
    """Staff only (the view checks the role): removes a conflict with a written reason, logged."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_g("Indique el motivo para quitar el conflicto."))
    if conflict.locked:
        raise ValidationError(_g("El conflicto está bloqueado: desbloquéelo antes de quitarlo."))
    if conflict.kind == ConflictKind.DECLARED:
        raise ValidationError(_g("Un conflicto declarado por el evaluador no se puede quitar."))
    removal = ConflictRemoval.objects.create(
        submission_id=conflict.submission_id, evaluator_id=conflict.evaluator_id, kind=conflict.kind,
        conflict_reason=conflict.reason, reason=reason, actor=actor,
    )
    logger.info("Conflicto %s/%s (%s) quitado por %s", conflict.submission_id, conflict.evaluator_id, conflict.kind, actor.pk)
    conflict.delete()
    return removal


@transaction.atomic
def declare_conflict(*, assignment: Assignment, reason: str) -> Assignment | None:
    """The evaluator declares a conflict: the entry goes to another conflict-free evaluator."""
    if not reason.strip():
        raise ValidationError(_g("Explique brevemente el motivo del conflicto."))
    Conflict.objects.update_or_create(
        submission=assignment.submission, evaluator=assignment.evaluator,
        defaults={"kind": ConflictKind.DECLARED, "reason": reason, "locked": True, "created_by": assignment.evaluator},
    )
    return _withdraw_and_reassign(assignment)


def _withdraw_and_reassign(assignment: Assignment) -> Assignment | None:
    was_released = assignment.status == AssignmentStatus.RELEASED
    assignment.status = AssignmentStatus.WITHDRAWN
    assignment.save(update_fields=["status"])
    try:
        created = _top_up(
            submission=assignment.submission,
            extra=0,
            source=AssignmentSource.REASSIGNED,
            release=was_released,
        )
    except assignment_algo.AssignmentError:
        logger.warning("Sin evaluador libre para reasignar %s", assignment.submission.code)
        return None
    return created[0] if created else None


# ---------------------------------------------------------------------------------------------
# Assignment
# ---------------------------------------------------------------------------------------------


def _pool(call: Call) -> tuple[list[int], dict[int, int], dict[int, set[int]]]:
    """(evaluator ids, max load per evaluator, expertise category ids per evaluator)."""
    members = list(
        PoolMember.objects.filter(call=call, active=True, user__is_active=True)
        .select_related("user__evaluator_profile")
        .prefetch_related("user__evaluator_profile__expertise")
    )
    ids, loads, expertise = [], {}, {}
    for member in members:
        profile = getattr(member.user, "evaluator_profile", None)
        ids.append(member.user_id)
        loads[member.user_id] = profile.max_load if profile else 10
        expertise[member.user_id] = {c.pk for c in profile.expertise.all()} if profile else set()
    return ids, loads, expertise


def _affinity(submissions, evaluators, expertise) -> dict[tuple[int, int], float]:
    return {
        (s.pk, e): 1.0
        for s in submissions
        for e in evaluators
        if s.category_id is not None and s.category_id in expertise.get(e, ())
    }


def _active_pairs(call: Call) -> set[tuple[int, int]]:
    return set(
        Assignment.objects.filter(submission__call=call)
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .values_list("submission_id", "evaluator_id")
    )


def _withdrawn_pairs(call: Call) -> set[tuple[int, int]]:
    return set(
        Assignment.objects.filter(submission__call=call, status=AssignmentStatus.WITHDRAWN).values_list(
            "submission_id", "evaluator_id"
        )
    )


def assignment_error_message(error: assignment_algo.AssignmentError) -> str:
    codes = dict(Submission.objects.filter(pk__in=list(error.entries_short)).values_list("pk", "code"))
    params = dict(error.params)
    if error.entries_short:
        # Entry codes, never database ids: staff look the entries up by code.
        listed = sorted(error.entries_short.items(), key=lambda item: str(codes.get(item[0], item[0])))[:20]
        details = "; ".join(
            _g("%(code)s (necesita %(needed)s, hay %(available)s)")
            % {"code": codes.get(entry, entry), "needed": needed, "available": available}
            for entry, (needed, available) in listed
        )
        if len(error.entries_short) > len(listed):
            details += _g("; y %(count)s más") % {"count": len(error.entries_short) - len(listed)}
        params["details"] = details
    return _g(error.message_template) % params


@transaction.atomic
def run_assignment(*, call: Call) -> list[Assignment]:
    """A new draft: previous automatic drafts are replaced; released and manual ones are kept."""
    refresh_conflicts(call=call)
    Assignment.objects.filter(
        submission__call=call, status=AssignmentStatus.DRAFT, source=AssignmentSource.AUTOMATIC
    ).delete()
    submissions = list(Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE).order_by("pk"))
    evaluators, loads, expertise = _pool(call)
    affinity = _affinity(submissions, evaluators, expertise)
    pairs = assignment_algo.assign(
        [s.pk for s in submissions],
        evaluators,
        per_entry=call.reviews_per_entry,
        max_load=loads,
        conflicts=conflict_pairs(call) | _withdrawn_pairs(call),
        affinity=affinity,
        existing=_active_pairs(call),
    )
    return Assignment.objects.bulk_create(
        [
            Assignment(submission_id=s, evaluator_id=e, affinity=affinity.get((s, e), 0.0), source=AssignmentSource.AUTOMATIC)
            for s, e in pairs
        ]
    )


def _top_up(*, submission: Submission, extra: int, source: str, release: bool) -> list[Assignment]:
    call = submission.call
    if release and not blind_review_is_current(submission):
        # A replacement stays a draft until staff review the blind copy (then release it).
        logger.warning("Copia de %s sin revisión vigente: la reasignación queda en borrador", submission.code)
        release = False
    evaluators, loads, expertise = _pool(call)
    active = _active_pairs(call)
    current = sum(1 for s, _e in active if s == submission.pk)
    target = max(call.reviews_per_entry, current) + extra if extra else call.reviews_per_entry
    affinity = _affinity([submission], evaluators, expertise)
    pairs = assignment_algo.assign(
        [submission.pk],
        evaluators,
        per_entry=target,
        max_load=loads,
        conflicts=conflict_pairs(call) | _withdrawn_pairs(call),
        affinity=affinity,
        existing=active,
    )
    now = timezone.now()
    created = [
        Assignment.objects.create(
            submission_id=s, evaluator_id=e, source=source, affinity=affinity.get((s, e), 0.0),
            status=AssignmentStatus.RELEASED if release else AssignmentStatus.DRAFT,
            released_at=now if release else None,
        )
        for s, e in pairs
    ]
    if release and created:
        ensure_redacted_copy(submission=submission)
        _notify([a.pk for a in created])
    return created


@transaction.atomic
def add_extra_evaluator(*, submission: Submission) -> list[Assignment]:
    """One more (released) evaluator for a flagged entry; fulfils the committee's requests."""
    if not blind_review_is_current(submission):
        raise ValidationError(
            _g("Revise la copia anonimizada de %(code)s antes de asignarla.") % {"code": submission.code}
        )
    created = _top_up(submission=submission, extra=1, source=AssignmentSource.EXTRA, release=True)
    ExtraReviewRequest.objects.filter(submission=submission, fulfilled_at__isnull=True).update(fulfilled_at=timezone.now())
    return created


@transaction.atomic
def add_manual_assignment(*, submission: Submission, evaluator: User) -> Assignment:
    if Conflict.objects.filter(submission=submission, evaluator=evaluator).exists():
        raise ValidationError(_g("Ese evaluador tiene un conflicto de interés con la postulación."))
    if not PoolMember.objects.filter(call=submission.call, user=evaluator, active=True).exists():
        raise ValidationError(_g("El evaluador no pertenece al grupo de evaluadores de la convocatoria."))
    if Assignment.objects.filter(submission=submission, evaluator=evaluator).exists():
        raise ValidationError(_g("Ese evaluador ya tiene (o tuvo) esta postulación."))
    return Assignment.objects.create(submission=submission, evaluator=evaluator, source=AssignmentSource.MANUAL)


@transaction.atomic
def remove_draft_assignment(*, assignment: Assignment) -> None:
    if assignment.status != AssignmentStatus.DRAFT:
        raise ValidationError(_g("Solo se pueden quitar asignaciones en borrador."))
    assignment.delete()


@transaction.atomic
def release_assignments(*, call: Call) -> int:
    """Releases the draft: stored blind copies first, then evaluators are notified (codes only)."""
    drafts = list(Assignment.objects.filter(submission__call=call, status=AssignmentStatus.DRAFT).select_related("submission"))
    if not drafts:
        return 0
    # Profiles may have changed since the draft was made: recompute before anyone is told anything.
    refresh_conflicts(call=call)
    conflicts = conflict_pairs(call)
    clashing = sorted({a.submission.code for a in drafts if (a.submission_id, a.evaluator_id) in conflicts})
    if clashing:
        raise ValidationError(
            _g("Hay asignaciones del borrador en conflicto de interés (%(codes)s): vuelva a ejecutar la asignación.")
            % {"codes": ", ".join(clashing)}
        )
    for submission in {a.submission for a in drafts}:
        ensure_redacted_copy(submission=submission)
    # Nobody reads a blind copy that staff have not reviewed (texts and attachments, see
    # record_blind_review); a copy changed after its review needs a new one.
    unreviewed = unreviewed_codes({a.submission for a in drafts})
    if unreviewed:
        raise ValidationError(
            _g("Revise las copias anonimizadas (textos y anexos) antes de liberar: %(codes)s.")
            % {"codes": ", ".join(unreviewed)}
        )
    now = timezone.now()
    Assignment.objects.filter(pk__in=[a.pk for a in drafts]).update(status=AssignmentStatus.RELEASED, released_at=now)
    _notify([a.pk for a in drafts])
    return len(drafts)


def _notify(assignment_ids: list[int]) -> None:
    from evaluacion import tasks

    by_evaluator: dict[int, list[int]] = {}
    for pk, evaluator_id in Assignment.objects.filter(pk__in=assignment_ids).values_list("pk", "evaluator_id"):
        by_evaluator.setdefault(evaluator_id, []).append(pk)
    for evaluator_id, ids in sorted(by_evaluator.items()):
        enqueue(tasks.notify_assignments, evaluator_id, sorted(ids))
    for submission_id in set(Assignment.objects.filter(pk__in=assignment_ids).values_list("submission_id", flat=True)):
        enqueue(tasks.prepare_attachments, submission_id)


# ---------------------------------------------------------------------------------------------
# Blind copies
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def territory_gazetteer() -> gazetteer.Gazetteer:
    """Every region, province and comuna of the territory table (reference data: loaded once)."""
    from core.models import Comuna, Province, Region

    places = [gazetteer.Place("region", code, name) for code, name in Region.objects.values_list("code", "name")]
    places += [gazetteer.Place("region", code, name) for code, name in Region.objects.values_list("code", "short_name") if name]
    places += [gazetteer.Place("provincia", code, name) for code, name in Province.objects.values_list("code", "name")]
    places += [gazetteer.Place("comuna", code, name) for code, name in Comuna.objects.values_list("code", "name")]
    return gazetteer.Gazetteer(places)


@dataclass(frozen=True)
class Identity:
    names: tuple[str, ...]  # own places: municipality, comuna, province, region (all forms)
    people: tuple[str, ...]  # contact, team, the municipality's accounts, the mayor, person terms
    terms: tuple[str, ...]  # other words of the municipality (neighbourhoods, programmes)
    own_codes: frozenset[str]


def identity_of(submission: Submission) -> Identity:
    """Everything to mask in one entry besides the rules that apply to every entry."""
    municipality = submission.municipality
    comuna = municipality.comuna
    region = comuna.region
    names = [municipality.name, comuna.name, region.name, getattr(region, "short_name", "")]
    codes = {comuna.code, region.code}
    if comuna.province_id:
        names.append(comuna.province.name)
        codes.add(comuna.province.code)
    people = list(submission.people_names)
    if municipality.mayor_name.strip():
        people.append(municipality.mayor_name.strip())
    members = User.objects.filter(Q(municipality=municipality) | Q(pk=submission.created_by_id))
    for first, last in members.values_list("first_name", "last_name"):
        full = f"{first} {last}".strip()
        if full:
            people.append(full)
    terms = []
    for term, kind in IdentityTerm.objects.filter(municipality=municipality).values_list("term", "kind"):
        (people if kind == IdentityTermKind.PERSON else terms).append(term)
    return Identity(
        tuple(n for n in dict.fromkeys(names) if n),
        tuple(dict.fromkeys(people)),
        tuple(dict.fromkeys(terms)),
        frozenset(codes),
    )


def identity_terms(submission: Submission) -> tuple[list[str], list[str]]:
    """(place names, people) to mask in an entry (see :func:`identity_of`)."""
    identity = identity_of(submission)
    return list(identity.names), list(identity.people)


def redactor_for(submission: Submission) -> redaction.Redactor:
    identity = identity_of(submission)
    return redaction.get_redactor(
        names=identity.names, people=identity.people, terms=identity.terms,
        gazetteer=territory_gazetteer(), own_codes=identity.own_codes,
    )


def build_redacted_fields(submission: Submission) -> dict[str, str]:
    redactor = redactor_for(submission)
    fields = {name: redactor.redact(getattr(submission, name) or "") for name in REDACTED_TEXT_FIELDS}
    fields["budget_clp"] = f"{submission.budget_clp:,}".replace(",", ".") if submission.budget_clp else ""
    fields["implementation_months"] = str(submission.implementation_months or "")
    fields["year_start"] = str(submission.year_start or "")
    return fields


@transaction.atomic
def ensure_redacted_copy(*, submission: Submission) -> RedactedCopy:
    copy = RedactedCopy.objects.filter(submission=submission).first()
    if copy is None:
        copy = RedactedCopy.objects.create(submission=submission, fields=build_redacted_fields(submission))
    return copy


@transaction.atomic
def regenerate_redacted_copy(*, submission: Submission) -> RedactedCopy:
    copy, _created = RedactedCopy.objects.update_or_create(
        submission=submission,
        defaults={"fields": build_redacted_fields(submission), "generated_at": timezone.now(), "edited_by": None, "edited_at": None},
    )
    reset_sanitised_attachments(submission=submission)
    return copy


@transaction.atomic
def generate_redacted_copies(*, call: Call) -> int:
    count = 0
    for submission in Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE).select_related(
        "municipality__comuna__region", "created_by"
    ):
        ensure_redacted_copy(submission=submission)
        count += 1
    return count


def remaining_identities(submission: Submission, fields: dict[str, str]) -> list[str]:
    """Identity terms still present in edited text (a safety net for staff edits)."""
    redactor = redactor_for(submission)
    found = []
    for name, value in fields.items():
        for start, end in redactor.spans(value or "", collapse=False):
            found.append(f"{name}: {value[start:end]}")
    return found


@transaction.atomic
def edit_redacted_copy(*, copy: RedactedCopy, fields: dict[str, str], actor: User) -> RedactedCopy:
    leftovers = remaining_identities(copy.submission, fields)
    if leftovers:
        raise ValidationError(
            _g("El texto aún contiene datos que identifican a la municipalidad o a personas: %(items)s")
            % {"items": "; ".join(leftovers[:10])}
        )
    copy.fields = {**copy.fields, **fields}
    copy.edited_by = actor
    copy.edited_at = timezone.now()
    copy.save(update_fields=["fields", "edited_by", "edited_at"])
    return copy


def sanitise_attachment(*, attachment: SubmissionAttachment, number: int) -> SanitisedAttachment:
    """Rewrites one attachment (see evaluacion.sanitize); idempotent."""
    existing = SanitisedAttachment.objects.filter(attachment=attachment).first()
    if existing is not None:
        return existing
    submission = attachment.submission
    name = sanitize.neutral_name(submission.code, number, attachment.content_type)
    record = SanitisedAttachment(attachment=attachment, number=number, neutral_name=name)
    try:
        with attachment.file.open("rb") as handle:
            data = handle.read()
        redactor = redactor_for(submission)
        clean, content_type = sanitize.sanitise(
            data,
            attachment.content_type,
            heading=_g("%(code)s · anexo %(number)s · página") % {"code": submission.code, "number": number},
            redact=redactor.redact,
            empty_notice=_g("Esta página no tiene texto legible (por ejemplo, una imagen escaneada)."),
        )
    except sanitize.UnsupportedFormat:
        record.available = False
        record.save()
        return record
    except Exception:  # a corrupt file must not break the evaluator's page
        logger.exception("No se pudo anonimizar el adjunto %s", attachment.pk)
        record.available = False
        record.save()
        return record
    record.neutral_name = sanitize.neutral_name(submission.code, number, content_type)
    record.content_type = content_type
    record.available = True
    record.digest = hashlib.sha256(clean).hexdigest()
    record.file.save(record.neutral_name, ContentFile(clean), save=False)
    record.save()
    return record


def prepare_attachments(*, submission: Submission) -> list[SanitisedAttachment]:
    return [
        sanitise_attachment(attachment=attachment, number=number)
        for number, attachment in enumerate(submission.attachments.order_by("uploaded_at", "pk"), start=1)
    ]


def reset_sanitised_attachments(*, submission: Submission) -> None:
    """Forget the rewritten attachments (they are rebuilt, with the current terms, when next needed)."""
    for record in SanitisedAttachment.objects.filter(attachment__submission=submission):
        if record.file:
            record.file.delete(save=False)
        record.delete()


@transaction.atomic
def refresh_blind_copy(*, submission: Submission) -> RedactedCopy | None:
    """Applies the current identity terms to an existing copy without losing staff edits: the
    stored (already redacted) texts go through the redactor again; attachments are rebuilt."""
    copy = RedactedCopy.objects.select_for_update().filter(submission=submission).first()
    if copy is None:
        return None
    if copy.edited_at is None:
        fields = build_redacted_fields(submission)  # nothing to keep: start again from the entry
    else:
        redactor = redactor_for(submission)
        fields = {
            name: redactor.redact(value) if name in REDACTED_TEXT_FIELDS and isinstance(value, str) else value
            for name, value in copy.fields.items()
        }
    if fields != copy.fields:
        copy.fields = fields
        copy.save(update_fields=["fields"])
    reset_sanitised_attachments(submission=submission)
    return copy


def _open_submissions(municipality):
    return Submission.objects.filter(
        municipality=municipality, status=SubmissionStatus.ADMISSIBLE, call__results_published_at__isnull=True
    )


@transaction.atomic
def add_identity_term(*, municipality, term: str, kind: str, actor: User) -> IdentityTerm:
    """A word to mask in every blind copy of the municipality's entries (staff or the applicant)."""
    term = " ".join((term or "").split())
    if len(redaction.fold(term).replace(" ", "")) < 3:
        raise ValidationError(_g("Escriba el término que se debe ocultar (al menos tres letras)."))
    if kind not in IdentityTermKind.values:
        raise ValidationError(_g("Tipo de término no válido."))
    existing = IdentityTerm.objects.filter(municipality=municipality, term__iexact=term).first()
    if existing is not None:
        return existing
    created = IdentityTerm.objects.create(municipality=municipality, term=term, kind=kind, added_by=actor)
    for submission in _open_submissions(municipality):
        refresh_blind_copy(submission=submission)
    logger.info("Término reservado %s agregado a la municipalidad %s por %s", created.pk, municipality.pk, actor.pk)
    return created


@transaction.atomic
def set_mayor_name(*, municipality, name: str, actor: User):
    """The mayor is masked by default in every blind copy of the municipality's entries."""
    name = " ".join((name or "").split())
    if name != municipality.mayor_name:
        municipality.mayor_name = name
        municipality.save(update_fields=["mayor_name"])
        for submission in _open_submissions(municipality):
            refresh_blind_copy(submission=submission)
        logger.info("Autoridad de la municipalidad %s actualizada por %s", municipality.pk, actor.pk)
    return municipality


@transaction.atomic
def remove_identity_term(*, term: IdentityTerm, actor: User) -> None:
    """Staff only. Copies already generated keep the mask until they are regenerated."""
    logger.info("Término reservado %s (%s) quitado por %s", term.pk, term.municipality_id, actor.pk)
    term.delete()


def blind_digest(submission: Submission) -> str:
    """Fingerprint of what evaluators would receive: the copy's texts and every rewritten attachment."""
    copy = RedactedCopy.objects.filter(submission=submission).first()
    attachments = SanitisedAttachment.objects.filter(attachment__submission=submission).order_by("number")
    payload = {
        "fields": copy.fields if copy else None,
        "attachments": [[a.number, a.available, a.digest] for a in attachments],
        "expected": submission.attachments.count(),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def latest_blind_review(submission: Submission) -> BlindCopyReview | None:
    return BlindCopyReview.objects.filter(submission=submission).select_related("reviewer").order_by("-at", "-pk").first()


def blind_review_is_current(submission: Submission) -> bool:
    review = latest_blind_review(submission)
    return review is not None and review.digest == blind_digest(submission)


@transaction.atomic
def record_blind_review(
    *, submission: Submission, actor: User, masked: list[str] = (), kept: list[dict] = ()
) -> BlindCopyReview:
    """Staff confirm they read the blind copy and its attachments. ``masked``: kept spans that must
    be hidden after all (they become identity terms of the municipality and the copy is refreshed);
    ``kept``: the flagged spans the reviewer decided to keep."""
    masked = [" ".join(m.split()) for m in masked if m and m.strip()]
    for term in masked:
        add_identity_term(municipality=submission.municipality, term=term, kind=IdentityTermKind.OTHER, actor=actor)
    ensure_redacted_copy(submission=submission)
    prepare_attachments(submission=submission)
    review = BlindCopyReview.objects.create(
        submission=submission, reviewer=actor, digest=blind_digest(submission), masked=masked, kept=list(kept)
    )
    logger.info("Copia anonimizada de %s revisada por %s", submission.code, actor.pk)
    return review


def unreviewed_codes(submissions) -> list[str]:
    return sorted({s.code for s in submissions if not blind_review_is_current(s)})


# ---------------------------------------------------------------------------------------------
# Reviews
# ---------------------------------------------------------------------------------------------


@dataclass
class ScoreInput:
    criterion: Criterion
    score: int | None
    justification: str


@transaction.atomic
def save_review(
    *, assignment: Assignment, scores: list[ScoreInput], overall_comment: str, submit: bool, applicant_comment: str = ""
) -> Review:
    """overall_comment is the private note to the committee; applicant_comment reaches the municipality,
    unattributed, once results are published. Either may be required by the call's rubric."""
    call = assignment.submission.call
    if timezone.now() < call.evaluation_open_at:
        raise ValidationError(_g("La evaluación todavía no comienza."))
    if timezone.now() >= call.evaluation_close_at or call.results_published_at:
        raise ValidationError(_g("El plazo de evaluación terminó: la evaluación ya no se puede modificar."))
    if assignment.status != AssignmentStatus.RELEASED:
        raise PermissionDenied
    review, _created = Review.objects.select_for_update().get_or_create(assignment=assignment)
    errors = {}
    if submit:
        for item in scores:
            if item.criterion.required and item.score is None:
                errors[item.criterion.key] = _g("Asigne un puntaje a este criterio.")
            elif item.score is not None and not item.justification.strip():
                errors[item.criterion.key] = _g("Justifique el puntaje por escrito.")
        errors.update(_required_texts(call, overall_comment=overall_comment, applicant_comment=applicant_comment))
        if errors:
            raise ValidationError(errors)
    for item in scores:
        if item.score is not None and not item.criterion.scale_min <= item.score <= item.criterion.scale_max:
            raise ValidationError({item.criterion.key: _g("Puntaje fuera de la escala.")})
        ReviewScore.objects.update_or_create(
            review=review, criterion=item.criterion,
            defaults={"score": item.score, "justification": item.justification.strip()},
        )
    review.overall_comment = overall_comment.strip()
    review.applicant_comment = (applicant_comment or "").strip()
    criteria = [item.criterion for item in scores]
    answered = {str(item.criterion.pk): item.score for item in scores}
    try:
        review.total = scoring.review_total(answered, to_scoring_criteria(criteria))
    except ValueError:
        review.total = None
    if submit:
        review.status = ReviewStatus.SUBMITTED
        review.submitted_at = review.submitted_at or timezone.now()
    review.save()
    return review


# ---------------------------------------------------------------------------------------------
# Committee
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def request_extra_review(*, submission: Submission, actor: User, reason: str) -> ExtraReviewRequest:
    if not reason.strip():
        raise ValidationError(_g("Indique el motivo de la evaluación adicional."))
    return ExtraReviewRequest.objects.create(submission=submission, requested_by=actor, reason=reason.strip())


def _fmt_score(value) -> str:
    return "" if value is None else f"{Decimal(value):.2f}"


@transaction.atomic
def record_decision(
    *, submission: Submission, actor: User, outcome: str, adjusted_score: Decimal | None, reason: str
) -> Decision:
    call = Call.objects.select_for_update().get(pk=submission.call_id)
    if call.results_published_at is not None:
        raise ValidationError(_g("Los resultados ya se publicaron: las decisiones están cerradas."))
    check_committee_phase(call)
    if not reason or not reason.strip():
        raise ValidationError(_g("Toda decisión o ajuste necesita un motivo escrito."))
    if outcome and outcome not in DecisionChoice.values:
        raise ValidationError(_g("Decisión no válida."))
    if adjusted_score is not None and not Decimal(0) <= Decimal(adjusted_score) <= Decimal(100):
        raise ValidationError(_g("El puntaje ajustado debe estar entre 0 y 100."))
    decision, _created = Decision.objects.select_for_update().get_or_create(submission=submission)
    changes = []
    if (outcome or "") != decision.outcome:
        changes.append((DecisionLog.Field.OUTCOME, decision.outcome, outcome or ""))
        decision.outcome = outcome or ""
    old_score, new_score = _fmt_score(decision.adjusted_score), _fmt_score(adjusted_score)
    if old_score != new_score:
        changes.append((DecisionLog.Field.ADJUSTED_SCORE, old_score, new_score))
        decision.adjusted_score = Decimal(new_score) if new_score else None
    if not changes:
        raise ValidationError(_g("No hay cambios que registrar."))
    decision.save()
    now = timezone.now()
    for field, old, new in changes:
        DecisionLog.objects.create(
            submission=submission, field=field, old_value=old, new_value=new, reason=reason.strip(), actor=actor, at=now
        )
    return decision


# ---------------------------------------------------------------------------------------------
# Phases closed early by staff
# ---------------------------------------------------------------------------------------------

# The results phase starts right after the committee closes: Call.clean() wants every phase date
# strictly after the previous one, and Call.phase_at() counts results from results_at inclusive.
RESULTS_AFTER_COMMITTEE = timedelta(microseconds=1)


@transaction.atomic
def close_evaluation(*, call: Call, actor: User, reason: str) -> CallPhaseChange:
    """End the evaluation now: reviews can no longer be saved and the committee phase begins."""
    now = timezone.now()
    return _move_phase(
        call=call, actor=actor, reason=reason, expected=Phase.EVALUATION, target=Phase.COMMITTEE,
        dates={"evaluation_close_at": now}, refused=_g("Solo se puede cerrar la evaluación durante la fase de evaluación."),
    )


@transaction.atomic
def close_committee(*, call: Call, actor: User, reason: str) -> CallPhaseChange:
    """End the committee's work now and open the results phase, where staff publish the results."""
    now = timezone.now()
    return _move_phase(
        call=call, actor=actor, reason=reason, expected=Phase.COMMITTEE, target=Phase.RESULTS,
        dates={"committee_close_at": now, "results_at": now + RESULTS_AFTER_COMMITTEE},
        refused=_g("Solo se puede cerrar el comité durante la fase del comité de expertos."),
    )


def _move_phase(*, call: Call, actor: User, reason: str, expected: str, target: str, dates: dict, refused: str) -> CallPhaseChange:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_g("Indique el motivo del cambio de fase."))
    locked = Call.objects.select_for_update().get(pk=call.pk)
    now = timezone.now()
    if locked.results_published_at is not None or locked.phase_at(now) != expected:
        raise ValidationError(refused)
    moved = {name: [getattr(locked, name).isoformat(), value.isoformat()] for name, value in dates.items()}
    for name, value in dates.items():
        setattr(locked, name, value)
    locked.clean()  # the phases stay in order (raises ValidationError otherwise)
    Call.objects.filter(pk=locked.pk).update(**dates)
    for name, value in dates.items():
        setattr(call, name, value)
    logger.info("Convocatoria %s: fase %s -> %s por %s", locked.slug, expected, target, actor.pk)
    return CallPhaseChange.objects.create(
        call=locked, from_phase=expected, to_phase=target, reason=reason, dates=moved, actor=actor, at=now
    )


# ---------------------------------------------------------------------------------------------
# Publication
# ---------------------------------------------------------------------------------------------

SOURCE_TEMPLATE = "Postulación del municipio al %(call)s"
COMPETITION_RESULT = {DecisionChoice.WINNER: "ganadora", DecisionChoice.MENTION: "mencion", DecisionChoice.FINALIST: "finalista"}


@transaction.atomic
def publish_results(*, call: Call, actor: User) -> Publication:
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.results_published_at is not None:
        raise ValidationError(_g("Los resultados de esta convocatoria ya se publicaron."))
    if call.phase != Phase.RESULTS:
        raise ValidationError(_g("Los resultados solo se publican en la fase de resultados."))
    admissible = Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE)
    undecided = admissible.exclude(decision__outcome__in=DecisionChoice.values).count()
    if undecided:
        raise ValidationError(
            _g("Faltan %(count)s decisiones finales del comité antes de publicar.") % {"count": undecided}
        )
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(results_published_at=now)
    call.results_published_at = now
    publication = Publication.objects.create(call=call, published_by=actor, published_at=now)
    for decision in Decision.objects.filter(
        submission__in=admissible, outcome__in=[DecisionChoice.WINNER, DecisionChoice.MENTION]
    ).select_related("submission__municipality", "submission__category", "submission__call"):
        create_practice_draft(decision=decision, actor=actor)
    from evaluacion import tasks
    from evaluacion.signals import results_published

    enqueue(tasks.notify_results, call.pk)
    transaction.on_commit(lambda: results_published.send(sender=Call, call=call))
    return publication


def create_practice_draft(*, decision: Decision, actor: User):
    """A good-practice page draft in the library (identity revealed), sent to moderation."""
    from portal.models import GoodPracticePage, LibraryIndexPage
    from portal.services import text_to_richtext

    if decision.practice_page_id:
        return decision.practice_page
    library = LibraryIndexPage.objects.first()
    if library is None:
        logger.warning("Sin biblioteca: no se crea la ficha de %s", decision.submission.code)
        return None
    s = decision.submission
    if s.category_id is None:
        logger.warning("Postulación %s sin categoría: no se crea la ficha", s.code)
        return None
    from django.utils.text import slugify

    pending = _g("Por completar por el equipo editorial.")

    def rich(text):
        return text_to_richtext(text) or text_to_richtext(pending)

    base = slugify(f"{s.title} {s.municipality.name}")[:200] or s.code.lower()
    siblings = set(library.get_children().values_list("slug", flat=True))
    slug, counter = base, 2
    while slug in siblings:
        slug, counter = f"{base}-{counter}", counter + 1
    page = GoodPracticePage(
        title=s.title or s.code,
        slug=slug,
        live=False,
        municipality=s.municipality,
        category=s.category,
        year=s.year_start or s.call.year,
        implementation_period=s.implementation_period,
        summary=s.summary or pending,
        previous_situation=rich(s.previous_situation),
        objectives=rich(s.objectives),
        description=rich(s.description),
        results=rich("\n\n".join(p for p in (s.results, s.indicators) if p)),
        citizen_participation=text_to_richtext(s.citizen_participation),
        sustainability=text_to_richtext(s.sustainability),
        replicability=text_to_richtext(s.replicability),
        lessons_learned=text_to_richtext(s.lessons_learned),
        partners=s.partners,
        budget_clp=s.budget_clp,
        competition_name=s.call.title,
        competition_result=COMPETITION_RESULT.get(decision.outcome, ""),
        competition_decision=decision,
        source=SOURCE_TEMPLATE % {"call": s.call.title},
        external_id=f"concurso:{s.code}",
    )
    library.add_child(instance=page)
    page.themes = list(s.themes.all())
    page.ods = list(s.ods.all())
    revision = page.save_revision(user=actor, log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, actor)
    decision.practice_page = page
    decision.save(update_fields=["practice_page"])
    logger.info("Ficha borrador %s creada para %s (revisión %s)", page.pk, s.code, revision.pk)
    return page


# ---------------------------------------------------------------------------------------------
# Issue 15: two texts per review, the committee in its phase, decisions in bulk, deliberate publication
# ---------------------------------------------------------------------------------------------

COMMITTEE_PHASES = (Phase.COMMITTEE, Phase.RESULTS)


def _required_texts(call: Call, *, overall_comment: str, applicant_comment: str) -> dict[str, str]:
    """The review texts the call's rubric makes compulsory, keyed like the form's fields."""
    rubric = Rubric.objects.filter(call=call).first()
    errors = {}
    if rubric is not None and rubric.applicant_comment_required and not (applicant_comment or "").strip():
        errors["applicant_comment"] = _g("Escriba sus comentarios para la municipalidad: esta convocatoria los exige.")
    if rubric is not None and rubric.committee_note_required and not (overall_comment or "").strip():
        errors["overall_comment"] = _g("Escriba sus notas para el comité: esta convocatoria las exige.")
    return errors


def check_committee_phase(call: Call) -> None:
    """Decisions and adjustments only from the committee phase on (until publication)."""
    if call.phase not in COMMITTEE_PHASES:
        raise ValidationError(
            _g("El comité decide en su fase: la convocatoria está en «%(phase)s» y los puntajes aún son provisionales.")
            % {"phase": Phase(call.phase).label}
        )


@dataclass
class DecisionInput:
    submission: Submission
    outcome: str
    reason: str
    adjusted_score: Decimal | None = None
    keep_score: bool = True  # the bulk table does not touch adjusted scores


@transaction.atomic
def record_decisions(*, call: Call, actor: User, items: list[DecisionInput]) -> int:
    """Many decisions at once (the committee's table): all or none; each needs its own reason.

    Rows without a change are skipped; errors are raised per entry code so the table can show them.
    """
    errors: dict[str, list[str]] = {}
    changed = 0
    for item in items:
        if item.submission.call_id != call.pk:
            raise PermissionDenied
        current = Decision.objects.filter(submission=item.submission).first()
        old_outcome = current.outcome if current else ""
        adjusted = (current.adjusted_score if current else None) if item.keep_score else item.adjusted_score
        if (item.outcome or "") == old_outcome and (item.keep_score or _fmt_score(adjusted) == _fmt_score(
            current.adjusted_score if current else None
        )):
            continue
        try:
            with transaction.atomic():
                record_decision(
                    submission=item.submission, actor=actor, outcome=item.outcome, adjusted_score=adjusted,
                    reason=item.reason,
                )
        except ValidationError as error:
            errors[item.submission.code] = error.messages
        else:
            changed += 1
    if errors:
        transaction.set_rollback(True)
        raise ValidationError(errors)
    return changed


def result_recipients(call: Call) -> dict[int, set[str]]:
    """submission id -> the addresses its result e-mail goes to (creator, contact, active members)."""
    submissions = list(
        Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE).select_related("created_by")
    )
    by_municipality: dict[int, set[str]] = {}
    for municipality_id, email in User.objects.filter(
        municipality_id__in={s.municipality_id for s in submissions}, is_active=True
    ).values_list("municipality_id", "email"):
        by_municipality.setdefault(municipality_id, set()).add(email)
    found = {}
    for s in submissions:
        recipients = {s.created_by.email, s.contact_email} | by_municipality.get(s.municipality_id, set())
        found[s.pk] = {r for r in recipients if r}
    return found


@dataclass
class PublicationSummary:
    entries: int
    emails: int
    messages: int
    undecided: int
    drafts: list[str]
    outcomes: dict[str, int]


def publication_summary(call: Call) -> PublicationSummary:
    """What publishing will do: the confirmation page shows it and the publication stores it."""
    admissible = Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE)
    recipients = result_recipients(call)
    decisions = Decision.objects.filter(submission__in=admissible).select_related("submission__municipality")
    outcomes = {str(label): 0 for _value, label in DecisionChoice.choices}
    drafts = []
    for decision in decisions:
        if decision.outcome in DecisionChoice.values:
            outcomes[str(DecisionChoice(decision.outcome).label)] += 1
        if decision.outcome in (DecisionChoice.WINNER, DecisionChoice.MENTION) and not decision.practice_page_id:
            drafts.append(f"{decision.submission.title or decision.submission.code} ({decision.submission.municipality.name})")
    return PublicationSummary(
        entries=admissible.count(),
        emails=len(set().union(*recipients.values())) if recipients else 0,
        messages=len([r for r in recipients.values() if r]),
        undecided=admissible.exclude(decision__outcome__in=DecisionChoice.values).count(),
        drafts=sorted(drafts),
        outcomes=outcomes,
    )


@transaction.atomic
def publish_results_confirmed(*, call: Call, actor: User, reason: str) -> tuple[Publication, bool]:
    """Publish after the confirmation page: a reason is required, the summary is logged with it.

    Idempotent: a second confirmation (double click, second tab) returns the existing publication and
    sends nothing again. Returns (publication, created).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_g("Indique el motivo de la publicación."))
    locked = Call.objects.select_for_update().get(pk=call.pk)
    existing = Publication.objects.filter(call=locked).first()
    if locked.results_published_at is not None and existing is not None:
        return existing, False
    summary = publication_summary(locked)
    publication = publish_results(call=locked, actor=actor)
    publication.reason = reason
    publication.summary = {
        "entries": summary.entries, "emails": summary.emails, "messages": summary.messages,
        "drafts": summary.drafts, "outcomes": summary.outcomes,
    }
    publication.save(update_fields=["reason", "summary"])
    call.results_published_at = locked.results_published_at
    logger.info("Convocatoria %s: resultados publicados por %s (%s)", locked.slug, actor.pk, reason)
    return publication, True
