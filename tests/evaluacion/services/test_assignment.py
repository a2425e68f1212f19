import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from core.models import Role
from evaluacion.models import Conflict, ConflictKind
from evaluacion.services.assignment import release_assignments, run_assignment
from evaluacion.services.rubric import ensure_rubric
from tests.evaluacion.conftest import add_entry, evaluation_call, evaluator_pool, review_blind_copies
from tests.factories.core import make_user
from tests.factories.evaluacion import RUBRIC


def test_run_assignment_never_assigns_a_conflict_and_release_notifies_codes_only(
    db, django_capture_on_commit_callbacks
):
    call = evaluation_call()
    ensure_rubric(call=call, criteria=RUBRIC, tie_break_key="impacto")
    author = make_user(
        "autor@laserena.cl",
        roles=[Role.APPLICANT],
        comuna_code="04101",
        first_name="Luis",
        last_name="Carvajal",
    )
    entries = [
        add_entry(call, comuna_code=code, category=call.categories.first(), author=author, title=f"P{code}")
        for code in ("04101", "14101", "13101", "05101")
    ]
    users = evaluator_pool(call, 4)
    users[0].evaluator_profile.affiliation = entries[0].municipality
    users[0].evaluator_profile.save()
    Conflict.objects.create(submission=entries[1], evaluator=users[1], kind=ConflictKind.STAFF, locked=True)
    drafts = run_assignment(call=call)
    assert len(drafts) == 8
    pairs = {(a.submission_id, a.evaluator_id) for a in drafts}
    assert (entries[0].pk, users[0].pk) not in pairs
    assert (entries[1].pk, users[1].pk) not in pairs
    assert mail.outbox == []  # nothing is said before release
    with pytest.raises(ValidationError, match="Revise las copias anonimizadas"):
        release_assignments(call=call)  # no blind copy was reviewed yet
    review_blind_copies(call)
    with django_capture_on_commit_callbacks(execute=True):
        assert release_assignments(call=call) == 8
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        assert "Serena" not in message.body and "Carvajal" not in message.body and "Rojas" not in message.body
        assert any(e.code in message.body for e in entries)
