"""Staff and committee pages: phase label, sub-navigation, read-only rubric, per-call disagreement
threshold, assignment errors in words, invitations, exports and charts."""

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from concurso.models import Call
from core.models import ExportJob, Role
from evaluacion import charts
from evaluacion.models import (
    Assignment,
    AssignmentStatus,
    ConflictRemoval,
    Criterion,
    DecisionChoice,
    PoolMember,
    Rubric,
)
from evaluacion.selectors.scores import call_scores
from evaluacion.services.committee import record_decision, request_extra_review
from evaluacion.services.reviews import ScoreInput, save_review
from evaluacion.services.rubric import ensure_rubric
from tests.evaluacion.conftest import to_committee_phase
from tests.factories.concurso import CallFactory
from tests.factories.core import make_user
from tests.factories.evaluacion import RUBRIC


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _rubric_post(rubric, **weights):
    """The rubric page's POST, with every criterion as it is except the weights given by key."""
    criteria = list(rubric.criteria.all())
    data = {
        "criteria-TOTAL_FORMS": str(len(criteria)),
        "criteria-INITIAL_FORMS": str(len(criteria)),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
        "tie_break": rubric.tie_break_criterion.key,
    }
    for index, criterion in enumerate(criteria):
        prefix = f"criteria-{index}-"
        data |= {
            f"{prefix}id": str(criterion.pk),
            f"{prefix}key": criterion.key,
            f"{prefix}name": criterion.name,
            f"{prefix}description": criterion.description,
            f"{prefix}guidance": criterion.guidance,
            f"{prefix}weight": str(weights.get(criterion.key, criterion.weight)),
            f"{prefix}scale_min": str(criterion.scale_min),
            f"{prefix}scale_max": str(criterion.scale_max),
            f"{prefix}required": "on",
        }
    return data


# --- staff pages ----------------------------------------------------------------------------


def test_staff_pages_show_the_phase_in_words(client, competition):
    client.force_login(competition.staff)
    html = client.get(
        reverse("evaluacion:staff_call", kwargs={"slug": competition.call.slug})
    ).content.decode()
    assert re.search(r"Fase actual</dt>\s*<dd>Evaluación</dd>", html)
    home = client.get(reverse("evaluacion:staff_home")).content.decode()
    assert "<td>Evaluación</td>" in home and ">evaluacion<" not in home


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("staff_rubric", "Pauta"),
        ("staff_assignments", "Asignación"),
        ("committee_ranking", "Ranking y gráficos"),
    ],
)
def test_sub_navigation_marks_the_current_page(client, competition, name, label):
    client.force_login(competition.staff)
    html = client.get(reverse(f"evaluacion:{name}", kwargs={"slug": competition.call.slug})).content.decode()
    current = re.findall(r'<a href="[^"]+" aria-current="page">([^<]+)</a>', html)
    assert current == [label]


def test_rubric_is_read_only_once_evaluation_has_started(client, competition):
    c = competition
    client.force_login(c.staff)
    url = reverse("evaluacion:staff_rubric", kwargs={"slug": c.call.slug})
    html = client.get(url).content.decode()
    weight_inputs = re.findall(r'<input[^>]*name="criteria-\d+-weight"[^>]*>', html)
    assert len(weight_inputs) == 6 and all(" disabled" in tag for tag in weight_inputs)
    assert "criteria-6-" not in html  # no blank "new criterion" form
    assert "Guardar pauta" not in html
    save = reverse("evaluacion:staff_rubric_criteria", kwargs={"slug": c.call.slug})
    response = client.post(save, _rubric_post(c.call.rubric, innovacion=30, eficiencia=0))
    assert response.status_code == 403
    assert "La pauta ya no se puede modificar" in response.content.decode()
    assert Criterion.objects.get(rubric=c.call.rubric, key="innovacion").weight == 20


