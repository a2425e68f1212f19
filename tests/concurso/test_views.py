"""The applicant and staff pages: uploads, bad input, the edit conflict, exports, list query counts."""

import csv
import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from concurso.models import Submission, SubmissionAttachment, SubmissionConflictCopy, SubmissionStatus
from core.models import ExportJob, ExportStatus, Municipality
from tests.concurso.conftest import jpeg_bytes, pdf_bytes, png_bytes, upload_attachment
from tests.factories.concurso import CallFactory, SubmissionFactory
from tests.factories.core import CategoryFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(call, applicant):
    return SubmissionFactory(
        call=call, municipality=applicant.municipality, created_by=applicant, title="Original"
    )


def _edit(client, entry, **data):
    payload = {"version": str(entry.version), "title": entry.title}
    payload.update(data)
    return client.post(reverse("concurso:submission_edit", args=[entry.code]), payload)


# Creating and editing --------------------------------------------------------------------------------------


def test_create_presets_municipality_and_contact(client, call, applicant):
    client.force_login(applicant)
    response = client.get(reverse("concurso:submission_create", args=[call.slug]))
    body = response.content.decode()
    assert "Municipalidad de La Serena" in body
    assert "Comuna de La Serena" in body
    assert "luis@laserena.cl" in body
    response = client.post(reverse("concurso:submission_create", args=[call.slug]), {"title": "Mi práctica"})
    entry = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("concurso:submission_edit", args=[entry.code])
    assert entry.municipality.comuna.code == "04101"
    assert entry.contact_email == "luis@laserena.cl"


def test_half_filled_draft_saves(client, draft, applicant):
    client.force_login(applicant)
    response = _edit(client, draft, summary="Solo un resumen")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.summary == "Solo un resumen"
    assert draft.version == 2


def test_html_is_stored_as_text_and_rendered_escaped(client, draft, applicant):
    client.force_login(applicant)
    payload = "<script>alert('x')</script><b>negrita</b>"
    _edit(client, draft, title=payload, summary=payload)
    draft.refresh_from_db()
    assert draft.title == payload
    for name in ("submission_edit", "submission_submit"):
        body = client.get(reverse(f"concurso:{name}", args=[draft.code])).content.decode()
        assert "<script>alert('x')</script>" not in body
        assert "&lt;script&gt;" in body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("summary", "x" * 100_000, "menos de 800 caracteres"),
        ("title", "y" * 5000, "menos de 200 caracteres"),
        ("year_start", "dos mil veinte", "número entero"),
        ("year_start", "1200", "mayor o igual a 1950"),
        ("budget_clp", "-5", "no puede ser negativo"),
        ("budget_clp", "45,5", "sin decimales"),
        ("budget_clp", "4.5000", "es ambiguo"),
        ("budget_clp", "1,000,000", "sin decimales ni comas"),
        ("budget_clp", "45 millones", "No entendimos"),
        ("contact_email", "no-es-un-correo", "correo electrónico válida"),
        ("version", "abc", "número entero"),
        ("version", "99999999999999999999999", "menor o igual a 2147483647"),
    ],
)
def test_bad_input_gets_clear_errors_and_keeps_the_text(client, draft, applicant, field, value, message):
    client.force_login(applicant)
    response = _edit(client, draft, **{field: value, "objectives": "Texto que no se pierde"})
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "Texto que no se pierde" in body
    draft.refresh_from_db()
    assert draft.objectives == ""


