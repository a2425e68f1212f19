from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from concurso.models import Submission
from core.models import Role
from evaluacion.models import Assignment, AssignmentStatus, Rubric
from evaluacion.selectors.scores import ranking, tie_notes
from evaluacion.services.reviews import ScoreInput, save_review
from evaluacion.services.rubric import ensure_rubric
from tests.evaluacion.conftest import add_entry, evaluation_call, evaluator_pool
from tests.factories.core import make_user
from tests.factories.evaluacion import RUBRIC


def _row(code, final, *, tie=5.0, spread=1.0, minutes=0, rank=1, tied=False, tie_key="1"):
    score = SimpleNamespace(criterion_means={tie_key: tie}, spread=spread)
    submission = SimpleNamespace(code=code, submitted_at=timezone.now() - timedelta(minutes=minutes))
    return SimpleNamespace(submission=submission, final_score=final, score=score, rank=rank, tied=tied)


def test_equal_visible_scores_name_the_tie_break_and_full_ties_share_a_place(competition):
    c = competition
    rubric = Rubric.objects.get(call=c.call)
    key = str(rubric.tie_break_criterion_id)
    name = rubric.tie_break_criterion.name
    rows = [
        _row("A", 80.004, tie=6.0, rank=1, tie_key=key),
        _row("B", 80.001, tie=5.0, rank=2, tie_key=key),  # same 80,00 on screen: more decimals decided
        _row("C", 70.0, tie=6.0, rank=3, tie_key=key),
        _row("D", 70.0, tie=5.0, rank=4, tie_key=key),  # tie-break criterion decided
        _row("E", 60.0, spread=2.0, rank=5, tie_key=key),
        _row("F", 60.0, spread=8.0, rank=6, tie_key=key),  # lower spread decided
        _row("G", 50.0, rank=7, tied=True, minutes=5, tie_key=key),
        _row("H", 50.0, rank=7, tied=True, minutes=5, tie_key=key),  # equal on everything: shared place
        _row("I", 40.0, rank=9, tie_key=key),
    ]
    rows[6].submission.submitted_at = rows[7].submission.submitted_at
    tie_notes(c.call, {"cat": rows})
    notes = {row.submission.code: row.tie_note for row in rows}
    assert "más decimales" in notes["B"] and "va antes" in notes["A"]
    assert name in notes["D"] and name in notes["C"]
    assert "diferencia entre evaluadores" in notes["F"]
    assert "comparte el lugar 7" in notes["G"] and "comparte el lugar 7" in notes["H"]
    assert notes["I"] == ""


def test_ranking_tie_breaks_by_criterion_then_spread_then_submission(db):
    call = evaluation_call(ranking_basis="raw")
    rubric = ensure_rubric(call=call, criteria=RUBRIC, tie_break_key="impacto")
    author = make_user("autor@laserena.cl", roles=[Role.APPLICANT], comuna_code="04101")
    category = call.categories.first()
    a, b, c, d = (
        add_entry(call, comuna_code=code, category=category, author=author, title=f"P{code}")
        for code in ("04101", "14101", "13101", "05101")
    )
    same_time = timezone.now() - timedelta(days=30)
    Submission.objects.filter(pk__in=[a.pk, c.pk]).update(submitted_at=same_time)
    users = evaluator_pool(call, 2)
    criteria = list(rubric.criteria.all())
    tie = rubric.tie_break_criterion

    def review(entry, user, values):
        assignment = Assignment.objects.create(
            submission=entry, evaluator=user, status=AssignmentStatus.RELEASED
        )
        scores = [
            ScoreInput(criterion=cr, score=values.get(cr.key, 4), justification="ok") for cr in criteria
        ]
        save_review(assignment=assignment, scores=scores, overall_comment="", submit=True)

    # a and b: same total, b better on the tie-break criterion (impacto 25%) -> b first.
    swap = {tie.key: 6, "innovacion": 2}  # +2*25 -2*20 = +10 units... balance with eficiencia
    swap["eficiencia"] = 3  # -10: totals equal
    for user in users:
        review(a, user, {})
        review(b, user, swap)
    # c and d: identical scores, c spread 0, d spread > 0 with the same mean.
    review(c, users[0], {})
    review(c, users[1], {})
    review(d, users[0], {cr.key: 5 for cr in criteria})
    review(d, users[1], {cr.key: 3 for cr in criteria})
    ranked = ranking(call)[category]
    order = [row.submission.pk for row in ranked]
    assert order.index(b.pk) < order.index(a.pk)
    assert order.index(c.pk) < order.index(d.pk)
    # a equals c on every key, submission time included: a tie that is shown as such.
    rows = {row.submission.pk: row for row in ranked}
    assert rows[a.pk].final_score == pytest.approx(rows[c.pk].final_score)
    assert rows[a.pk].tied and rows[c.pk].tied and rows[a.pk].rank == rows[c.pk].rank