def test_rubric_is_editable_before_evaluation_and_weights_must_add_up_to_100(client, db):
    call = CallFactory()
    rubric = ensure_rubric(call=call, criteria=RUBRIC, tie_break_key="impacto")
    staff = make_user("coordinacion@asociacion.cl", roles=[Role.COORDINATOR])
    client.force_login(staff)
    url = reverse("evaluacion:staff_rubric", kwargs={"slug": call.slug})
    assert " disabled" not in re.search(
        r'<input[^>]*name="criteria-0-weight"[^>]*>', client.get(url).content.decode()
    ).group(0)
    save = reverse("evaluacion:staff_rubric_criteria", kwargs={"slug": call.slug})
    response = client.post(save, _rubric_post(rubric, innovacion=30))
    assert response.status_code == 200
    assert "deben sumar 100; ahora suman 110" in response.content.decode()
    assert client.post(save, _rubric_post(rubric, innovacion=30, eficiencia=0)).status_code == 302
    assert Criterion.objects.get(rubric=rubric, key="innovacion").weight == 30


def test_disagreement_threshold_is_set_per_call(client, competition):
    c = competition
    second = make_user("segunda@consultora.cl", roles=[Role.EVALUATOR])
    criteria = list(c.call.rubric.criteria.all())
    for evaluator, value in ((c.assigned, 4), (second, 5)):  # totals 50 and 66.7: std 11.8, gap 16.7
        assignment, _created = Assignment.objects.get_or_create(
            submission=c.entry, evaluator=evaluator, defaults={"status": AssignmentStatus.RELEASED}
        )
        scores = [ScoreInput(criterion=cr, score=value, justification="ok") for cr in criteria]
        save_review(assignment=assignment, scores=scores, overall_comment="", submit=True)

    def flagged():
        return next(r for r in call_scores(c.call) if r.submission == c.entry).flagged

    assert not flagged()
    client.force_login(c.staff)
    url = reverse("evaluacion:staff_rubric_thresholds", kwargs={"slug": c.call.slug})
    data = {"disagreement_max_std": "15", "disagreement_max_gap": "12.5"}
    assert client.post(url, data).status_code == 302
    assert flagged()
    client.force_login(c.committee)
    html = client.get(reverse("evaluacion:committee_call", kwargs={"slug": c.call.slug})).content.decode()
    assert "más de 12,5 puntos" in html and "Desacuerdo" in html
    client.force_login(c.staff)
    assert (
        client.post(url, data | {"disagreement_max_gap": "101"}).status_code == 200
    )  # out of range, form error
    Call.objects.filter(pk=c.call.pk).update(results_published_at=timezone.now())
    assert client.post(url, data | {"disagreement_max_gap": "40"}).status_code == 403
    assert Rubric.objects.get(call=c.call).disagreement_max_gap == 12.5


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


# --- invitations ----------------------------------------------------------------------------


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


# --- exports and charts ---------------------------------------------------------------------


def _decided(competition):
    c = competition
    for entry, evaluator in ((c.entry, c.assigned), (c.other, c.unassigned)):
        assignment = Assignment.objects.get(submission=entry, evaluator=evaluator)
        scores = [
            ScoreInput(criterion=cr, score=6, justification="ok") for cr in c.call.rubric.criteria.all()
        ]
        save_review(assignment=assignment, scores=scores, overall_comment="", submit=True)
    to_committee_phase(c.call)
    record_decision(
        submission=c.entry,
        actor=c.committee,
        outcome=DecisionChoice.WINNER,
        adjusted_score=None,
        reason="Resultados medidos con línea base.",
    )
    return c


def _export(client, capture, slug, name) -> bytes:
    """Ask for an export (a background job) and download the file once the task has run."""
    with capture(execute=True):
        response = client.post(reverse("evaluacion:export", kwargs={"slug": slug, "name": name}))
    assert response.status_code == 302
    job = ExportJob.objects.latest("created_at")
    download = client.get(reverse("portal:export_download", args=[job.pk]))
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    return b"".join(download.streaming_content)


