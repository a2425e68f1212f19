import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from concurso.models import Call
from core.models import ExportJob, Role
from evaluacion.models import Assignment, AssignmentStatus, Decision, DecisionChoice, DecisionLog
from evaluacion.services.blind_copies import ensure_redacted_copy
from evaluacion.services.committee import DecisionInput, record_decision, record_decisions
from evaluacion.services.reviews import ScoreInput, save_review
from tests.evaluacion.conftest import full_scores, reviewed_competition, submit_review, to_committee_phase
from tests.factories.core import make_user


def test_committee_sees_provisional_scores_and_blind_titles_before_its_phase(client, competition):
    c = reviewed_competition(competition)
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
    c = reviewed_competition(competition)
    to_committee_phase(c.call)
    client.force_login(c.committee)
    html = client.get(
        reverse("evaluacion:committee_entry", args=[c.call.slug, c.entry.code])
    ).content.decode()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_bulk_table_records_many_decisions_each_with_its_reason(client, competition):
    c = to_committee_phase(reviewed_competition(competition).call) and competition
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


def test_ranking_page_explains_ties(client, competition):
    c = reviewed_competition(competition)
    submit_review(
        Assignment.objects.create(submission=c.third, evaluator=c.assigned, status=AssignmentStatus.RELEASED),
        5,
    )
    client.force_login(c.committee)
    html = client.get(reverse("evaluacion:committee_call", args=[c.call.slug])).content.decode()
    # other and third both average 5 on every criterion: equal visible scores, a named tie-break.
    assert "Mismo puntaje final que" in html


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

    c = reviewed_competition(competition)
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
    c = reviewed_competition(competition)
    client.force_login(c.committee)
    data = _download(client, django_capture_on_commit_callbacks, c.call.slug, "ranking-es.csv")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("Categoría;Puesto;Empate;Código")
    entry_line = next(line for line in lines if c.entry.code in line)
    assert re.search(r";\d+,\d{2};", entry_line)  # decimal comma
    assert "La Serena" not in data.decode("utf-8-sig")  # blind for the committee


def test_committee_page_shows_raw_normalised_and_flag(client, competition):
    c = competition
    strict, lenient = c.assigned, make_user("benevola@consultora.cl", roles=[Role.EVALUATOR])
    a = Assignment.objects.get(submission=c.entry, evaluator=strict)
    b = Assignment.objects.create(submission=c.entry, evaluator=lenient, status=AssignmentStatus.RELEASED)
    save_review(assignment=a, scores=full_scores(c.call, 1), overall_comment="", submit=True)
    save_review(assignment=b, scores=full_scores(c.call, 7), overall_comment="", submit=True)
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


def _review(assignment, value):
    criteria = list(assignment.submission.call.rubric.criteria.all())
    scores = [ScoreInput(criterion=cr, score=value, justification="Evidencia.") for cr in criteria]
    return save_review(assignment=assignment, scores=scores, overall_comment="", submit=True)


def _scored(c):
    _review(Assignment.objects.get(submission=c.entry, evaluator=c.assigned), 6)
    _review(Assignment.objects.get(submission=c.other, evaluator=c.unassigned), 5)
    return c


def _table(c, **rows):
    """The table's POST: every row as shown (no change) except the ones given by code."""
    data = {}
    for entry in (c.entry, c.other, c.third):
        decision = Decision.objects.filter(submission=entry).first()
        data |= {
            f"outcome_{entry.code}": decision.outcome if decision else "",
            f"adjusted_{entry.code}": ""
            if decision is None or decision.adjusted_score is None
            else str(decision.adjusted_score),
            f"reason_{entry.code}": "",
        }
    for code, values in rows.items():
        data |= {f"{field}_{code}": value for field, value in values.items()}
    return data


