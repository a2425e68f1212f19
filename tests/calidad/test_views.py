import datetime
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from calidad.models import Diagnostic, DiagnosticStatus, Post, QuestionKind
from core.models import Municipality
from tests.factories.calidad import pdf_upload, quality_user, submitted_diagnostic

pytestmark = pytest.mark.django_db


def test_the_quality_team_records_a_whole_diagnostic(client, instrument, la_serena, team):
    client.force_login(team)
    response = client.post(
        reverse("calidad:start", args=["la-serena"]),
        {
            "held_on": "2025-04-02",
            "duration_minutes": "240",
            "meeting_description": "Sala de concejo",
            "observations": "",
        },
    )
    diagnostic = Diagnostic.objects.get(municipality=la_serena)
    assert response["Location"] == reverse("calidad:session", args=[diagnostic.pk])

    people = {
        "p-TOTAL_FORMS": "3",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "60",
        "p-0-name": "Daniela Rojas",
        "p-0-post": Post.MAYOR,
        "p-0-signed_acta": "on",
        "p-1-name": "Andrés Contreras",
        "p-1-post": Post.SECRETARY,
        "p-1-signed_acta": "on",
        "p-2-name": "",
        "p-2-post": "",
    }
    session = {
        "held_on": "02-04-2025",
        "duration_minutes": "230",
        "meeting_description": "Sala",
        "observations": "Sin votos",
    }
    response = client.post(
        reverse("calidad:session", args=[diagnostic.pk]), {**session, **people, "next": "1"}
    )
    assert response.status_code == 302
    assert list(diagnostic.participants.values_list("post", flat=True)) == [Post.MAYOR, Post.SECRETARY]
    page = client.get(reverse("calidad:session", args=[diagnostic.pk])).content.decode()
    assert "Dirección de Finanzas" in page  # warned as missing

    for number in (1, 2):
        area = instrument.areas.get(number=number)
        data = {"next": "1"}
        for question in area.questions.all():
            if question.kind == QuestionKind.PRACTICE:
                data[f"q{question.pk}_choice"] = str(question.choices.get(points=2).pk)
            else:
                data[f"q{question.pk}_value"] = "75,5"
            data[f"q{question.pk}_evidence"] = "Acta del comité"
        response = client.post(reverse("calidad:answers", args=[diagnostic.pk, number]), data)
        assert response.status_code == 302
    assert response["Location"] == reverse("calidad:submit", args=[diagnostic.pk])

    response = client.post(
        reverse("calidad:acta_upload", args=[diagnostic.pk]), {"acta": pdf_upload(), "back": "submit"}
    )
    assert response.status_code == 302
    response = client.post(reverse("calidad:submit", args=[diagnostic.pk]))
    assert response["Location"] == reverse("calidad:detail", args=[diagnostic.pk])
    diagnostic.refresh_from_db()
    assert diagnostic.status == DiagnosticStatus.SUBMITTED and diagnostic.total_percent == 67
    page = client.get(reverse("calidad:detail", args=[diagnostic.pk])).content.decode()
    assert 'role="img"' in page and "Fortalezas" in page and "67 %" in page


