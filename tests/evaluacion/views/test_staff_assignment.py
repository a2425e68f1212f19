from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from evaluacion.models import Assignment, AssignmentStatus, ConflictRemoval, PoolMember
from evaluacion.services.committee import request_extra_review


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_infeasible_assignment_tells_staff_which_entries_are_short(client, competition):
    c = competition
    PoolMember.objects.filter(call=c.call).exclude(user=c.unassigned).update(active=False)
    client.force_login(c.staff)
    response = client.post(reverse("evaluacion:staff_assignments_run", kwargs={"slug": c.call.slug}))
    assert response.status_code == 302
    [message] = _messages(response)
    assert message.startswith("No es posible asignar evaluadores.")
    # Only "libre" is active: the entry it already has needs one more (none left), the third needs two.
    assert f"{c.other.code} (necesita 1, hay 0)" in message
    assert f"{c.third.code} (necesita 2, hay 1)" in message
    assert c.entry.code not in message


def test_extra_evaluator_for_a_flagged_entry_is_released_and_notified(
    client, competition, django_capture_on_commit_callbacks
):
    c = competition
    request_extra_review(submission=c.entry, actor=c.committee, reason="Desacuerdo fuerte.")
    client.force_login(c.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluacion:staff_assignment_extra", kwargs={"slug": c.call.slug}), {"code": c.entry.code}
        )
    assert response.status_code == 302
    extra = Assignment.objects.get(submission=c.entry, source="adicional")
    assert extra.evaluator == c.unassigned and extra.status == AssignmentStatus.RELEASED
    assert [m.to for m in mail.outbox] == [[c.unassigned.email]]
    assert c.entry.extra_review_requests.get().fulfilled_at is not None


def test_staff_adjust_the_draft_by_hand_before_release(
    client, competition, django_capture_on_commit_callbacks
):
    c = competition
    Assignment.objects.filter(submission__call=c.call).delete()
    client.force_login(c.staff)
    slug = c.call.slug
    client.post(reverse("evaluacion:staff_assignments_run", kwargs={"slug": slug}))
    drafts = Assignment.objects.filter(submission__call=c.call, status=AssignmentStatus.DRAFT)
    assert drafts.count() == 6 and mail.outbox == []
    # Which of the equally good evaluators gets the third entry is the solver's tie-break: take any.
    removed = drafts.filter(submission=c.third).order_by("pk").first()
    client.post(reverse("evaluacion:staff_assignment_remove", kwargs={"slug": slug, "pk": removed.pk}))
    add = reverse("evaluacion:staff_assignment_add", kwargs={"slug": slug})
    refused = client.post(add, {"code": c.entry.code, "evaluator": c.conflicted.pk})
    assert refused.status_code == 400 and "conflicto de interés" in refused.content.decode()
    client.post(add, {"code": c.third.code.lower(), "evaluator": removed.evaluator.pk})
    assert Assignment.objects.get(submission=c.third, evaluator=removed.evaluator).source == "manual"
    assert mail.outbox == []  # nobody hears anything before release
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evaluacion:staff_assignments_release", kwargs={"slug": slug}))
    assert not Assignment.objects.filter(submission__call=c.call, status=AssignmentStatus.DRAFT).exists()
    released = Assignment.objects.filter(submission__call=c.call, status=AssignmentStatus.RELEASED)
    assert sorted(m.to[0] for m in mail.outbox) == sorted({a.evaluator.email for a in released})
    assert not released.filter(submission=c.entry, evaluator=c.conflicted).exists()


def test_release_refuses_a_draft_that_a_new_conflict_touches(client, competition):
    c = competition
    draft = Assignment.objects.create(submission=c.third, evaluator=c.assigned)
    c.assigned.evaluator_profile.affiliation = c.third.municipality
    c.assigned.evaluator_profile.save()  # changed behind the draft's back (e.g. in the Django admin)
    client.force_login(c.staff)
    response = client.post(reverse("evaluacion:staff_assignments_release", kwargs={"slug": c.call.slug}))
    assert _messages(response) == [
        f"Hay asignaciones del borrador en conflicto de interés ({c.third.code}): vuelva a ejecutar la asignación."
    ]
    draft.refresh_from_db()
    assert draft.status == AssignmentStatus.DRAFT and mail.outbox == []


def test_staff_add_lock_and_remove_conflicts(client, competition, django_capture_on_commit_callbacks):
    c = competition
    client.force_login(c.staff)
    url = reverse("evaluacion:staff_conflicts", kwargs={"slug": c.call.slug})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("evaluacion:staff_conflict_add", kwargs={"slug": c.call.slug}),
            {
                "code": c.other.code,
                "evaluator": c.unassigned.pk,
                "reason": "Pariente en el equipo.",
                "locked": "on",
            },
        )
    conflict = c.other.conflicts.get(evaluator=c.unassigned)
    assert conflict.locked and conflict.kind == "coordinacion"
    assert (
        Assignment.objects.get(submission=c.other, evaluator=c.unassigned).status
        == AssignmentStatus.WITHDRAWN
    )
    remove = reverse("evaluacion:staff_conflict_remove", kwargs={"slug": c.call.slug, "pk": conflict.pk})
    refused = client.post(remove, {"reason": "Error de registro."})
    assert any("bloqueado" in m for m in _messages(refused))
    client.post(reverse("evaluacion:staff_conflict_unlock", kwargs={"slug": c.call.slug, "pk": conflict.pk}))
    refused = client.post(remove, {"reason": "  "})
    assert any("Indique el motivo para quitar el conflicto" in m for m in _messages(refused))
    assert c.other.conflicts.filter(evaluator=c.unassigned).exists()
    client.post(remove, {"reason": "Error de registro."})
    assert not c.other.conflicts.filter(evaluator=c.unassigned).exists()
    removal = ConflictRemoval.objects.get(submission=c.other, evaluator=c.unassigned)
    assert (removal.actor, removal.reason, removal.kind) == (c.staff, "Error de registro.", "coordinacion")
    page = client.get(url).content.decode()
    assert "Conflictos quitados" in page and "Error de registro." in page