def test_the_table_takes_an_adjusted_score_per_row_all_or_nothing(client, competition):
    c = _scored(competition)
    to_committee_phase(c.call)
    client.force_login(c.committee)
    url = reverse("evaluacion:committee_decisions", args=[c.call.slug])
    page = client.get(url).content.decode()
    assert f'name="adjusted_{c.entry.code}"' in page and "Puntaje ajustado" in page

    # One row out of range and one adjustment without a reason: nothing is recorded, all typed is kept.
    response = client.post(
        url,
        _table(
            c,
            **{
                c.entry.code: {"adjusted": "72,5", "reason": "Anexo con evidencia adicional."},
                c.other.code: {"adjusted": "150", "reason": "Mal escrito."},
                c.third.code: {"adjusted": "40"},
            },
        ),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="72,5"' in body and "Anexo con evidencia adicional." in body and 'value="150"' in body
    assert (
        "Indique el motivo del ajuste de puntaje de" in body and f'href="#id_reason_{c.third.code}"' in body
    )
    assert f'href="#id_adjusted_{c.other.code}"' in body
    assert not DecisionLog.objects.exists() and not Decision.objects.exclude(adjusted_score=None).exists()

    # Fixed: an adjustment alone, and a decision with an adjustment, each with its reason.
    response = client.post(
        url,
        _table(
            c,
            **{
                c.entry.code: {"adjusted": "72,5", "reason": "Anexo con evidencia adicional."},
                c.other.code: {
                    "outcome": DecisionChoice.FINALIST,
                    "adjusted": "61.25",
                    "reason": "Buena, aún inicial.",
                },
            },
        ),
    )
    assert response.status_code == 302
    assert Decision.objects.get(submission=c.entry).adjusted_score == Decimal("72.50")
    assert f'name="adjusted_{c.entry.code}" value="72,50"' in client.get(url).content.decode()
    assert Decision.objects.get(submission=c.entry).outcome == ""
    other = Decision.objects.get(submission=c.other)
    assert (other.outcome, other.adjusted_score) == (DecisionChoice.FINALIST, Decimal("61.25"))
    logged = set(DecisionLog.objects.values_list("submission__code", "field", "new_value", "reason"))
    assert logged == {
        (c.entry.code, DecisionLog.Field.ADJUSTED_SCORE, "72.50", "Anexo con evidencia adicional."),
        (c.other.code, DecisionLog.Field.OUTCOME, DecisionChoice.FINALIST, "Buena, aún inicial."),
        (c.other.code, DecisionLog.Field.ADJUSTED_SCORE, "61.25", "Buena, aún inicial."),
    }
    # The ranking uses the adjusted score; clearing it is a change too and needs its reason.
    response = client.post(url, _table(c, **{c.entry.code: {"adjusted": ""}}))
    assert response.status_code == 400
    response = client.post(
        url, _table(c, **{c.entry.code: {"adjusted": "", "reason": "Se retira el ajuste."}})
    )
    assert response.status_code == 302
    assert Decision.objects.get(submission=c.entry).adjusted_score is None


def test_adjustments_only_in_the_committee_phase(client, competition):
    c = _scored(competition)  # still in evaluation: scores are provisional
    client.force_login(c.committee)
    url = reverse("evaluacion:committee_decisions", args=[c.call.slug])
    page = client.get(url).content.decode()
    assert "Registrar las decisiones" not in page
    # A crafted POST changes nothing: the fields are disabled and the service refuses anyway.
    client.post(url, _table(c, **{c.entry.code: {"adjusted": "90", "reason": "Pronto."}}))
    assert not Decision.objects.exclude(adjusted_score=None).exists()
    with pytest.raises(ValidationError, match="provisionales"):
        record_decisions(
            call=c.call,
            actor=c.committee,
            items=[
                DecisionInput(
                    submission=c.entry,
                    outcome="",
                    reason="Pronto.",
                    adjusted_score=Decimal("90"),
                    keep_score=False,
                )
            ],
        )
    assert not DecisionLog.objects.exists()


def test_adjustments_from_the_table_are_in_the_acta(client, competition, django_capture_on_commit_callbacks):
    c = _scored(competition)
    to_committee_phase(c.call)
    client.force_login(c.committee)
    url = reverse("evaluacion:committee_decisions", args=[c.call.slug])
    client.post(
        url,
        _table(
            c,
            **{
                c.entry.code: {
                    "outcome": DecisionChoice.WINNER,
                    "adjusted": "91,5",
                    "reason": "Evidencia adicional.",
                },
            },
        ),
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("evaluacion:export", kwargs={"slug": c.call.slug, "name": "acta.pdf"}),
            {"present": [c.committee.pk]},
        )
    job = ExportJob.objects.latest("created_at")
    pdf = b"".join(client.get(reverse("portal:export_download", args=[job.pk])).streaming_content)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Puntaje ajustado a 91,50: Evidencia adicional." in text
