"""The whole life of an entry through the services: draft, send, receipt, admissibility, withdrawal."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from concurso import emails, services, tasks
from concurso.models import Submission, SubmissionConflictCopy, SubmissionEvent, SubmissionStatus
from core.models import SentEmail
from tests.factories.concurso import CallFactory, SubmissionFactory, complete_fields

pytestmark = pytest.mark.django_db


def test_lifecycle_draft_submit_receipt_admissible(
    call, applicant, colleague, staff, django_capture_on_commit_callbacks
):
    entry = services.create_submission(call=call, user=applicant)
    assert entry.status == SubmissionStatus.DRAFT
    assert entry.municipality == applicant.municipality
    assert entry.code.startswith("BP26-") and len(entry.code) == 10

    # A colleague of the same municipality completes the draft.
    result = services.save_draft(
        submission=entry, user=colleague, fields=complete_fields(call), version=entry.version
    )
    assert result.conflict is None
    assert result.submission.version == 2

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.submit_submission(submission=result.submission, user=colleague)
    assert sent.status == SubmissionStatus.SUBMITTED
    assert sent.submitted_at is not None
    assert len(mail.outbox) == 1
    receipt = mail.outbox[0]
    assert entry.code in receipt.subject
    assert "Reciclaje puerta a puerta" in receipt.body
    assert "Situación previa." in receipt.body
    assert "Municipalidad de La Serena" in receipt.body
    assert set(receipt.to) == {"laura@laserena.cl", "mrojas@laserena.cl", "luis@laserena.cl"}

    with django_capture_on_commit_callbacks(execute=True):
        services.set_admissibility(submission=sent, user=staff, admissible=True, reason="")
    assert Submission.objects.get(pk=entry.pk).status == SubmissionStatus.ADMISSIBLE
    assert len(mail.outbox) == 2
    assert "admisible" in mail.outbox[1].subject

    actions = list(SubmissionEvent.objects.filter(submission=entry).values_list("action", flat=True))
    assert actions == ["creada", "enviada", "admisible"]


def test_receipt_is_never_sent_twice(call, applicant):
    entry = SubmissionFactory(
        call=call, municipality=applicant.municipality, created_by=applicant, complete=True
    )
    services.submit_submission(submission=entry, user=applicant)
    assert tasks.send_submission_receipt.delay(entry.pk).get() is True
    assert tasks.send_submission_receipt.delay(entry.pk).get() is False
    assert emails.send_submission_receipt(entry.pk) is False
    assert len(mail.outbox) == 1
    assert SentEmail.objects.filter(key=f"concurso:receipt:{entry.pk}").count() == 1


def test_inadmissible_requires_reason_and_mails_it(
    call, applicant, staff, django_capture_on_commit_callbacks
):
    entry = SubmissionFactory(
        call=call,
        municipality=applicant.municipality,
        created_by=applicant,
        status=SubmissionStatus.SUBMITTED,
    )
    with pytest.raises(ValidationError):
        services.set_admissibility(submission=entry, user=staff, admissible=False, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.set_admissibility(
            submission=entry, user=staff, admissible=False, reason="Falta el informe <b>firmado</b>."
        )
    entry.refresh_from_db()
    assert entry.status == SubmissionStatus.INADMISSIBLE
    assert entry.admissibility_reason == "Falta el informe <b>firmado</b>."
    assert "Falta el informe <b>firmado</b>." in mail.outbox[-1].body


def test_only_staff_decide_admissibility(call, applicant):
    entry = SubmissionFactory(
        call=call, municipality=applicant.municipality, status=SubmissionStatus.SUBMITTED
    )
    with pytest.raises(PermissionDenied):
        services.set_admissibility(submission=entry, user=applicant, admissible=True)


def test_submit_refuses_incomplete_entry_with_field_errors(call, applicant):
    entry = services.create_submission(call=call, user=applicant, fields={"title": "Solo el título"})
    with pytest.raises(ValidationError) as excinfo:
        services.submit_submission(submission=entry, user=applicant)
    assert "summary" in excinfo.value.message_dict
    assert "category" in excinfo.value.message_dict
    assert Submission.objects.get(pk=entry.pk).status == SubmissionStatus.DRAFT


def test_min_implementation_months_and_required_attachments(applicant):
    call = CallFactory(min_implementation_months=12, required_attachments="Informe de resultados")
    entry = SubmissionFactory(
        call=call, municipality=applicant.municipality, complete=True, implementation_months=6
    )
    with pytest.raises(ValidationError) as excinfo:
        services.submit_submission(submission=entry, user=applicant)
    assert set(excinfo.value.message_dict) == {"implementation_months", "attachments"}


def test_submitted_entry_is_frozen(call, applicant):
    entry = SubmissionFactory(call=call, municipality=applicant.municipality, complete=True)
    services.submit_submission(submission=entry, user=applicant)
    entry.refresh_from_db()
    with pytest.raises(ValidationError):
        services.save_draft(
            submission=entry, user=applicant, fields={"title": "Cambio"}, version=entry.version
        )
    with pytest.raises(ValidationError):
        services.submit_submission(submission=entry, user=applicant)
    assert Submission.objects.get(pk=entry.pk).title != "Cambio"


def test_other_municipality_cannot_touch_entry(call, applicant, other_applicant, staff):
    entry = services.create_submission(call=call, user=applicant)
    for user in (other_applicant, staff):
        with pytest.raises(PermissionDenied):
            services.save_draft(submission=entry, user=user, fields={"title": "x"}, version=entry.version)
        with pytest.raises(PermissionDenied):
            services.submit_submission(submission=entry, user=user)
        with pytest.raises(PermissionDenied):
            services.withdraw_submission(submission=entry, user=user)


def test_limit_per_municipality_counts_non_withdrawn(applicant, colleague):
    call = CallFactory(max_entries_per_municipality=2)
    first = services.create_submission(call=call, user=applicant)
    services.create_submission(call=call, user=colleague)
    with pytest.raises(ValidationError) as excinfo:
        services.create_submission(call=call, user=applicant)
    assert "máximo" in excinfo.value.messages[0]
    services.withdraw_submission(submission=first, user=applicant, reason="Nos equivocamos de categoría")
    assert services.create_submission(call=call, user=applicant).status == SubmissionStatus.DRAFT


def test_non_applicant_cannot_create(call, staff, evaluator):
    for user in (staff, evaluator):
        with pytest.raises(PermissionDenied):
            services.create_submission(call=call, user=user)


def test_edit_conflict_keeps_both_versions(call, applicant, colleague):
    entry = services.create_submission(call=call, user=applicant)
    loaded_version = entry.version
    services.save_draft(
        submission=entry, user=applicant, fields={"summary": "Texto de Luis"}, version=loaded_version
    )
    result = services.save_draft(
        submission=entry, user=colleague, fields={"summary": "Texto de Laura"}, version=loaded_version
    )
    assert result.conflict is not None
    entry.refresh_from_db()
    assert entry.summary == "Texto de Luis"
    copy = SubmissionConflictCopy.objects.get(submission=entry)
    assert copy.data["summary"] == "Texto de Laura"
    assert copy.author == colleague
    assert SubmissionEvent.objects.filter(submission=entry, action="conflicto").count() == 1


def test_withdraw_until_evaluation_starts(applicant):
    call = CallFactory()
    entry = SubmissionFactory(call=call, municipality=applicant.municipality, complete=True)
    services.submit_submission(submission=entry, user=applicant)
    with pytest.raises(ValidationError):
        services.withdraw_submission(submission=entry, user=applicant, now=call.evaluation_open_at)
    last_second = call.evaluation_open_at - timedelta(seconds=1)
    withdrawn = services.withdraw_submission(submission=entry, user=applicant, now=last_second)
    assert withdrawn.status == SubmissionStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        services.withdraw_submission(submission=entry, user=applicant)


def test_audit_log_is_append_only(call, applicant):
    entry = services.create_submission(call=call, user=applicant)
    event = SubmissionEvent.objects.get(submission=entry)
    event.reason = "cambiado"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    with pytest.raises(ValidationError):
        SubmissionEvent.objects.filter(submission=entry).update(reason="cambiado en bloque")
    with pytest.raises(ValidationError):
        SubmissionEvent.objects.filter(submission=entry).delete()
    assert SubmissionEvent.objects.get(submission=entry).reason == ""


def test_can_withdraw_follows_status_and_evaluation_start(call, applicant):
    entry = SubmissionFactory(
        call=call, municipality=applicant.municipality, status=SubmissionStatus.SUBMITTED
    )
    assert services.can_withdraw(entry)
    assert not services.can_withdraw(entry, now=call.evaluation_open_at)
    entry.status = SubmissionStatus.INADMISSIBLE
    assert not services.can_withdraw(entry)
