"""Reads of conflicts of interest: automatic detection (affiliation, e-mail domain, region) and the
conflicted (entry, evaluator) pairs."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from concurso.models import Call, Submission, SubmissionStatus
from core.models import User
from evaluacion.models import (
    Conflict,
    ConflictKind,
    ConflictRemoval,
    PoolMember,
)

# Public webmail providers: sharing one of these says nothing about an institution.
PUBLIC_EMAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.cl",
        "hotmail.es",
        "outlook.com",
        "outlook.cl",
        "outlook.es",
        "live.com",
        "live.cl",
        "msn.com",
        "yahoo.com",
        "yahoo.es",
        "yahoo.cl",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "zoho.com",
        "mail.com",
        "yandex.com",
    }
)


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[1].strip().lower() if email and "@" in email else ""


def institutional(domain: str) -> bool:
    # SHARED_EMAIL_DOMAINS: other domains that name no institution in a given installation (the
    # development settings add the demo's made-up one).
    return bool(domain) and domain not in PUBLIC_EMAIL_DOMAINS and domain not in settings.SHARED_EMAIL_DOMAINS


def automatic_conflicts(call: Call) -> dict[tuple[int, int], tuple[str, str]]:
    """(submission id, evaluator id) -> (kind, reason) for every automatic conflict in the call."""
    submissions = list(
        Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE).select_related(
            "municipality__comuna", "created_by"
        )
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
        domains |= {
            _domain(s.contact_email),
            _domain(s.created_by.email),
            (s.municipality.email_domain or "").lower(),
        }
        entry_domains[s.pk] = {d for d in domains if institutional(d)}

    found: dict[tuple[int, int], tuple[str, str]] = {}
    for member in members:
        profile = getattr(member.user, "evaluator_profile", None)
        domains = {
            d for d in (profile.domains if profile else {_domain(member.user.email)}) if institutional(d)
        }
        affiliation = profile.affiliation if profile else None
        regions = set()
        if profile and profile.region_id:
            regions.add(profile.region_id)
        if affiliation is not None:
            regions.add(affiliation.comuna.region_id)
        for s in submissions:
            key = (s.pk, member.user_id)
            if affiliation is not None and affiliation.pk == s.municipality_id:
                found[key] = (ConflictKind.AFFILIATION, _("Afiliado a la municipalidad de la postulación."))
            elif domains & entry_domains[s.pk]:
                found[key] = (
                    ConflictKind.DOMAIN,
                    _("Comparte dominio de correo con la municipalidad postulante."),
                )
            elif call.same_region_conflict and s.municipality.comuna.region_id in regions:
                found[key] = (ConflictKind.REGION, _("Pertenece a la misma región."))
    return found


def conflict_pairs(call: Call) -> set[tuple[int, int]]:
    return set(Conflict.objects.filter(submission__call=call).values_list("submission_id", "evaluator_id"))


def call_conflicts(call: Call) -> dict:
    """The conflicts of a call and the ones staff removed (with their reasons)."""
    return {
        "conflicts": Conflict.objects.filter(submission__call=call)
        .select_related("submission", "evaluator")
        .order_by("submission__code", "evaluator__email"),
        "removals": ConflictRemoval.objects.filter(submission__call=call).select_related(
            "submission", "evaluator", "actor"
        ),
    }
