import io

import pikepdf
import pytest

from concurso import selectors
from concurso.models import Call, Phase, Submission, SubmissionAttachment, SubmissionEvent, SubmissionStatus
from demo import concurso as demo
from evaluacion.models import DecisionLog

pytestmark = pytest.mark.django_db


def test_demo_is_complete_and_idempotent():
    out = io.StringIO()
    demo.load(stdout=out)
    counts = (
        Call.objects.count(),
        Submission.objects.count(),
        SubmissionAttachment.objects.count(),
        SubmissionEvent.objects.count(),
    )
    demo.load(stdout=out)
    assert counts == (
        Call.objects.count(),
        Submission.objects.count(),
        SubmissionAttachment.objects.count(),
        SubmissionEvent.objects.count(),
    )

    # The 2025 call's entries (La Serena's too) wait for demo.results_2025, which reviews, decides and
    # publishes them through the evaluation services (tests/evaluacion/test_demo_results.py).
    past = Call.objects.get(slug="buenas-practicas-2025")
    assert past.submissions.filter(status=SubmissionStatus.ADMISSIBLE).count() == 7
    assert past.submissions.filter(municipality__comuna__code="04101").exists()
    assert not DecisionLog.objects.exists()
    assert selectors.published_results(past) is None
    for call in Call.objects.all():
        assert call.rules_document is not None
        assert call.rules_document.file.name.endswith(".pdf")
    current = Call.objects.get(title="Concurso de Buenas Prácticas Municipales 2026")
    assert current.phase == Phase.EVALUATION
    entries = current.submissions.exclude(status=SubmissionStatus.DRAFT)
    assert entries.count() >= 24
    assert entries.values("municipality").distinct().count() >= 12
    assert entries.values("category").distinct().count() == 4
    assert entries.filter(status=SubmissionStatus.INADMISSIBLE).exclude(admissibility_reason="").count() == 1
    assert entries.filter(municipality__comuna__code="04101").exists()

    entry = entries.filter(municipality__comuna__code="04101").order_by("pk").first()
    assert "La Serena" in entry.description and "@" in entry.description
    attachment = entry.attachments.get()
    with attachment.file.open("rb") as handle, pikepdf.open(handle) as pdf:
        assert "La Serena" in str(pdf.docinfo["/Author"])
        assert "La Serena" in str(pdf.docinfo["/Title"])

    upcoming = Call.objects.get(slug="buenas-practicas-2027")
    assert upcoming.phase == Phase.SUBMISSIONS
    assert upcoming.submissions.filter(
        status=SubmissionStatus.DRAFT, municipality__comuna__code="04101"
    ).exists()


def test_demo_rerun_keeps_drafts_that_people_edited():
    demo.load(stdout=io.StringIO())
    draft = Submission.objects.get(call__slug="buenas-practicas-2027", municipality__comuna__code="04101")
    Submission.objects.filter(pk=draft.pk).update(title="Título cambiado al probar el portal")
    demo.load(stdout=io.StringIO())
    assert (
        Submission.objects.filter(
            call__slug="buenas-practicas-2027", municipality__comuna__code="04101"
        ).count()
        == 1
    )


def test_demo_rerun_respects_a_phase_that_staff_closed_early():
    from core.models import User
    from evaluacion.services.phases import close_evaluation

    demo.load(stdout=io.StringIO())
    call = Call.objects.get(slug="buenas-practicas-2026")
    assert call.phase == Phase.EVALUATION
    close_evaluation(
        call=call,
        actor=User.objects.get(email="coordinacion@demo.cl"),
        reason="Todas las evaluaciones llegaron.",
    )

    demo.load(stdout=io.StringIO())

    assert Call.objects.get(pk=call.pk).phase == Phase.COMMITTEE
