"""Who may see and do what with quality diagnostics, object by object (django-rules).

- A municipality's quality team (role «calidad», same municipality) records and edits its drafts,
  submits, publishes and exports.
- The municipality's other users (applicants) may read its diagnostics.
- Staff (coordinación) see everything and manage instruments and imports.
- The validator assigned to the municipality (self-assessment, issue 12) is granted reading through
  ``VIEWER_HOOKS``: functions ``(user, diagnostic) -> bool`` registered by that part.
- Everybody else sees a diagnostic only if the municipality chose to publish it.
"""

import rules

from core.rules import is_coordinator, is_quality_team

# Extra readers: issue 12 registers "is the assigned validator of this municipality".
VIEWER_HOOKS = []


def register_viewer_hook(func):
    if func not in VIEWER_HOOKS:
        VIEWER_HOOKS.append(func)
    return func


def _municipality_id(obj):
    if obj is None:
        return None
    return getattr(obj, "municipality_id", None) if not hasattr(obj, "comuna_id") else obj.pk


@rules.predicate
def is_member_of_municipality(user, obj):
    """Any user of the municipality the object (diagnostic or municipality) belongs to."""
    mid = _municipality_id(obj)
    return bool(user and user.is_authenticated and mid is not None and user.municipality_id == mid)


@rules.predicate
def is_quality_team_of(user, obj):
    return bool(
        is_quality_team(user)
        and _municipality_id(obj) is not None
        and user.municipality_id == _municipality_id(obj)
    )


@rules.predicate
def is_hooked_viewer(user, diagnostic):
    return bool(user and user.is_authenticated and any(hook(user, diagnostic) for hook in VIEWER_HOOKS))


@rules.predicate
def is_published(user, diagnostic):
    return bool(diagnostic is not None and diagnostic.is_published and diagnostic.is_submitted)


@rules.predicate
def is_draft(user, diagnostic):
    return diagnostic is not None and not diagnostic.is_submitted


@rules.predicate
def is_submitted(user, diagnostic):
    return diagnostic is not None and diagnostic.is_submitted


@rules.predicate
def is_platform(user, diagnostic):
    return diagnostic is not None and not diagnostic.is_imported


can_view_private = is_coordinator | is_member_of_municipality | is_hooked_viewer

rules.add_perm("calidad.view_diagnostic", can_view_private | is_published)
# Acta, evidence notes and participants are internal: never shown because of publication alone.
rules.add_perm("calidad.view_diagnostic_details", can_view_private)
rules.add_perm("calidad.edit_diagnostic", is_quality_team_of & is_draft & is_platform)
rules.add_perm("calidad.submit_diagnostic", is_quality_team_of & is_draft & is_platform)
rules.add_perm(
    "calidad.publish_diagnostic", (is_quality_team_of | is_coordinator) & is_submitted & is_platform
)
rules.add_perm("calidad.export_diagnostic", can_view_private | is_published)
# A municipality's list of cycles (the object is the municipality).
rules.add_perm(
    "calidad.view_municipality_cycles", is_coordinator | is_member_of_municipality | is_hooked_viewer
)
rules.add_perm("calidad.start_diagnostic", is_quality_team_of)
rules.add_perm("calidad.manage_instruments", is_coordinator)
rules.add_perm("calidad.import_results", is_coordinator)
rules.add_perm("calidad.view_overview", is_coordinator)
