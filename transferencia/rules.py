"""Who may do what with replications (django-rules, object by object).

- "Municipal user": an applicant or quality-team member, both tied to one municipality.
- Requesting: a municipal user of a municipality other than the practice's own.
- The pair (requester and origin municipalities) sees the replication; only the origin answers;
  either side records stages while it is in progress and gives its own consent to publish.
- Staff (coordinación) see every replication; they do not act on behalf of municipalities.
"""

import rules

from core.rules import is_applicant, is_coordinator, is_quality_team
from transferencia.models import ReplicationStatus

is_municipal_user = is_applicant | is_quality_team


@rules.predicate
def is_other_municipality(user, practice):
    return practice is not None and user.municipality_id != practice.municipality_id


@rules.predicate
def is_requester_side(user, replication):
    return replication is not None and user.municipality_id == replication.requester_municipality_id


@rules.predicate
def is_origin_side(user, replication):
    return replication is not None and user.municipality_id == replication.origin_municipality_id


@rules.predicate
def is_requested(user, replication):
    return replication is not None and replication.status == ReplicationStatus.REQUESTED


@rules.predicate
def is_in_progress(user, replication):
    return replication is not None and replication.status == ReplicationStatus.IN_PROGRESS


@rules.predicate
def is_completed(user, replication):
    return replication is not None and replication.status == ReplicationStatus.COMPLETED


is_party = is_municipal_user & (is_requester_side | is_origin_side)

rules.add_perm("transferencia.request_replication", is_municipal_user & is_other_municipality)
rules.add_perm("transferencia.view_replication", is_coordinator | is_party)
rules.add_perm("transferencia.answer_replication", is_municipal_user & is_origin_side & is_requested)
rules.add_perm("transferencia.record_stage", is_party & is_in_progress)
rules.add_perm("transferencia.give_consent", is_party & is_completed)
rules.add_perm("transferencia.view_all", is_coordinator)
