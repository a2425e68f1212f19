import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from concurso.models import Call
from core.models import Role
from evaluacion.models import Assignment, AssignmentStatus, PoolMember, Review, ReviewStatus, Rubric
from evaluacion.services.reviews import save_review
from tests.evaluacion.conftest import full_scores, submit_review
from tests.factories.core import make_user


def test_the_call_decides_whether_each_review_text_is_required(client, competition):
    c = competition
    Rubric.objects.filter(call=c.call).update(applicant_comment_required=True, committee_note_required=True)
    assignment = Assignment.objects.get(submission=c.entry, evaluator=c.assigned)
    with pytest.raises(ValidationError) as error:
        submit_review(assignment, 5)
    assert set(error.value.message_dict) == {"applicant_comment", "overall_comment"}
    client.force_login(c.assigned)
    url = reverse("evaluacion:entry", args=[c.entry.code])
    html = client.get(url).content.decode()
    assert "Obligatorio en esta convocatoria" in html and "Obligatorias en esta convocatoria" in html
    data = {"applicant_comment": "", "overall_comment": "Nota escrita y conservada."}
    for criterion in c.call.rubric.criteria.all():
        data[f"score_{criterion.key}"] = "5"
        data[f"justification_{criterion.key}"] = "Bien."
    response = client.post(reverse("evaluacion:entry_submit", args=[c.entry.code]), data)
    body = response.content.decode()
    assert "data-error-summary" in body and 'href="#id_applicant_comment"' in body
    assert "Nota escrita y conservada." in body  # nothing typed is lost
    Rubric.objects.filter(call=c.call).update(applicant_comment_required=False, committee_note_required=False)
    review = submit_review(assignment, 5)
    assert review.applicant_comment == "" and review.overall_comment == ""


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
        scores=full_scores(c.call, 7, "Comentario secreto de la otra"),
        overall_comment="Opinión reservada",
        submit=True,
    )
    client.force_login(c.assigned)
    html = client.get(reverse("evaluacion:entry", kwargs={"code": c.entry.code})).content.decode()
    assert "Comentario secreto" not in html and "Opinión reservada" not in html


def test_invitation_link_works_once_and_joins_the_pool(
    client, competition, django_capture_on_commit_callbacks
):
    c = competition
    client.force_login(c.staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("evaluacion:staff_pool", kwargs={"slug": c.call.slug}), {"email": "Nuevo@Universidad.cl"}
        )
    [message] = mail.outbox
    assert message.to == ["nuevo@universidad.cl"] and c.call.title in message.subject
    path = re.search(r"https?://[^/\s]+(/evaluacion/invitacion/[^\s]+/)", message.body).group(1)
    client.logout()
    data = {"first_name": "Nora", "last_name": "Nueva", "password": "una-clave-larga-2026"}
    assert client.post(path, data).status_code == 302
    user = PoolMember.objects.get(call=c.call, user__email="nuevo@universidad.cl").user
    assert user.is_evaluator and user.evaluator_profile.email_domain == "universidad.cl"
    client.logout()
    second = client.get(path)
    assert second.status_code == 404 and "ya fue usada" in second.content.decode()


def test_profile_change_creates_the_conflict_and_reassigns_at_once(
    client, competition, django_capture_on_commit_callbacks
):
    c = competition
    client.force_login(c.assigned)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluacion:profile"), {"affiliation_comuna": "la serena", "email_domain": ""}
        )
    assert response.status_code == 302
    assert (
        Assignment.objects.get(submission=c.entry, evaluator=c.assigned).status == AssignmentStatus.WITHDRAWN
    )
    replacement = Assignment.objects.get(submission=c.entry, evaluator=c.unassigned)
    assert replacement.status == AssignmentStatus.RELEASED and replacement.source == "reasignada"
    assert [m.to for m in mail.outbox] == [[c.unassigned.email]]
    assert client.get(reverse("evaluacion:entry", kwargs={"code": c.entry.code})).status_code == 404


def test_reviews_wait_for_the_evaluation_to_open(client, competition):
    c = competition
    Call.objects.filter(pk=c.call.pk).update(evaluation_open_at=timezone.now() + timedelta(hours=2))
    client.force_login(c.assigned)
    url = reverse("evaluacion:entry", kwargs={"code": c.entry.code})
    html = client.get(url).content.decode()
    assert "Podrá evaluar desde el" in html and "Enviar evaluación" not in html
    assert client.post(reverse("evaluacion:entry_save", kwargs={"code": c.entry.code}), {}).status_code == 403
    assignment = Assignment.objects.get(submission=c.entry, evaluator=c.assigned)
    with pytest.raises(ValidationError):
        save_review(assignment=assignment, scores=[], overall_comment="", submit=False)
