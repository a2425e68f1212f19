import pytest
from django.core.exceptions import ValidationError

from core.models import Role
from evaluacion.models import Assignment, AssignmentStatus, Conflict, ConflictKind
from evaluacion.services.conflicts import declare_conflict
from evaluacion.services.rubric import ensure_rubric
from tests.evaluacion.conftest import add_entry, evaluation_call, evaluator_pool, review_blind_copies
from tests.factories.core import make_user
from tests.factories.evaluacion import RUBRIC


def test_declared_conflict_reassigns_to_a_conflict_free_evaluator(db, django_capture_on_commit_callbacks):
    call = evaluation_call()
    ensure_rubric(call=call, criteria=RUBRIC, tie_break_key="impacto")
    author = make_user("autor@laserena.cl", roles=[Role.APPLICANT], comuna_code="04101")
    entry = add_entry(call, comuna_code="04101", category=call.categories.first(), author=author)
    users = evaluator_pool(call, 3)
    first = Assignment.objects.create(submission=entry, evaluator=users[0], status=AssignmentStatus.RELEASED)
    Assignment.objects.create(submission=entry, evaluator=users[1], status=AssignmentStatus.RELEASED)
    review_blind_copies(call)
    with django_capture_on_commit_callbacks(execute=True):
        replacement = declare_conflict(assignment=first, reason="Asesoré a ese equipo.")
    first.refresh_from_db()
    assert first.status == AssignmentStatus.WITHDRAWN
    assert replacement.evaluator == users[2]
    assert replacement.status == AssignmentStatus.RELEASED
    assert Conflict.objects.get(submission=entry, evaluator=users[0]).kind == ConflictKind.DECLARED
    with pytest.raises(ValidationError):
        declare_conflict(assignment=replacement, reason=" ")
