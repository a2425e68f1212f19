"""The evaluation reacts to the competition: an entry declared admissible gets its blind copy."""

import pytest

from concurso.models import SubmissionStatus
from concurso.services import set_admissibility
from core.models import Role
from evaluacion.models import RedactedCopy, SanitisedAttachment
from tests.evaluacion.conftest import add_entry, identified_pdf
from tests.factories.concurso import CallFactory
from tests.factories.core import make_user

pytestmark = pytest.mark.django_db


def test_an_entry_declared_admissible_gets_its_blind_copy_in_the_background(
    django_capture_on_commit_callbacks,
):
    call = CallFactory()  # submissions open: admissibility can still change
    applicant = make_user("luis@laserena.cl", roles=[Role.APPLICANT], comuna_code="04101")
    staff = make_user("coordinacion@asociacion.cl", roles=[Role.COORDINATOR])
    pdf = identified_pdf(
        title="Informe", author="Marcela Rojas Araya", lines=["Ilustre Municipalidad de La Serena"]
    )
    entry = add_entry(
        call,
        comuna_code="04101",
        category=call.categories.first(),
        author=applicant,
        attachments=[("informe.pdf", "application/pdf", pdf)],
    )
    entry.status = SubmissionStatus.SUBMITTED
    entry.save(update_fields=["status"])
    with django_capture_on_commit_callbacks(execute=True):
        set_admissibility(submission=entry, user=staff, admissible=False, reason="Falta el anexo firmado.")
    assert not RedactedCopy.objects.filter(submission=entry).exists()
    with django_capture_on_commit_callbacks(execute=True):
        set_admissibility(submission=entry, user=staff, admissible=True)
    copy = RedactedCopy.objects.get(submission=entry)
    assert "La Serena" not in copy.fields["summary"]
    assert SanitisedAttachment.objects.filter(attachment__submission=entry, available=True).count() == 1
