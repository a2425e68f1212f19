import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from concurso.models import Call, Submission
from core.models import Role
from evaluacion import sanitize
from evaluacion.models import (
    Assignment,
    AssignmentStatus,
    Conflict,
    ConflictKind,
    DecisionChoice,
    DecisionLog,
    EvaluatorProfile,
    PoolMember,
    Review,
    ReviewStatus,
)
from evaluacion.selectors.conflicts import automatic_conflicts
from evaluacion.selectors.scores import published_results, ranking
from evaluacion.services.assignment import release_assignments, run_assignment
from evaluacion.services.blind_copies import edit_redacted_copy, ensure_redacted_copy
from evaluacion.services.committee import record_decision
from evaluacion.services.conflicts import declare_conflict
from evaluacion.services.phases import close_evaluation
from evaluacion.services.publication import publish_results
from evaluacion.services.reviews import ScoreInput, save_review
from evaluacion.services.rubric import ensure_rubric
from portal.models import GoodPracticePage
from tests.evaluacion.conftest import (
    add_entry,
    evaluation_call,
    jpeg_with_exif,
    review_blind_copies,
    to_committee_phase,
)
from tests.factories.core import make_user
from tests.factories.evaluacion import RUBRIC
from tests.factories.portal import home_page_factory, library_index_factory


def _pool(call, count, **profile):
    users = []
    for index in range(count):
        user = make_user(f"ev{index}@consultora{index}.cl", roles=[Role.EVALUATOR])
        EvaluatorProfile.objects.create(user=user, max_load=profile.get("max_load", 10))
        PoolMember.objects.create(call=call, user=user)
        users.append(user)
    return users


def _full_scores(call, value, text="Justificado."):
    return [ScoreInput(criterion=c, score=value, justification=text) for c in call.rubric.criteria.all()]


# --- conflicts and assignment ---------------------------------------------------------------


def test_automatic_conflicts_affiliation_domain_region_and_public_webmail(db):
    call = evaluation_call(same_region_conflict=True)
    author = make_user("autor@laserena.cl", roles=[Role.APPLICANT], comuna_code="04101")
    entry = add_entry(
        call, comuna_code="04101", category=call.categories.first(), author=author, email="x@gmail.com"
    )
    affiliated, same_domain, webmail, same_region, free = _pool(call, 5)
    affiliated.evaluator_profile.affiliation = entry.municipality
    affiliated.evaluator_profile.save()
    same_domain.evaluator_profile.email_domain = "laserena.cl"
    same_domain.evaluator_profile.save()
    webmail.email = "someone@gmail.com"
    webmail.save()
    same_region.evaluator_profile.region = entry.municipality.comuna.region
    same_region.evaluator_profile.save()
    found = automatic_conflicts(call)
    kinds = {evaluator: kind for (_s, evaluator), (kind, _r) in found.items()}
    assert kinds == {
        affiliated.pk: ConflictKind.AFFILIATION,
        same_domain.pk: ConflictKind.DOMAIN,
        same_region.pk: ConflictKind.REGION,
    }


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
    users = _pool(call, 4)
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


def test_declared_conflict_reassigns_to_a_conflict_free_evaluator(db, django_capture_on_commit_callbacks):
    call = evaluation_call()
    ensure_rubric(call=call, criteria=RUBRIC, tie_break_key="impacto")
    author = make_user("autor@laserena.cl", roles=[Role.APPLICANT], comuna_code="04101")
    entry = add_entry(call, comuna_code="04101", category=call.categories.first(), author=author)
    users = _pool(call, 3)
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


def test_declare_conflict_view_redirects_and_hides_the_entry(
    client, competition, django_capture_on_commit_callbacks
):
    client.force_login(competition.assigned)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluacion:declare_conflict", kwargs={"code": competition.entry.code}),
            {"reason": "Trabajé allí."},
        )
    assert response.status_code == 302
    assert client.get(reverse("evaluacion:entry", kwargs={"code": competition.entry.code})).status_code == 404


