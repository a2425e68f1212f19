"""Issue 15: the competition closes for the people who entered it.

Results and feedback reach the municipality only after publication; the committee decides in its
phase (and from one table); publication is confirmed with a reason, logged and idempotent; ties
are named; the library page's recognition is the call result itself.
"""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from concurso.models import Call
from core.models import Role
from evaluacion import feedback, scoring
from evaluacion.models import (
    Assignment,
    AssignmentStatus,
    Decision,
    DecisionChoice,
    DecisionLog,
    Publication,
    Rubric,
)
from evaluacion.selectors.publication import publication_summary
from evaluacion.selectors.scores import tie_notes
from evaluacion.services.blind_copies import ensure_redacted_copy
from evaluacion.services.committee import DecisionInput, record_decision, record_decisions
from evaluacion.services.phases import close_committee
from evaluacion.services.reviews import ScoreInput, save_review
from evaluacion.services.rubric import ensure_rubric
from portal.models import GoodPracticePage
from tests.evaluacion.conftest import to_committee_phase
from tests.factories.core import make_user
from tests.factories.evaluacion import RUBRIC
from tests.factories.portal import home_page_factory, library_index_factory

PRIVATE_NOTE = "Nota reservada: conozco el proyecto por la prensa."
COMMENT_A = "Los indicadores están bien construidos; agregue la fuente de los datos."
COMMENT_B = "Detalle el costo de cada etapa para que otros municipios puedan replicarla."


def _review(assignment, value, *, comment="", note=""):
    scores = [
        ScoreInput(criterion=c, score=value, justification="Justificado.")
        for c in assignment.submission.call.rubric.criteria.all()
    ]
    return save_review(
        assignment=assignment, scores=scores, overall_comment=note, applicant_comment=comment, submit=True
    )


def _reviewed(c):
    """Two reviews of the La Serena entry (with comments), one of the other entry."""
    _review(
        Assignment.objects.get(submission=c.entry, evaluator=c.assigned),
        6,
        comment=COMMENT_A,
        note=PRIVATE_NOTE,
    )
    second = Assignment.objects.create(
        submission=c.entry, evaluator=c.unassigned, status=AssignmentStatus.RELEASED
    )
    _review(second, 4, comment=COMMENT_B)
    _review(Assignment.objects.get(submission=c.other, evaluator=c.unassigned), 5)
    return c


def _publish(client, c, capture):
    """Committee phase, decisions for all three entries, results phase, confirmed publication."""
    home_page_factory()
    library_index_factory()
    to_committee_phase(c.call)
    outcomes = {
        c.entry: DecisionChoice.MENTION,
        c.other: DecisionChoice.WINNER,
        c.third: DecisionChoice.NOT_SELECTED,
    }
    record_decisions(
        call=c.call,
        actor=c.committee,
        items=[
            DecisionInput(submission=entry, outcome=outcome, reason=f"Acta: {outcome}.")
            for entry, outcome in outcomes.items()
        ],
    )
    close_committee(call=c.call, actor=c.staff, reason="Sesión final cerrada.")
    client.force_login(c.staff)
    mail.outbox.clear()
    with capture(execute=True):
        response = client.post(
            reverse("evaluacion:staff_publish", args=[c.call.slug]), {"reason": "Acta firmada."}
        )
    assert response.status_code == 302
    c.call.refresh_from_db()
    return c


# --- 1. results and feedback reach the municipality -------------------------------------------


def test_nothing_of_the_result_reaches_the_applicant_before_publication(client, competition):
    c = _reviewed(competition)
    to_committee_phase(c.call)
    record_decision(
        submission=c.entry,
        actor=c.committee,
        outcome=DecisionChoice.WINNER,
        adjusted_score=None,
        reason="Mejor de su categoría.",
    )
    client.force_login(c.applicant)
    dashboard = client.get(reverse("concurso:dashboard")).content.decode()
    assert "Ganadora" not in dashboard and "Resultados publicados" not in dashboard
    assert client.get(reverse("evaluacion:feedback", args=[c.entry.code])).status_code == 404
    assert client.get(reverse("evaluacion:feedback_pdf", args=[c.entry.code])).status_code == 404
    assert feedback.report_for(c.entry) is None


