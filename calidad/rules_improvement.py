"""Who may see and do what on the improvement road; the object is always the ImprovementCommittee.

- Committee members (municipal users listed in the committee) edit the self-assessment and the plan.
- Any user of the municipality reads; staff (coordinación) read everything, create committees,
  assign validators and see the dashboard across municipalities.
- The validator assigned to the self-assessment reviews it, asks questions and validates the plan.
"""

import rules

from calidad.models import SelfAssessment
from calidad.rules import is_member_of_municipality, is_quality_team_of, register_viewer_hook
from core.rules import is_coordinator


def _sa(committee):
    return getattr(committee, "self_assessment", None) if committee is not None else None


@rules.predicate
def is_committee_member(user, committee):
    return bool(
        user
        and user.is_authenticated
        and committee is not None
        and user.municipality_id == committee.municipality_id
        and any(m.user_id == user.pk for m in committee.members.all())
    )


@rules.predicate
def is_assigned_validator(user, committee):
    sa = _sa(committee)
    return bool(
        user and user.is_authenticated and sa is not None and sa.validator_id == user.pk and user.is_validator
    )


@rules.predicate
def sa_is_draft(user, committee):
    sa = _sa(committee)
    return sa is None or sa.status == "borrador"


@rules.predicate
def sa_in_validation(user, committee):
    sa = _sa(committee)
    return sa is not None and sa.status == "enviada"


@rules.predicate
def sa_validated(user, committee):
    sa = _sa(committee)
    return sa is not None and sa.status == "validada"


@rules.predicate
def plan_status_in(*statuses):
    @rules.predicate
    def check(user, committee):
        plan = getattr(committee, "plan", None)
        return plan is not None and plan.status in statuses and sa_validated(user, committee)

    return check


rules.add_perm("calidad.view_committee", is_coordinator | is_member_of_municipality | is_assigned_validator)
rules.add_perm("calidad.create_committee", is_coordinator | is_quality_team_of)
rules.add_perm("calidad.edit_committee", is_coordinator | is_committee_member)
rules.add_perm("calidad.edit_self_assessment", is_committee_member & sa_is_draft)
rules.add_perm("calidad.assign_validator", is_coordinator & sa_in_validation)
rules.add_perm("calidad.review_self_assessment", is_assigned_validator & sa_in_validation)
rules.add_perm("calidad.post_message", (is_assigned_validator | is_committee_member) & sa_in_validation)
rules.add_perm("calidad.edit_plan", is_committee_member & plan_status_in("borrador", "devuelto"))
rules.add_perm("calidad.review_plan", is_assigned_validator & plan_status_in("enviado"))
rules.add_perm("calidad.record_progress", is_committee_member & plan_status_in("aprobado"))
rules.add_perm("calidad.close_plan", (is_committee_member | is_coordinator) & plan_status_in("aprobado"))
rules.add_perm("calidad.view_improvement_dashboard", is_coordinator)


@register_viewer_hook
def _validator_reads_diagnostics(user, diagnostic):
    """The validator of a municipality's self-assessment may read its diagnostics (context)."""

    mid = (
        getattr(diagnostic, "municipality_id", None)
        if not hasattr(diagnostic, "comuna_id")
        else diagnostic.pk
    )
    return bool(
        user.is_validator
        and SelfAssessment.objects.filter(validator=user, committee__municipality_id=mid).exists()
    )


__all__ = ["is_committee_member", "is_assigned_validator"]
_ = is_quality_team_of
