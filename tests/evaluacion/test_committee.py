"""The committee's table (views.committee, services.committee): adjusted scores per row, each with its
reason, all or nothing, only in the committee phase, and in the acta."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from core.models import ExportJob
from evaluacion.models import Assignment, Decision, DecisionChoice, DecisionLog
from evaluacion.services.committee import DecisionInput, record_decisions
from evaluacion.services.reviews import ScoreInput, save_review
from tests.evaluacion.conftest import to_committee_phase

pytestmark = pytest.mark.django_db


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


def test_adjusted_score_accepts_the_chilean_decimal_comma():
    from evaluacion.forms import ScoreField

    field = ScoreField(min_value=0, max_value=100, decimal_places=2, required=False)
    assert field.clean("72,5") == Decimal("72.5") and field.clean(" 72.50 ") == Decimal("72.50")
    assert field.clean("") is None
    with pytest.raises(ValidationError):
        field.clean("1.234,5")
