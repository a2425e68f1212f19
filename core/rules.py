"""Role predicates shared by every app; object-level rules live in each app's rules.py."""

import rules

from core.models import Role


@rules.predicate
def is_coordinator(user):
    return bool(user and user.is_authenticated and user.is_coordinator)


@rules.predicate
def is_editor(user):
    return bool(user and user.is_authenticated and user.is_editor)


@rules.predicate
def is_applicant(user):
    return bool(user and user.is_authenticated and user.is_applicant)


@rules.predicate
def is_evaluator(user):
    return bool(user and user.is_authenticated and user.has_role(Role.EVALUATOR))


@rules.predicate
def is_committee(user):
    return bool(user and user.is_authenticated and user.has_role(Role.COMMITTEE))
