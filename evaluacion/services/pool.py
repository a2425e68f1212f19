"""Writes of the evaluator pool: one-time invitations, accepting them, adding evaluators to a call."""

from __future__ import annotations

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concurso.models import Call
from core.models import Role, User
from core.taskutils import enqueue
from evaluacion import task_names
from evaluacion.models import (
    EvaluatorProfile,
    Invitation,
    PoolMember,
)
from evaluacion.services.assignment import refresh_conflicts_for

INVITATION_SALT = "evaluacion.invitation"


INVITATION_MAX_AGE = 60 * 60 * 24 * 30


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=INVITATION_SALT)


@transaction.atomic
def invite_evaluator(*, call: Call, email: str, invited_by: User) -> Invitation:
    email = email.strip().lower()
    invitation = Invitation.objects.create(call=call, email=email, invited_by=invited_by)
    enqueue(task_names.SEND_INVITATION, invitation.pk)
    return invitation


def invitation_from_token(token: str) -> Invitation:
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature:
        raise ValidationError(_("El enlace de invitación no es válido o venció."))
    invitation = (
        Invitation.objects.select_related("call").filter(pk=data.get("i"), nonce=data.get("n")).first()
    )
    if invitation is None:
        raise ValidationError(_("El enlace de invitación no es válido o venció."))
    if invitation.accepted_at is not None:
        raise ValidationError(_("Esta invitación ya fue usada."))
    return invitation


@transaction.atomic
def accept_invitation(
    *, token: str, user: User | None, password: str = "", first_name: str = "", last_name: str = ""
) -> User:
    """Uses the one-time link: creates the account if needed and joins the call's pool."""
    invitation = invitation_from_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("Esta invitación ya fue usada."))
    if user is None or not user.is_authenticated:
        user = User.objects.filter(email__iexact=invitation.email).first()
        if user is None:
            user = User.objects.create_user(
                email=invitation.email, password=password, first_name=first_name, last_name=last_name
            )
    elif user.email.lower() != invitation.email.lower():
        raise ValidationError(_("La invitación fue enviada a otra dirección de correo."))
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


@transaction.atomic
def save_evaluator_profile(*, user: User, form) -> EvaluatorProfile:
    """Saves an evaluator's profile form (the evaluator's own or staff's), creating the profile if
    needed, then re-checks conflicts in every open call they serve (affiliation, region, domain)."""
    profile = form.save(commit=False)
    profile.user = user
    profile.save()
    form.save_m2m()
    refresh_conflicts_for(user=user)
    return profile