def test_forged_fields_are_ignored_or_refused(client, draft, applicant):
    client.force_login(applicant)
    foreign = CategoryFactory()
    valdivia = Municipality.objects.get(comuna__code="14101")
    response = _edit(client, draft, category=str(foreign.pk))
    assert response.status_code == 200
    assert "Escoja una opción válida" in response.content.decode()
    response = _edit(
        client, draft, municipality=str(valdivia.pk), status="admisible", code="HACK-1", summary="ok"
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.municipality.comuna.code == "04101"
    assert draft.status == SubmissionStatus.DRAFT
    assert draft.code != "HACK-1"
    assert draft.summary == "ok"


def test_edit_conflict_is_refused_and_both_texts_shown(client, draft, applicant, colleague):
    client.force_login(applicant)
    assert _edit(client, draft, summary="Versión de Luis").status_code == 302
    client.force_login(colleague)
    response = _edit(client, draft, summary="Versión de Laura")  # still carries version 1
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.summary == "Versión de Luis"
    assert SubmissionConflictCopy.objects.get().data["summary"] == "Versión de Laura"
    body = client.get(response["Location"]).content.decode()
    assert "guardó cambios mientras usted editaba" in body
    assert "Versión de Laura" in body and "Versión de Luis" in body


# Attachments ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("informe.pdf", pdf_bytes(), "application/pdf"),
        ("foto.png", png_bytes(), "image/png"),
        ("foto.jpg", jpeg_bytes(), "image/jpeg"),
        ("sin-extension", pdf_bytes(), "application/octet-stream"),
    ],
)
def test_good_uploads(client, draft, applicant, name, content, content_type):
    client.force_login(applicant)
    response = upload_attachment(client, draft, name, content, content_type)
    assert response.status_code == 302
    attachment = SubmissionAttachment.objects.get()
    assert attachment.original_name == name
    assert attachment.size == len(content)
    assert attachment.file.name.startswith(f"postulaciones/{draft.call.slug}/")
    assert name not in attachment.file.name
    download = client.get(reverse("concurso:attachment_download", args=[draft.code, attachment.pk]))
    assert b"".join(download.streaming_content) == content
    download.close()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("informe.pdf", png_bytes(), "tiene nombre de PDF pero su contenido es PNG"),
        ("informe.pdf", b"MZ\x90\x00 esto no es un pdf" * 20, "no es un PDF, JPEG ni PNG"),
        ("informe.pdf", b"%PDF-1.7\n garbage garbage", "dañado"),
        ("script.png", b"<script>alert(1)</script>", "no es un PDF, JPEG ni PNG"),
        ("vacio.pdf", b"", "El archivo está vacío"),
    ],
)
def test_bad_uploads_are_refused_and_text_is_kept(client, draft, applicant, name, content, message):
    client.force_login(applicant)
    response = upload_attachment(client, draft, name, content, summary="Resumen que no se pierde")
    assert response.status_code in (200, 302)
    body = (
        response.content.decode()
        if response.status_code == 200
        else client.get(response["Location"]).content.decode()
    )
    assert message in body
    assert SubmissionAttachment.objects.count() == 0
    draft.refresh_from_db()
    assert draft.summary == "Resumen que no se pierde"


def test_upload_over_the_file_limit(client, draft, applicant, settings):
    settings.SUBMISSION_MAX_FILE_BYTES = 500
    client.force_login(applicant)
    response = upload_attachment(client, draft, "grande.pdf", pdf_bytes("x" * 50) + b" " * 600)
    assert response.status_code == 200
    assert "el máximo por archivo es" in response.content.decode()
    assert SubmissionAttachment.objects.count() == 0


def test_upload_count_and_total_limits(client, draft, applicant, settings):
    client.force_login(applicant)
    settings.SUBMISSION_MAX_FILES = 2
    for _i in range(2):
        draft.refresh_from_db()
        assert upload_attachment(client, draft, "informe.pdf", pdf_bytes()).status_code == 302
    draft.refresh_from_db()
    response = upload_attachment(client, draft, "informe.pdf", pdf_bytes())
    assert "el máximo por postulación" in response.content.decode()
    assert SubmissionAttachment.objects.count() == 2

    settings.SUBMISSION_MAX_FILES = 10
    settings.SUBMISSION_MAX_TOTAL_BYTES = SubmissionAttachment.objects.first().size * 2 + 10
    draft.refresh_from_db()
    response = upload_attachment(
        client, draft, "informe.pdf", pdf_bytes("otro texto más largo que el anterior")
    )
    assert "los adjuntos sumarían" in response.content.decode()
    assert SubmissionAttachment.objects.count() == 2


def test_attachment_delete(client, draft, applicant):
    client.force_login(applicant)
    upload_attachment(client, draft, "informe.pdf", pdf_bytes())
    attachment = SubmissionAttachment.objects.get()
    response = client.post(reverse("concurso:attachment_delete", args=[draft.code, attachment.pk]))
    assert response.status_code == 302
    assert SubmissionAttachment.objects.count() == 0


# Submitting through the pages -------------------------------------------------------------------------------