# --- reviews --------------------------------------------------------------------------------


def test_review_flow_draft_submit_edit_and_deadline(client, competition):
    c = competition
    client.force_login(c.assigned)
    save = reverse("evaluacion:entry_save", kwargs={"code": c.entry.code})
    submit = reverse("evaluacion:entry_submit", kwargs={"code": c.entry.code})
    criteria = list(c.call.rubric.criteria.all())
    data = {f"score_{cr.key}": "6" for cr in criteria[:2]}
    response = client.post(save, data)
    assert response.status_code == 302
    review = Review.objects.get(assignment__evaluator=c.assigned)
    assert review.status == ReviewStatus.DRAFT
    # Submitting needs every required score with a written justification; nothing typed is lost.
    response = client.post(submit, {**data, "overall_comment": "Muy buena"})
    assert response.status_code == 200
    assert "Muy buena" in response.content.decode()
    full = {f"score_{cr.key}": "5" for cr in criteria} | {
        f"justification_{cr.key}": "Evidencia clara." for cr in criteria
    }
    response = client.post(submit, full)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    assert review.total == pytest.approx(100 * 4 / 6)
    # Editable until the deadline, then closed.
    Call.objects.filter(pk=c.call.pk).update(evaluation_close_at=timezone.now() - timedelta(minutes=1))
    assert client.post(submit, full).status_code == 403
    # The entry page itself only reads.
    assert client.post(reverse("evaluacion:entry", kwargs={"code": c.entry.code}), full).status_code == 405


def test_evaluators_never_see_other_reviews(client, competition):
    c = competition
    other = make_user("otra@consultora.cl", roles=[Role.EVALUATOR])
    assignment = Assignment.objects.create(
        submission=c.entry, evaluator=other, status=AssignmentStatus.RELEASED
    )
    save_review(
        assignment=assignment,
        scores=_full_scores(c.call, 7, "Comentario secreto de la otra"),
        overall_comment="Opinión reservada",
        submit=True,
    )
    client.force_login(c.assigned)
    html = client.get(reverse("evaluacion:entry", kwargs={"code": c.entry.code})).content.decode()
    assert "Comentario secreto" not in html and "Opinión reservada" not in html


# --- committee ------------------------------------------------------------------------------


def _scored_call():
    call = evaluation_call()
    ensure_rubric(call=call, criteria=RUBRIC, tie_break_key="impacto")
    author = make_user("autor@laserena.cl", roles=[Role.APPLICANT], comuna_code="04101")
    entries = [
        add_entry(call, comuna_code=code, category=call.categories.first(), author=author, title=f"P{code}")
        for code in ("04101", "14101", "13101")
    ]
    users = _pool(call, 3)
    for entry in entries:
        for user, value in zip(users, (4, 5, 6), strict=True):
            a = Assignment.objects.create(submission=entry, evaluator=user, status=AssignmentStatus.RELEASED)
            save_review(assignment=a, scores=_full_scores(call, value), overall_comment="", submit=True)
    return call, entries


def to_committee_phase_scored():
    call, entries = _scored_call()
    return to_committee_phase(call), entries


