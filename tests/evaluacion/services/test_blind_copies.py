import pytest
from django.core.exceptions import ValidationError

from evaluacion.services.blind_copies import edit_redacted_copy, ensure_redacted_copy


def test_redacted_copy_masks_identities_and_staff_edits_are_checked(competition):
    copy = ensure_redacted_copy(submission=competition.entry)
    text = " ".join(copy.fields.values())
    for term in ("Serena", "Marcela", "Rojas", "mrojas", "220 6000", "Pedro Soto", "www.muni.cl"):
        assert term not in text
    assert "[reservado]" in text
    with pytest.raises(ValidationError):
        edit_redacted_copy(copy=copy, fields={"summary": "Hecho en La Serena"}, actor=competition.staff)
    edit_redacted_copy(copy=copy, fields={"summary": "Resumen revisado."}, actor=competition.staff)
    copy.refresh_from_db()
    assert copy.fields["summary"] == "Resumen revisado." and copy.edited_by == competition.staff