def test_submit_through_pages_sends_receipt(client, call, applicant, django_capture_on_commit_callbacks):
    entry = SubmissionFactory(
        call=call, municipality=applicant.municipality, created_by=applicant, complete=True
    )
    client.force_login(applicant)
    review = client.get(reverse("concurso:submission_submit", args=[entry.code]))
    assert "Enviar la postulación" in review.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("concurso:submission_submit", args=[entry.code]))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == SubmissionStatus.SUBMITTED
    assert len(mail.outbox) == 1
    dashboard = client.get(reverse("concurso:dashboard")).content.decode()
    assert entry.code in dashboard and "Enviada" in dashboard
    # Frozen: the edit page is now read-only and a post changes nothing.
    page = client.get(reverse("concurso:submission_edit", args=[entry.code])).content.decode()
    assert "Ya no se puede modificar" in page
    _edit(client, entry, title="Cambio tardío")
    entry.refresh_from_db()
    assert entry.title != "Cambio tardío"


def test_submit_incomplete_lists_what_is_missing(client, draft, applicant):
    client.force_login(applicant)
    response = client.post(reverse("concurso:submission_submit", args=[draft.code]))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Todavía no se puede enviar" in body
    assert "Resumen" in body


# Staff -----------------------------------------------------------------------------------------------------


def test_staff_admissibility_with_reason(client, call, applicant, staff, django_capture_on_commit_callbacks):
    entry = SubmissionFactory(
        call=call, municipality=applicant.municipality, status=SubmissionStatus.SUBMITTED
    )
    client.force_login(staff)
    url = reverse("concurso:staff_entry_detail", args=[entry.code])
    response = client.post(url, {"decision": "0", "reason": ""})
    assert response.status_code == 200
    assert "Indique el motivo" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "0", "reason": "No adjuntó el informe."})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == SubmissionStatus.INADMISSIBLE
    assert "No adjuntó el informe." in mail.outbox[-1].body
    client.force_login(applicant)
    assert "No adjuntó el informe." in client.get(reverse("concurso:dashboard")).content.decode()
    client.force_login(staff)
    audit = client.get(reverse("concurso:staff_audit")).content.decode()
    assert "Declarada inadmisible" in audit and "No adjuntó el informe." in audit


def test_staff_filters_and_search(client, staff):
    call = CallFactory()
    laserena = SubmissionFactory(call=call, title="Reciclaje en La Serena", status=SubmissionStatus.SUBMITTED)
    valdivia = SubmissionFactory(
        call=call,
        municipality=Municipality.objects.get(comuna__code="14101"),
        title="Huertos",
        status=SubmissionStatus.DRAFT,
    )
    client.force_login(staff)
    url = reverse("concurso:staff_entries")
    body = client.get(url, {"status": "enviada"}).content.decode()
    assert laserena.code in body and valdivia.code not in body
    body = client.get(url, {"region": str(valdivia.municipality.comuna.region_id)}).content.decode()
    assert valdivia.code in body and laserena.code not in body
    body = client.get(url, {"q": "valdivia"}).content.decode()
    assert valdivia.code in body and laserena.code not in body
    body = client.get(url, {"call": "no-es-un-id", "status": "<script>"}).content.decode()
    assert "No hay postulaciones" in body


def _export(client, capture, fmt, query="") -> bytes:
    """Ask for an export (a background job) and download the file once the task has run."""
    with capture(execute=True):
        response = client.post(reverse("concurso:staff_export", args=[fmt]), {"filters": query})
    assert response.status_code == 302
    job = ExportJob.objects.latest("created_at")
    download = client.get(reverse("portal:export_download", args=[job.pk]))
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    return b"".join(download.streaming_content)


def test_exports_csv_and_xlsx(client, staff, django_capture_on_commit_callbacks):
    entry = SubmissionFactory(title='=HYPERLINK("http://malo")', status=SubmissionStatus.SUBMITTED)
    client.force_login(staff)
    capture = django_capture_on_commit_callbacks
    data = _export(client, capture, "csv")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == "Código"
    assert rows[1][0] == entry.code
    assert rows[1][7] == '\'=HYPERLINK("http://malo")'
    job = ExportJob.objects.latest("created_at")
    assert job.kind == "concurso.entries_csv" and job.filename.endswith(".csv")
    sheet = load_workbook(io.BytesIO(_export(client, capture, "xlsx"))).active
    assert sheet["A2"].value == entry.code
    assert sheet["D2"].value == "Municipalidad de La Serena"
    assert sheet["H2"].value == '\'=HYPERLINK("http://malo")'
    assert client.post(reverse("concurso:staff_export", args=["exe"])).status_code == 404
    assert client.get(reverse("concurso:staff_export", args=["csv"])).status_code == 405