def test_decisions_need_a_reason_are_logged_and_lock_after_publication(db):
    call, entries = _scored_call()
    member = make_user("comite@asoc.cl", roles=[Role.COMMITTEE])
    # Still in the evaluation phase: scores are provisional and the committee may not decide yet.
    with pytest.raises(ValidationError, match="provisionales"):
        record_decision(
            submission=entries[0],
            actor=member,
            outcome=DecisionChoice.WINNER,
            adjusted_score=None,
            reason="Demasiado pronto.",
        )
    assert not DecisionLog.objects.exists()
    close_evaluation(call=call, actor=member, reason="Llegaron todas las evaluaciones.")
    with pytest.raises(ValidationError):
        record_decision(
            submission=entries[0], actor=member, outcome=DecisionChoice.WINNER, adjusted_score=None, reason=""
        )
    record_decision(
        submission=entries[0],
        actor=member,
        outcome=DecisionChoice.WINNER,
        adjusted_score=None,
        reason="El mejor.",
    )
    record_decision(
        submission=entries[0],
        actor=member,
        outcome=DecisionChoice.WINNER,
        adjusted_score=Decimal("88.5"),
        reason="Ajuste por evidencia adicional.",
    )
    log = list(
        DecisionLog.objects.filter(submission=entries[0]).values_list(
            "field", "old_value", "new_value", "reason"
        )
    )
    assert log == [
        ("decision", "", "ganadora", "El mejor."),
        ("puntaje", "", "88.50", "Ajuste por evidencia adicional."),
    ]
    entry_log = DecisionLog.objects.first()
    entry_log.reason = "cambiado"
    with pytest.raises(ValidationError):
        entry_log.save()
    with pytest.raises(ValidationError):
        entry_log.delete()
    Call.objects.filter(pk=call.pk).update(results_published_at=timezone.now())
    entries[0].call.refresh_from_db()
    with pytest.raises(ValidationError):
        record_decision(
            submission=entries[0],
            actor=member,
            outcome=DecisionChoice.MENTION,
            adjusted_score=None,
            reason="Tarde.",
        )
    assert not member.has_perm("evaluacion.decide", entries[0])


def test_committee_page_shows_raw_normalised_and_flag(client, competition):
    c = competition
    strict, lenient = c.assigned, make_user("benevola@consultora.cl", roles=[Role.EVALUATOR])
    a = Assignment.objects.get(submission=c.entry, evaluator=strict)
    b = Assignment.objects.create(submission=c.entry, evaluator=lenient, status=AssignmentStatus.RELEASED)
    save_review(assignment=a, scores=_full_scores(c.call, 1), overall_comment="", submit=True)
    save_review(assignment=b, scores=_full_scores(c.call, 7), overall_comment="", submit=True)
    client.force_login(c.committee)
    html = client.get(reverse("evaluacion:committee_call", kwargs={"slug": c.call.slug})).content.decode()
    assert "Desacuerdo" in html
    entry_html = client.get(
        reverse("evaluacion:committee_entry", kwargs={"slug": c.call.slug, "code": c.entry.code})
    ).content.decode()
    assert "Evaluador 1" in entry_html and "Evaluador 2" in entry_html
    assert "Normalizado por evaluador" in entry_html
    assert "asignada@consultora.cl" not in entry_html and "benevola" not in entry_html
    assert "La Serena" not in entry_html  # committee_sees_identities is off


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
    users = _pool(call, 2)
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


# --- publication ----------------------------------------------------------------------------


def test_publication_creates_draft_pages_in_moderation_and_notifies(db, django_capture_on_commit_callbacks):
    from portal.services.roles import ensure_editorial_workflow

    home_page_factory()
    library = library_index_factory()
    ensure_editorial_workflow(pages=[library])
    call, entries = to_committee_phase_scored()
    staff = make_user("staff@asoc.cl", roles=[Role.COORDINATOR])
    outcomes = [DecisionChoice.WINNER, DecisionChoice.MENTION, DecisionChoice.NOT_SELECTED]
    for entry, outcome in zip(entries, outcomes, strict=True):
        record_decision(submission=entry, actor=staff, outcome=outcome, adjusted_score=None, reason="Acta.")
    with pytest.raises(ValidationError):  # not yet the results phase
        publish_results(call=call, actor=staff)
    Call.objects.filter(pk=call.pk).update(results_at=timezone.now() - timedelta(minutes=1))
    call.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_results(call=call, actor=staff)
    call.refresh_from_db()
    assert call.results_published_at is not None
    pages = GoodPracticePage.objects.filter(external_id__startswith="concurso:")
    assert pages.count() == 2
    for page in pages:
        assert not page.live
        assert page.competition_decision.submission.call == call  # the recognition is the decision itself
        assert page.source == f"Postulación del municipio al {call.title}"
        assert page.current_workflow_state is not None
    winner = entries[0].decision
    winner.refresh_from_db()
    assert winner.practice_pages.get().competition_decision_id == winner.pk
    assert len(mail.outbox) == 3
    results = published_results(call)
    assert [(s.pk, d.outcome) for s, d, _rank in next(iter(results.values()))] == [
        (entries[0].pk, "ganadora"),
        (entries[1].pk, "mencion"),
    ]