def test_exports_carry_scores_decisions_and_reasons_without_identities(
    client, competition, django_capture_on_commit_callbacks
):
    c = _decided(competition)
    client.force_login(c.committee)
    slug = c.call.slug
    capture = django_capture_on_commit_callbacks
    csv_text = _export(client, capture, slug, "ranking.csv").decode("utf-8-sig")
    header, *rows = [line.split(",") for line in csv_text.strip().splitlines()]
    assert "Municipalidad" not in header
    winner = next(row for row in rows if row[3] == c.entry.code)
    assert winner[1] == "1" and winner[-1] == "Ganadora" and winner[5] == "83.33"
    assert "Serena" not in csv_text and "Reciclaje" in csv_text
    sheet = load_workbook(io.BytesIO(_export(client, capture, slug, "ranking.xlsx"))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][3] == "Código" and any(
        row[3] == c.entry.code and row[5] == pytest.approx(83.33) for row in values[1:]
    )
    pdf = _export(client, capture, slug, "acta.pdf")
    assert ExportJob.objects.latest("created_at").content_type == "application/pdf"
    text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert c.entry.code in text and "Ganadora" in text and "Resultados medidos con línea base." in text
    assert "— → Ganadora" in text and "83,33" in text
    assert "Serena" not in text
    # Staff see identities in the export; an unknown export is a 404.
    client.force_login(c.staff)
    staff_csv = _export(client, capture, slug, "ranking.csv").decode("utf-8-sig")
    assert "Municipalidad" in staff_csv.splitlines()[0] and "La Serena" in staff_csv
    assert (
        client.post(reverse("evaluacion:export", kwargs={"slug": slug, "name": "ranking.json"})).status_code
        == 404
    )


def test_charts_write_numbers_with_a_decimal_comma():
    ranking = charts.ranking_svg([("BP26-AAAAA", 89.44, False), ("BP26-BBBBB", 72.0, True)], title="Ranking")
    shown = re.findall(r'class="chart-value">([^<]+)<', ranking)
    assert shown == ["89,4", "72,0 ="]
    assert "89.4" not in re.sub(r'"[^"]*"', "", ranking)  # coordinates aside
    distribution = charts.distribution_svg([("Evaluador 1", [50.0, 61.25])], title="Distribución")
    assert "<title>61,2</title>" in distribution or "<title>61,3</title>" in distribution
    assert "Evaluador 1: 55,6 (2)" in distribution


def test_committee_ranking_page_renders_charts(client, competition):
    c = _decided(competition)
    client.force_login(c.committee)
    html = client.get(reverse("evaluacion:committee_ranking", kwargs={"slug": c.call.slug})).content.decode()
    assert html.count("<svg") == 2
    assert 'class="chart-value">83,3<' in html


def test_decisions_close_after_publication_in_the_page(client, competition):
    c = _decided(competition)
    Call.objects.filter(pk=c.call.pk).update(results_published_at=timezone.now() - timedelta(minutes=1))
    client.force_login(c.committee)
    url = reverse("evaluacion:committee_entry", kwargs={"slug": c.call.slug, "code": c.entry.code})
    html = client.get(url).content.decode()
    assert "Las decisiones están cerradas." in html and 'name="reason"' not in html
    response = client.post(
        reverse("evaluacion:committee_decide", kwargs={"slug": c.call.slug, "code": c.entry.code}),
        {"outcome": DecisionChoice.MENTION, "reason": "Tarde."},
    )
    assert response.status_code == 403
    assert c.entry.decision.outcome == DecisionChoice.WINNER


def test_decision_log_reads_in_words(client, competition):
    c = _decided(competition)
    record_decision(
        submission=c.entry,
        actor=c.committee,
        outcome=DecisionChoice.MENTION,
        adjusted_score=Decimal("88.5"),
        reason="Se reconsideró.",
    )
    client.force_login(c.committee)
    html = client.get(
        reverse("evaluacion:committee_entry", kwargs={"slug": c.call.slug, "code": c.entry.code})
    ).content.decode()
    assert "<td>Ganadora</td><td>Mención honrosa</td>" in html
    assert "<td>—</td><td>88,50</td>" in html
    assert ">mencion<" not in html


# --- conflicts ------------------------------------------------------------------------------


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