def test_export_keeps_the_list_filters(client, call, staff, django_capture_on_commit_callbacks):
    sent = SubmissionFactory(call=call, title="Reciclaje", status=SubmissionStatus.SUBMITTED)
    draft = SubmissionFactory(
        call=call,
        municipality=Municipality.objects.get(comuna__code="14101"),
        title="Huertos",
        status=SubmissionStatus.DRAFT,
    )
    client.force_login(staff)
    body = client.get(
        reverse("concurso:staff_entries"), {"status": "enviada", "pagina": "1"}
    ).content.decode()
    assert 'name="filters" value="status=enviada"' in body
    capture = django_capture_on_commit_callbacks
    text = _export(client, capture, "csv", "status=enviada&pagina=2&otro=x").decode("utf-8-sig")
    assert sent.code in text and draft.code not in text
    assert ExportJob.objects.latest("created_at").params == {"filters": "status=enviada"}
    text = _export(client, capture, "csv", "q=valdivia").decode("utf-8-sig")
    assert draft.code in text and sent.code not in text
    # Invalid filters match nothing, as on the list.
    rows = list(
        csv.reader(io.StringIO(_export(client, capture, "csv", "status=<script>").decode("utf-8-sig")))
    )
    assert len(rows) == 1


def test_export_rechecks_the_role_when_run_and_downloaded(client, staff, django_capture_on_commit_callbacks):
    SubmissionFactory(status=SubmissionStatus.SUBMITTED)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("concurso:staff_export", args=["csv"]), {"filters": ""})
    job = ExportJob.objects.latest("created_at")
    staff.groups.clear()
    from core.exports import run_job

    assert run_job(str(job.pk)) == ExportStatus.FAILED
    assert client.get(reverse("portal:export_download", args=[job.pk])).status_code == 403


def test_staff_extension_form(client, call, staff):
    client.force_login(staff)
    url = reverse("concurso:staff_extension", args=[call.slug])
    response = client.post(url, {"new_close_at": "2000-01-01T10:00", "reason": "Corte de luz"})
    assert response.status_code == 200
    assert "posterior al cierre original" in response.content.decode()
    new_close = call.submissions_close_at.astimezone(call.submissions_close_at.tzinfo)
    from django.utils import timezone

    local = timezone.localtime(new_close + (call.admissibility_close_at - call.submissions_close_at) / 2)
    response = client.post(
        url,
        {
            "new_close_at": local.strftime("%Y-%m-%dT%H:%M:%S"),
            "reason": "Corte de luz",
            "municipality": str(Municipality.objects.get(comuna__code="04101").pk),
        },
    )
    assert response.status_code == 302
    assert call.extensions.get().municipality.comuna.code == "04101"
    assert "Prórroga de plazo" in client.get(reverse("concurso:staff_audit")).content.decode()


# Query counts ------------------------------------------------------------------------------------------------


def _count_queries(client, url):
    client.get(
        url
    )  # warm per-process caches (content types, permissions) so both counts compare the list alone
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def test_dashboard_query_count_does_not_grow(client, applicant):
    call = CallFactory()
    SubmissionFactory(call=call, municipality=applicant.municipality, created_by=applicant, complete=True)
    client.force_login(applicant)
    url = reverse("concurso:dashboard")
    one = _count_queries(client, url)
    for _i in range(19):
        SubmissionFactory(
            call=CallFactory(), municipality=applicant.municipality, created_by=applicant, complete=True
        )
    assert _count_queries(client, url) == one


def test_staff_list_query_count_does_not_grow(client, staff):
    call = CallFactory()
    SubmissionFactory(call=call, complete=True)
    client.force_login(staff)
    url = reverse("concurso:staff_entries")
    one = _count_queries(client, url)
    codes = ["14101", "13101", "05101", "08101", "09101"]
    for index in range(19):
        SubmissionFactory(
            call=CallFactory(),
            municipality=Municipality.objects.get(comuna__code=codes[index % 5]),
            complete=True,
        )
    assert _count_queries(client, url) == one


