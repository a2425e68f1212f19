"""Issue 15: the competition closes for the people who entered it (a journey across modules).

Cross-module scenario, kept here on purpose: publication (services.publication, views.staff) seen
from the applicant's dashboard and e-mail, the feedback report and the library page. The tests of
single modules that used to live here moved to their mirror files (views/, selectors/, services/).
"""

from django.core import mail
from django.urls import reverse

from evaluacion import feedback
from evaluacion.models import Decision, DecisionChoice
from portal.models import GoodPracticePage
from tests.evaluacion.conftest import (
    COMMENT_A,
    COMMENT_B,
    PRIVATE_NOTE,
    publish_reviewed_call,
    reviewed_competition,
)


def test_after_publication_the_municipality_sees_decision_rank_and_feedback(
    client, competition, django_capture_on_commit_callbacks
):
    c = publish_reviewed_call(client, reviewed_competition(competition), django_capture_on_commit_callbacks)
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
    c = publish_reviewed_call(client, reviewed_competition(competition), django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if c.entry.code in m.body)
    assert reverse("evaluacion:feedback", args=[c.entry.code]) in message.body
    assert "Mención honrosa" in message.body


def test_library_page_recognition_is_the_call_result_and_results_link_live_pages(
    client, competition, django_capture_on_commit_callbacks
):
    c = publish_reviewed_call(client, reviewed_competition(competition), django_capture_on_commit_callbacks)
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