def test_errors_are_summarised_linked_and_nothing_typed_is_lost(client, instrument, la_serena, team):
    client.force_login(team)
    client.post(
        reverse("calidad:start", args=["la-serena"]), {"held_on": "2025-04-02", "duration_minutes": "240"}
    )
    diagnostic = Diagnostic.objects.get(municipality=la_serena)
    beta = instrument.areas.get(code="beta")
    practice = beta.questions.get(kind=QuestionKind.PRACTICE)
    figure = beta.questions.get(kind=QuestionKind.RESULT)
    response = client.post(
        reverse("calidad:answers", args=[diagnostic.pk, 2]),
        {
            f"q{practice.pk}_choice": str(practice.choices.get(points=3).pk),
            f"q{practice.pk}_evidence": "Manual de procesos 2024",
            f"q{figure.pk}_value": "ochenta",
            f"q{figure.pk}_evidence": "Informe de gestión",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page
    assert f'href="#id_q{figure.pk}_value"' in page
    assert "no es una cifra" in page
    assert "Manual de procesos 2024" in page and 'value="ochenta"' in page
    assert re.search(rf'value="{practice.choices.get(points=3).pk}"[^>]*checked', page)
    assert not diagnostic.answers.exists()


def test_session_errors_keep_participants(client, instrument, la_serena, team):
    client.force_login(team)
    client.post(reverse("calidad:start", args=["la-serena"]), {"held_on": "2025-04-02"})
    diagnostic = Diagnostic.objects.get(municipality=la_serena)
    response = client.post(
        reverse("calidad:session", args=[diagnostic.pk]),
        {
            "held_on": "2999-01-01",
            "p-TOTAL_FORMS": "1",
            "p-INITIAL_FORMS": "0",
            "p-MIN_NUM_FORMS": "0",
            "p-MAX_NUM_FORMS": "60",
            "p-0-name": "Persona sin cargo",
            "p-0-post": "",
        },
    )
    page = response.content.decode()
    assert "futura" in page and "Indique el cargo" in page and "Persona sin cargo" in page
    assert 'href="#id_p-0-post"' in page and 'href="#id_held_on"' in page


def test_a_fake_acta_is_refused_with_a_message(client, instrument, la_serena, team):
    client.force_login(team)
    client.post(reverse("calidad:start", args=["la-serena"]), {"held_on": "2025-04-02"})
    diagnostic = Diagnostic.objects.get(municipality=la_serena)
    response = client.post(
        reverse("calidad:acta_upload", args=[diagnostic.pk]),
        {"acta": SimpleUploadedFile("acta.pdf", b"%PDF-1.4 roto", "application/pdf")},
        follow=True,
    )
    assert "dañado" in response.content.decode() or "PDF" in response.content.decode()
    diagnostic.refresh_from_db()
    assert not diagnostic.acta


def test_exports_are_real_files(client, instrument, la_serena, team, django_capture_on_commit_callbacks):
    from core.models import ExportJob, ExportStatus

    diagnostic = submitted_diagnostic(la_serena, instrument, user=team)
    client.force_login(team)
    for fmt, start in (("csv", b"\xef\xbb\xbf"), ("xlsx", b"PK"), ("pdf", b"%PDF")):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("calidad:export", args=[diagnostic.pk, fmt]))
        job = ExportJob.objects.filter(requested_by=team).latest("created_at")
        assert job.status == ExportStatus.READY, job.error
        with job.file.open("rb") as handle:
            body = handle.read()
        assert body.startswith(start), fmt
        if fmt == "csv":
            assert "TOTAL;12;8;67" in body.decode("utf-8-sig")


def test_compare_and_trend(client, instrument, la_serena, team):
    first = submitted_diagnostic(
        la_serena, instrument, user=team, held_on=datetime.date(2024, 1, 1), points={1: 1, 2: 1, 3: 1, 4: 1}
    )
    second = submitted_diagnostic(la_serena, instrument, user=team, held_on=datetime.date(2025, 1, 1))
    client.force_login(team)
    page = client.get(reverse("calidad:compare", args=[second.pk, first.pk])).content.decode()
    assert "+34" in page and "pp" in page and 'role="img"' in page
    cycles = client.get(reverse("calidad:municipality", args=["la-serena"])).content.decode()
    assert "Evolución" in cycles and "Comparar los dos últimos ciclos" in cycles


@pytest.mark.parametrize("page", ["benchmarks", "detail", "statistics"])
def test_result_pages_queries_do_not_grow_with_municipalities(client, instrument, la_serena, team, page):
    mine = submitted_diagnostic(la_serena, instrument, user=team)
    client.force_login(team)
    url = {
        "benchmarks": reverse("calidad:benchmarks", args=[mine.pk]) + "?grupo=region",
        "detail": reverse("calidad:detail", args=[mine.pk]),
        "statistics": reverse("calidad:statistics"),
    }[page]

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    client.get(url)
    one = count()
    for code in ["04102", "04103", "04104", "04105", "04106", "13101"]:
        other = Municipality.objects.get(comuna__code=code)
        submitted_diagnostic(other, instrument, user=quality_user(other), held_on=datetime.date(2024, 1, 1))
        submitted_diagnostic(other, instrument, user=quality_user(other), held_on=datetime.date(2025, 1, 1))
    many = count()
    assert one == many
    if page == "benchmarks":
        content = client.get(url).content.decode()
        assert "Mediana" in content and "Sin datos suficientes" not in content


def test_statistics_page_is_public_and_hides_small_groups(client, instrument):
    for code in ["04101", "04102", "04103"]:
        municipality = Municipality.objects.get(comuna__code=code)
        submitted_diagnostic(municipality, instrument, user=quality_user(municipality))
    page = client.get(reverse("calidad:statistics")).content.decode()
    assert "Sin datos suficientes" in page and "Coquimbo" in page


def test_staff_import_instrument_page_reports_row_errors(client, instrument):
    from tests.factories.core import UserFactory

    client.force_login(UserFactory(coordinator=True))
    upload = SimpleUploadedFile("i.csv", b"registro;numero\ncosa;1\n", "text/csv")
    page = client.post(reverse("calidad:instruments"), {"file": upload}).content.decode()
    assert "Fila 2" in page and "no se guardó nada" in page


def test_a_cache_outage_degrades_to_recomputing(client, instrument, la_serena, team):
    from unittest import mock

    from calidad import cache as results_cache

    mine = submitted_diagnostic(la_serena, instrument, user=team)
    client.force_login(team)
    broken = mock.Mock(side_effect=ConnectionError("redis caído"))
    with (
        mock.patch.object(results_cache.cache, "get", broken),
        mock.patch.object(results_cache.cache, "set", broken),
        mock.patch.object(results_cache.cache, "incr", broken),
    ):
        assert client.get(reverse("calidad:statistics")).status_code == 200
        assert client.get(reverse("calidad:benchmarks", args=[mine.pk])).status_code == 200
        results_cache.bump()