# --- blind copies and files -----------------------------------------------------------------


def test_redacted_copy_masks_identities_and_staff_edits_are_checked(competition):
    copy = ensure_redacted_copy(submission=competition.entry)
    text = " ".join(copy.fields.values())
    for term in ("Serena", "Marcela", "Rojas", "mrojas", "220 6000", "Pedro Soto", "www.muni.cl"):
        assert term not in text
    assert "[reservado]" in text
    with pytest.raises(ValidationError):
        edit_redacted_copy(copy=copy, fields={"summary": "Hecho en La Serena"}, actor=competition.staff)
    edit_redacted_copy(copy=copy, fields={"summary": "Resumen revisado."}, actor=competition.staff)
    copy.refresh_from_db()
    assert copy.fields["summary"] == "Resumen revisado." and copy.edited_by == competition.staff


def test_image_is_reencoded_without_exif():
    data, content_type = sanitize.reencode_image(jpeg_with_exif(artist="Marcela Rojas"))
    assert content_type == "image/jpeg"
    assert b"Marcela" not in data
    assert not Image.open(io.BytesIO(data)).getexif()


# --- query counts ---------------------------------------------------------------------------


def test_list_views_cost_the_same_for_one_and_many_submissions(client, competition, count_queries):
    c = competition
    pages = [
        (c.assigned, reverse("evaluacion:dashboard")),
        (c.committee, reverse("evaluacion:committee_call", kwargs={"slug": c.call.slug})),
        (c.staff, reverse("evaluacion:staff_assignments", kwargs={"slug": c.call.slug})),
    ]
    one = []
    for user, url in pages:
        client.force_login(user)
        one.append(count_queries(client, url))
    for index in range(6):
        extra = add_entry(
            c.call, comuna_code="05101", category=c.entry.category, author=c.applicant, title=f"Extra {index}"
        )
        Assignment.objects.create(submission=extra, evaluator=c.assigned, status=AssignmentStatus.RELEASED)
    many = []
    for user, url in pages:
        client.force_login(user)
        many.append(count_queries(client, url))
    assert many == one


def test_results_email_goes_to_creator_contact_and_active_members_of_each_municipality_once(db):
    from evaluacion import tasks

    call, entries = to_committee_phase_scored()
    staff = make_user("staff@asoc.cl", roles=[Role.COORDINATOR])
    make_user("colega@valdivia.cl", roles=[Role.APPLICANT], comuna_code="14101")
    retired = make_user("antigua@santiago.cl", roles=[Role.APPLICANT], comuna_code="13101")
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    for entry in entries:
        record_decision(
            submission=entry,
            actor=staff,
            outcome=DecisionChoice.FINALIST,
            adjusted_score=None,
            reason="Acta.",
        )
    mail.outbox.clear()

    assert tasks.notify_results.delay(call.pk).get() == 3
    assert tasks.notify_results.delay(call.pk).get() == 0

    by_code = {next(e.code for e in entries if e.code in m.body): sorted(m.to) for m in mail.outbox}
    assert by_code == {
        entries[0].code: ["autor@laserena.cl", "mrojas@laserena.cl"],
        entries[1].code: ["autor@laserena.cl", "colega@valdivia.cl", "mrojas@laserena.cl"],
        entries[2].code: ["autor@laserena.cl", "mrojas@laserena.cl"],
    }