def test_after_publication_the_municipality_sees_decision_rank_and_feedback(
    client, competition, django_capture_on_commit_callbacks
):
    c = _publish(client, _reviewed(competition), django_capture_on_commit_callbacks)
    client.force_login(c.applicant)
    dashboard = client.get(reverse("concurso:dashboard")).content.decode()
    assert "Resultados publicados" in dashboard and "Mención honrosa" in dashboard
    assert reverse("evaluacion:feedback", args=[c.entry.code]) in dashboard
    entry_page = client.get(reverse("concurso:submission_edit", args=[c.entry.code])).content.decode()
    assert "Resultado" in entry_page and "Mención honrosa" in entry_page and "Lugar 2 de 3" in entry_page

    report = feedback.report_for(c.entry)
    assert report.outcome == DecisionChoice.MENTION and report.rank == 2 and report.entries_in_category == 3
    # Per-criterion means on the rubric's scale: (6 + 4) / 2 for every criterion.
    assert [item.mean for item in report.criteria] == [5.0] * len(report.criteria)
    assert report.comments == sorted([COMMENT_A, COMMENT_B])

    html = client.get(reverse("evaluacion:feedback", args=[c.entry.code])).content.decode()
    assert COMMENT_A in html and COMMENT_B in html
    assert "5,00" in html  # es-CL decimal comma
    assert PRIVATE_NOTE not in html  # notes to the committee never reach the municipality
    assert "asignada@consultora.cl" not in html and "Eva" not in html  # unattributed

    pdf = client.get(reverse("evaluacion:feedback_pdf", args=[c.entry.code]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Mención honrosa" in text and "página 1" in text and PRIVATE_NOTE not in text


def test_the_result_email_links_to_the_feedback_report(
    client, competition, django_capture_on_commit_callbacks
):
    c = _publish(client, _reviewed(competition), django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if c.entry.code in m.body)
    assert reverse("evaluacion:feedback", args=[c.entry.code]) in message.body
    assert "Mención honrosa" in message.body


def test_another_municipality_never_sees_the_report(client, competition, django_capture_on_commit_callbacks):
    c = _publish(client, _reviewed(competition), django_capture_on_commit_callbacks)
    client.force_login(make_user("otra@valdivia.cl", roles=[Role.APPLICANT], comuna_code="14101"))
    assert client.get(reverse("evaluacion:feedback", args=[c.entry.code])).status_code == 404
    assert client.get(reverse("evaluacion:feedback_pdf", args=[c.entry.code])).status_code == 404
    client.force_login(c.committee)
    assert client.get(reverse("evaluacion:feedback", args=[c.entry.code])).status_code == 404


def test_the_call_decides_whether_each_review_text_is_required(client, competition):
    c = competition
    Rubric.objects.filter(call=c.call).update(applicant_comment_required=True, committee_note_required=True)
    assignment = Assignment.objects.get(submission=c.entry, evaluator=c.assigned)
    with pytest.raises(ValidationError) as error:
        _review(assignment, 5)
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
    review = _review(assignment, 5)
    assert review.applicant_comment == "" and review.overall_comment == ""


# --- 2. the committee works in its phase -----------------------------------------------------


def test_committee_sees_provisional_scores_and_blind_titles_before_its_phase(client, competition):
    c = _reviewed(competition)
    ensure_redacted_copy(submission=c.entry)
    client.force_login(c.committee)
    html = client.get(reverse("evaluacion:committee_call", args=[c.call.slug])).content.decode()
    assert "Puntajes provisionales" in html
    assert c.entry.code in html and "Reciclaje puerta a puerta" in html  # the blind title next to the code
    table = client.get(reverse("evaluacion:committee_decisions", args=[c.call.slug])).content.decode()
    assert "Registrar las decisiones" not in table and "disabled" in table
    response = client.post(
        reverse("evaluacion:committee_decide", args=[c.call.slug, c.entry.code]),
        {"outcome": DecisionChoice.WINNER, "reason": "Demasiado pronto."},
    )
    assert response.status_code == 302
    assert not Decision.objects.filter(submission=c.entry).exclude(outcome="").exists()
    to_committee_phase(c.call)
    html = client.get(reverse("evaluacion:committee_call", args=[c.call.slug])).content.decode()
    assert "Puntajes provisionales" not in html


def test_committee_entry_page_has_unique_ids(client, competition):
    c = _reviewed(competition)
    to_committee_phase(c.call)
    client.force_login(c.committee)
    html = client.get(
        reverse("evaluacion:committee_entry", args=[c.call.slug, c.entry.code])
    ).content.decode()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_bulk_table_records_many_decisions_each_with_its_reason(client, competition):
    c = to_committee_phase(_reviewed(competition).call) and competition
    client.force_login(c.committee)
    url = reverse("evaluacion:committee_decisions", args=[c.call.slug])
    # One changed row without a reason: nothing is recorded, the other reason typed is kept.
    response = client.post(
        url,
        {
            f"outcome_{c.entry.code}": DecisionChoice.WINNER,
            f"reason_{c.entry.code}": "Resultados medidos.",
            f"outcome_{c.other.code}": DecisionChoice.FINALIST,
            f"reason_{c.other.code}": "",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Resultados medidos." in body and f'href="#id_reason_{c.other.code}"' in body
    assert not DecisionLog.objects.exists()

    response = client.post(
        url,
        {
            f"outcome_{c.entry.code}": DecisionChoice.WINNER,
            f"reason_{c.entry.code}": "Resultados medidos.",
            f"outcome_{c.other.code}": DecisionChoice.FINALIST,
            f"reason_{c.other.code}": "Buena, aún inicial.",
            f"outcome_{c.third.code}": "",
            f"reason_{c.third.code}": "",
        },
    )
    assert response.status_code == 302
    log = dict(DecisionLog.objects.values_list("submission__code", "reason"))
    assert log == {c.entry.code: "Resultados medidos.", c.other.code: "Buena, aún inicial."}
    assert DecisionLog.objects.filter(actor=c.committee).count() == 2


# --- 3. publication is deliberate ------------------------------------------------------------


def test_publication_page_summarises_and_needs_a_reason_then_is_idempotent(
    client, competition, django_capture_on_commit_callbacks
):
    c = _reviewed(competition)
    home_page_factory()
    library_index_factory()
    to_committee_phase(c.call)
    for entry, outcome in (
        (c.entry, DecisionChoice.WINNER),
        (c.other, DecisionChoice.MENTION),
        (c.third, DecisionChoice.NOT_SELECTED),
    ):
        record_decision(
            submission=entry, actor=c.committee, outcome=outcome, adjusted_score=None, reason="Acta."
        )
    close_committee(call=c.call, actor=c.staff, reason="Cierre.")
    client.force_login(c.staff)
    url = reverse("evaluacion:staff_publish", args=[c.call.slug])
    html = client.get(url).content.decode()
    summary = publication_summary(c.call)
    assert summary.messages == 3 and summary.undecided == 0 and len(summary.drafts) == 2
    assert f"Se envían {summary.messages} correos" in html and "Reciclaje puerta a puerta" in html
    assert "Confirmar y publicar" in html

    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "data-error-summary" in response.content.decode()
    c.call.refresh_from_db()
    assert c.call.results_published_at is None

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"reason": "Acta firmada por el comité."}).status_code == 302
    publication = Publication.objects.get(call=c.call)
    assert publication.reason == "Acta firmada por el comité." and publication.summary["messages"] == 3
    sent = len(mail.outbox)
    assert sent == 3
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Otra vez."}, follow=True)
    assert "ya estaban publicados" in response.content.decode()
    assert len(mail.outbox) == sent and Publication.objects.count() == 1
    assert GoodPracticePage.objects.filter(external_id__startswith="concurso:").count() == 2


def test_library_page_recognition_is_the_call_result_and_results_link_live_pages(
    client, competition, django_capture_on_commit_callbacks
):
    c = _publish(client, _reviewed(competition), django_capture_on_commit_callbacks)
    winner = Decision.objects.get(submission=c.other)
    page = GoodPracticePage.objects.get(competition_decision=winner)
    assert page.competition_decision_id == winner.pk
    public = client.get(reverse("concurso:call_detail", args=[c.call.slug])).content.decode()
    assert "Consejos juveniles" in public and f'href="{page.url}"' not in public  # a draft is not linked
    page.save_revision().publish()
    page.refresh_from_db()
    public = client.get(reverse("concurso:call_detail", args=[c.call.slug])).content.decode()
    assert f'href="{page.url}"' in public
    html = client.get(page.url).content.decode()
    assert c.call.title in html and "Ganadora" in html
    assert reverse("concurso:call_detail", args=[c.call.slug]) in html


# --- 4. ties are named -------------------------------------------------------------------------


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


def test_scoring_shares_a_place_only_when_the_whole_chain_is_equal():
    when = timezone.now()
    records = [
        scoring.RankingRecord(
            submission_id=1, category=1, final_score=70.0, tie_break_score=5.0, spread=1.0, submitted_at=when
        ),
        scoring.RankingRecord(
            submission_id=2, category=1, final_score=70.0, tie_break_score=5.0, spread=1.0, submitted_at=when
        ),
        scoring.RankingRecord(
            submission_id=3, category=1, final_score=70.0, tie_break_score=6.0, spread=1.0, submitted_at=when
        ),
    ]
    ranked = scoring.rank(records)[1]
    assert [(r.submission_id, r.rank, r.tied) for r in ranked] == [(3, 1, False), (1, 2, True), (2, 2, True)]


def test_ranking_page_explains_ties(client, competition):
    c = _reviewed(competition)
    _review(
        Assignment.objects.create(submission=c.third, evaluator=c.assigned, status=AssignmentStatus.RELEASED),
        5,
    )
    client.force_login(c.committee)
    html = client.get(reverse("evaluacion:committee_call", args=[c.call.slug])).content.decode()
    # other and third both average 5 on every criterion: equal visible scores, a named tie-break.
    assert "Mismo puntaje final que" in html


def test_decisions_refused_outside_the_committee_phase_even_in_bulk(competition):
    c = competition
    with pytest.raises(ValidationError):
        record_decisions(
            call=c.call,
            actor=c.committee,
            items=[DecisionInput(submission=c.entry, outcome=DecisionChoice.WINNER, reason="Pronto.")],
        )
    assert not DecisionLog.objects.exists()
    Call.objects.filter(pk=c.call.pk).update(results_published_at=timezone.now())
    c.call.refresh_from_db()
    assert not c.committee.has_perm("evaluacion.decide_now", c.call)


# --- acta and the Chilean-Spanish CSV --------------------------------------------------------


def _download(client, capture, slug, name, data=None) -> bytes:
    from core.models import ExportJob

    with capture(execute=True):
        response = client.post(reverse("evaluacion:export", kwargs={"slug": slug, "name": name}), data or {})
    assert response.status_code == 302
    job = ExportJob.objects.latest("created_at")
    return b"".join(client.get(reverse("portal:export_download", args=[job.pk])).streaming_content)


def test_acta_lists_members_present_decisions_reasons_adjustments_pages_and_signatures(
    client, competition, django_capture_on_commit_callbacks
):
    import io

    from pypdf import PdfReader

    c = _reviewed(competition)
    ensure_redacted_copy(submission=c.entry)
    to_committee_phase(c.call)
    record_decision(
        submission=c.entry,
        actor=c.committee,
        outcome=DecisionChoice.WINNER,
        adjusted_score=None,
        reason="Resultados con línea base.",
    )
    from decimal import Decimal

    record_decision(
        submission=c.entry,
        actor=c.committee,
        outcome=DecisionChoice.WINNER,
        adjusted_score=Decimal("91.5"),
        reason="Anexo con evidencia adicional.",
    )
    absent = make_user("ausente@asociacion.cl", roles=[Role.COMMITTEE], first_name="Ana", last_name="Ausente")
    c.committee.first_name, c.committee.last_name = "Carla", "Presente"
    c.committee.save()
    client.force_login(c.committee)
    page = client.get(reverse("evaluacion:committee_decisions", args=[c.call.slug])).content.decode()
    assert "Integrantes presentes" in page and "Ana Ausente" in page
    pdf = _download(
        client, django_capture_on_commit_callbacks, c.call.slug, "acta.pdf", {"present": [c.committee.pk]}
    )
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Integrantes presentes" in text and "Carla Presente" in text and "Ana Ausente" not in text
    assert "Resultados con línea base." in text and "Anexo con evidencia adicional." in text
    assert "91,50" in text and "Reciclaje puerta a puerta" in text  # adjustment and blind title
    assert "página 1" in text and "Firmas" in text
    assert absent.pk  # a committee member not ticked stays out of the acta


def test_ranking_csv_for_spreadsheets_in_chilean_spanish(
    client, competition, django_capture_on_commit_callbacks
):
    c = _reviewed(competition)
    client.force_login(c.committee)
    data = _download(client, django_capture_on_commit_callbacks, c.call.slug, "ranking-es.csv")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("Categoría;Puesto;Empate;Código")
    entry_line = next(line for line in lines if c.entry.code in line)
    assert re.search(r";\d+,\d{2};", entry_line)  # decimal comma
    assert "La Serena" not in data.decode("utf-8-sig")  # blind for the committee


def test_staff_set_which_review_texts_are_required_before_evaluation(client, competition):
    from tests.factories.concurso import CallFactory

    c = competition
    upcoming = CallFactory()  # evaluation not open yet: the rubric is editable
    ensure_rubric(call=upcoming, criteria=RUBRIC, tie_break_key="impacto")
    client.force_login(c.staff)
    url = reverse("evaluacion:staff_rubric", args=[upcoming.slug])
    assert "Textos de cada evaluación" in client.get(url).content.decode()
    response = client.post(
        reverse("evaluacion:staff_rubric_comments", args=[upcoming.slug]),
        {"applicant_comment_required": "on"},
    )
    assert response.status_code == 302
    rubric = Rubric.objects.get(call=upcoming)
    assert rubric.applicant_comment_required and not rubric.committee_note_required
    # In evaluation the choice is fixed.
    response = client.post(
        reverse("evaluacion:staff_rubric_comments", args=[c.call.slug]), {"committee_note_required": "on"}
    )
    assert response.status_code == 403
    assert not Rubric.objects.get(call=c.call).committee_note_required