def test_public_call_pages(client, call):
    body = client.get(reverse("concurso:call_list")).content.decode()
    assert call.title in body
    body = client.get(reverse("concurso:call_detail", args=[call.slug])).content.decode()
    assert "hora de Chile continental" in body
    assert "Ingresar para postular" in body
    assert client.get(reverse("concurso:call_detail", args=["no-existe"])).status_code == 404


def test_results_section_only_after_publication(client, call, staff):
    from concurso import services

    body = client.get(reverse("concurso:call_detail", args=[call.slug])).content.decode()
    assert "Resultados" not in body
    services.mark_results_published(call=call, user=staff)
    body = client.get(reverse("concurso:call_detail", args=[call.slug])).content.decode()
    assert "Publicados el" in body


def test_applicant_without_municipality_is_refused(client, call):
    user = make_user("sin-muni@example.cl", roles=["postulantes"])
    client.force_login(user)
    assert client.get(reverse("concurso:dashboard")).status_code == 403


# Withdrawal, limit and navigation ---------------------------------------------------------------------------


def test_withdraw_page_confirms_with_a_danger_button(client, call, applicant):
    entry = SubmissionFactory(
        call=call, municipality=applicant.municipality, status=SubmissionStatus.SUBMITTED
    )
    client.force_login(applicant)
    url = reverse("concurso:submission_withdraw", args=[entry.code])
    body = client.get(url).content.decode()
    assert '<button type="submit" class="button-danger">Sí, retirar</button>' in body
    response = client.post(url, {"reason": "Nos equivocamos de categoría"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == SubmissionStatus.WITHDRAWN
    body = client.get(url).content.decode()
    assert "Esta postulación ya fue retirada." in body
    assert "Sí, retirar" not in body


def test_withdraw_page_after_evaluation_starts_offers_no_form(client, applicant):
    from datetime import timedelta

    from django.utils import timezone

    started = CallFactory(base=timezone.now() - timedelta(days=20))  # evaluation opened 4 days ago
    entry = SubmissionFactory(
        call=started, municipality=applicant.municipality, status=SubmissionStatus.ADMISSIBLE
    )
    client.force_login(applicant)
    body = client.get(reverse("concurso:submission_withdraw", args=[entry.code])).content.decode()
    assert "solo se retira hasta que comienza la evaluación" in body
    assert "Sí, retirar" not in body
    response = client.post(reverse("concurso:submission_withdraw", args=[entry.code]), {"reason": ""})
    assert "La evaluación ya comenzó" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == SubmissionStatus.ADMISSIBLE


def test_create_page_at_the_limit_says_so_before_typing(client, applicant):
    call = CallFactory(max_entries_per_municipality=1)
    SubmissionFactory(call=call, municipality=applicant.municipality, created_by=applicant)
    client.force_login(applicant)
    response = client.get(reverse("concurso:submission_create", args=[call.slug]), follow=True)
    assert response.redirect_chain == [(reverse("concurso:dashboard"), 302)]
    assert "ya tiene 1 postulaciones en esta convocatoria, el máximo permitido" in response.content.decode()


def test_subnavigation_marks_the_current_page(client, call, applicant, staff):
    entry = SubmissionFactory(call=call, municipality=applicant.municipality, created_by=applicant)
    client.force_login(applicant)
    body = client.get(reverse("concurso:dashboard")).content.decode()
    assert f'<a href="{reverse("concurso:dashboard")}" aria-current="page">' in body
    body = client.get(reverse("concurso:submission_edit", args=[entry.code])).content.decode()
    assert f'<a href="{reverse("concurso:dashboard")}" aria-current="true">' in body
    assert f'<span aria-current="page">{entry.code}</span>' in body

    client.force_login(staff)
    for name, args in (("staff_entries", []), ("staff_audit", [])):
        body = client.get(reverse(f"concurso:{name}", args=args)).content.decode()
        assert f'<a href="{reverse(f"concurso:{name}", args=args)}" aria-current="page">' in body
        subnav = body[body.index('<nav class="subnav"') :]
        subnav = subnav[: subnav.index("</nav>")]
        assert subnav.count("aria-current") == 1
    other = CallFactory()
    from datetime import timedelta

    from django.utils import timezone

    finished = CallFactory(base=timezone.now() - timedelta(days=100))  # past admissibility: nothing to extend
    body = client.get(reverse("concurso:staff_extension", args=[call.slug])).content.decode()
    assert f'<a href="{reverse("concurso:staff_extension", args=[call.slug])}" aria-current="page">' in body
    assert f'<a href="{reverse("concurso:staff_extension", args=[other.slug])}">' in body
    assert reverse("concurso:staff_extension", args=[finished.slug]) not in body
    body = client.get(reverse("concurso:staff_entry_detail", args=[entry.code])).content.decode()
    assert f'<a href="{reverse("concurso:staff_entries")}" aria-current="true">' in body


# More query counts ---------------------------------------------------------------------------------------------


def test_public_call_list_query_count_does_not_grow(client):
    CallFactory()
    url = reverse("concurso:call_list")
    one = _count_queries(client, url)
    for _i in range(9):
        CallFactory()
    assert _count_queries(client, url) == one


def test_audit_list_query_count_does_not_grow(client, call, staff, applicant):
    from concurso import services

    services.create_submission(call=call, user=applicant)
    client.force_login(staff)
    url = reverse("concurso:staff_audit")
    one = _count_queries(client, url)
    codes = ["14101", "13101", "05101", "08101", "09101"]
    for code in codes:
        user = make_user(f"p{code}@example.cl", roles=["postulantes"], comuna_code=code)
        entry = services.create_submission(call=CallFactory(), user=user)
        services.withdraw_submission(submission=entry, user=user, reason="Ya no")
    assert _count_queries(client, url) == one


def test_download_of_a_missing_file_is_a_404(client, draft, applicant):
    client.force_login(applicant)
    upload_attachment(client, draft, "informe.pdf", pdf_bytes())
    attachment = SubmissionAttachment.objects.get()
    attachment.file.storage.delete(attachment.file.name)
    response = client.get(reverse("concurso:attachment_download", args=[draft.code, attachment.pk]))
    assert response.status_code == 404


def test_the_draft_page_shows_a_bounded_number_of_conflict_copies(client, draft, applicant):
    from concurso.views import CONFLICT_COPIES_SHOWN
    from tests.factories.concurso import SubmissionConflictCopyFactory

    for n in range(40):
        SubmissionConflictCopyFactory(
            submission=draft, author=applicant, data={"summary": f"Texto rechazado número {n:02d} " * 200}
        )
    client.force_login(applicant)

    response = client.get(reverse("concurso:submission_edit", args=[draft.code]))

    html = response.content.decode()
    assert html.count('class="conflict"') == CONFLICT_COPIES_SHOWN
    assert "Texto rechazado número 39" in html and "Texto rechazado número 00" not in html  # the latest first
    assert f"Hay {40 - CONFLICT_COPIES_SHOWN} copias más antiguas sin revisar" in html
    assert len(response.content) < 200_000

    response = client.post(reverse("concurso:conflict_resolve_all", args=[draft.code]))
    assert response.status_code == 302
    assert not SubmissionConflictCopy.objects.filter(submission=draft, resolved_at__isnull=True).exists()
    assert 'class="conflict"' not in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("typed", ["45.000.000", "$45.000.000", "$ 45.000.000", "45000000", "45 000 000"])
def test_budget_typed_the_chilean_way_is_stored_exactly(client, draft, applicant, typed):
    client.force_login(applicant)
    response = _edit(client, draft, budget_clp=typed)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.budget_clp == 45_000_000
    body = client.get(reverse("concurso:submission_edit", args=[draft.code])).content.decode()
    assert 'value="45.000.000"' in body


def test_entries_list_has_a_csv_variant_for_excel_in_spanish():
    from concurso import exports

    assert "csv-es" in exports.KINDS
    data, filename, content_type = exports.build_csv_es({"filters": ""})
    assert data.startswith(b"\xef\xbb\xbf") and filename.endswith("-excel-es.csv") and "csv" in content_type
    assert data.decode("utf-8-sig").split("\r\n")[0].startswith("Código;Convocatoria;Categoría")
