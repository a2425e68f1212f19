"""Issue 15, point 7: a coherent demo. The 2025 call is closed through the services; La Serena's
demo applicant sees a result and its feedback report; every recognition in the library comes from a
published call result (or an existing distinction)."""

import io

import pytest
from django.urls import reverse

from concurso.models import Call, Submission
from core.models import User
from demo import concurso as concurso_demo
from demo import portal as portal_demo
from demo import results_2025
from evaluacion import feedback
from evaluacion.models import Decision, Publication
from portal.models import GoodPracticePage
from tests.factories.portal import home_page_factory, library_index_factory

pytestmark = pytest.mark.django_db


def test_the_2025_results_come_from_the_services_and_reach_la_serena(client):
    home_page_factory()
    library_index_factory()
    concurso_demo.load(stdout=io.StringIO())
    out = io.StringIO()
    results_2025.load(stdout=out)
    past = Call.objects.get(slug="buenas-practicas-2025")
    assert past.results_published_at is not None and past.results_published_at.year == 2025
    assert past.evaluation_close_at.year == 2025  # back on its own calendar
    publication = Publication.objects.get(call=past)
    assert publication.reason and publication.summary["messages"] == 7
    la_serena = Submission.objects.get(call=past, municipality__comuna__code="04101")
    report = feedback.report_for(la_serena)
    assert report is not None and report.outcome == "mencion"
    assert all(item.mean is not None for item in report.criteria) and report.comments
    # Winners and mentions: their library pages come from the publication and are live.
    for decision in Decision.objects.filter(submission__call=past, outcome__in=["ganadora", "mencion"]):
        page = GoodPracticePage.objects.get(competition_decision=decision)
        assert page.live and page.competition_decision_id == decision.pk
    # Issue 15 point 7: every recognition shown in the demo library is a published call result of that
    # municipality and category (structured; no free text, no invented outside awards).
    for page in GoodPracticePage.objects.live():
        for recognition in page.recognitions:
            decision = page.competition_decision
            assert recognition.on_platform and decision.submission.call.results_published_at
            assert (decision.submission.municipality_id, decision.submission.category_id) == (
                page.municipality_id,
                page.category_id,
            )

    client.force_login(User.objects.get(email="postulante.laserena@demo.cl"))
    dashboard = client.get(reverse("concurso:dashboard")).content.decode()
    assert (
        "Mención honrosa" in dashboard and reverse("evaluacion:feedback", args=[la_serena.code]) in dashboard
    )
    assert client.get(reverse("evaluacion:feedback", args=[la_serena.code])).status_code == 200

    results_2025.load(stdout=out)  # idempotent
    assert Publication.objects.count() == 1 and "ya cargados" in out.getvalue()


def test_the_demo_library_has_no_free_text_recognitions():
    portal_demo.load(stdout=io.StringIO())
    from portal.models import ExternalRecognition

    assert not ExternalRecognition.objects.exists()
