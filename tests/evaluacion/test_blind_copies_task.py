"""The periodic job stores a redacted copy of every admissible entry once submissions close."""

import pytest

from evaluacion import tasks
from evaluacion.models import RedactedCopy
from evaluacion.services.blind_copies import edit_redacted_copy

pytestmark = pytest.mark.django_db


def test_copies_are_created_for_every_admissible_entry_and_edits_are_kept(competition):
    RedactedCopy.objects.all().delete()

    assert tasks.prepare_blind_copies.delay().get() == 3
    copy = RedactedCopy.objects.get(submission=competition.entry)
    assert "La Serena" not in str(copy.fields)
    assert "[reservado]" in copy.fields["summary"]

    edited = {**copy.fields, "summary": "Resumen revisado por la coordinación."}
    edit_redacted_copy(copy=copy, fields=edited, actor=competition.staff)
    tasks.prepare_blind_copies.delay().get()

    assert RedactedCopy.objects.count() == 3
    assert (
        RedactedCopy.objects.get(submission=competition.entry).fields["summary"]
        == "Resumen revisado por la coordinación."
    )
