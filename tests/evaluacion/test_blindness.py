"""Issue 10, blindness: reference data of the gazetteer, an attachment naming a person nobody
registered, the staff review that gates release, identity terms, append-only conflicts.

Cross-module on purpose: one property (blindness) checked through selectors.blind,
services.blind_copies, services.conflicts and the evaluator and staff views."""

import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from concurso.models import SubmissionAttachment
from core.models import Comuna, Province, Region
from evaluacion import gazetteer, redaction
from evaluacion.models import (
    Assignment,
    AssignmentStatus,
    BlindCopyReview,
    Conflict,
    ConflictKind,
    ConflictRemoval,
    IdentityTerm,
    SanitisedAttachment,
)
from evaluacion.redaction import fold, normalise
from evaluacion.selectors.blind import blind_review_is_current, territory_gazetteer
from evaluacion.services.assignment import (
    add_extra_evaluator,
    add_manual_assignment,
    refresh_conflicts,
    release_assignments,
)
from evaluacion.services.blind_copies import (
    add_identity_term,
    edit_redacted_copy,
    record_blind_review,
    regenerate_redacted_copy,
    sanitise_attachment,
    set_mayor_name,
)
from evaluacion.services.conflicts import declare_conflict, remove_conflict
from tests.evaluacion.conftest import identified_pdf

P = "[reservado]"
pytestmark = pytest.mark.django_db

# --- reference data ---------------------------------------------------------------------------


def _redactor_without_own_places():
    return redaction.get_redactor(names=(), gazetteer=territory_gazetteer())


def test_every_comuna_province_and_region_name_of_the_territory_is_masked():
    redactor = _redactor_without_own_places()
    names = list(Comuna.objects.values_list("name", flat=True)) + list(
        Province.objects.values_list("name", flat=True)
    )
    names += list(Region.objects.values_list("name", flat=True)) + list(
        Region.objects.values_list("short_name", flat=True)
    )
    assert len(names) > 400
    leaked = [
        name for name in names if fold(name) in fold(redactor.redact(f"Trabajamos en {name}, con otras."))
    ]
    assert leaked == []


@pytest.mark.parametrize(
    "roman",
    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI"],
)
def test_every_roman_numeral_region_is_masked(roman):
    assert _redactor_without_own_places().redact(f"en la {roman} Región hay") == f"en la {P} hay"
    assert _redactor_without_own_places().redact(f"Región {roman}.") == f"{P}."


def test_place_variants_file_refers_to_real_territory_codes():
    data = gazetteer.places_data()
    codes = set(Comuna.objects.values_list("code", flat=True)) | set(
        Province.objects.values_list("code", flat=True)
    )
    codes |= set(Region.objects.values_list("code", flat=True))
    used = set(data["short_forms"]) | set(data["demonyms"])
    assert used - codes == set()
    # Every regional capital has a demonym of its own.
    capitals = {
        "15101",
        "01101",
        "02101",
        "03101",
        "04101",
        "05101",
        "13101",
        "06101",
        "07101",
        "16101",
        "08101",
        "09101",
        "14101",
        "10101",
        "11101",
        "12101",
    }
    assert capitals - set(data["demonyms"]) == set()
    # A demonym points at one place only (or at a comuna and the region that contains it).
    places_of: dict[str, set[str]] = {}
    for code, demonyms in data["demonyms"].items():
        for form in {f for d in demonyms for f in gazetteer.inflections(d)}:
            places_of.setdefault(form, set()).add(code)
    clashes = {form: codes for form, codes in places_of.items() if len({code[:2] for code in codes}) > 1}
    assert clashes == {}
    json.dumps(data)  # valid JSON data, not only a Python literal


def test_name_lists_are_large_and_clean():
    given, family = gazetteer.given_names(), gazetteer.surnames()
    assert len(given) >= 250 and len(family) >= 250
    assert all(re.fullmatch(r"[a-z' ]+", name) for name in given | family)
    assert {"juan", "maria", "jose", "yerko"} <= given and {
        "perez",
        "gonzalez",
        "huenchumilla",
        "quispe",
    } <= family


# --- an attachment that names a person nobody registered --------------------------------------

HARD_PDF_LINES = [
    "Informe final del programa",
    "Responsable: Juan Pérez González, Director de Aseo y Ornato",
    "Trabajo realizado en La Se-",
    "rena con vecinos serenenses del sector Las Compañías.",
    "L a  S e r e n a  r e c i c l a",
    "Dirección: Av. Francisco de Aguirre 020, fono 220 6600, Instagram munilaserena",
    "IV Región, provincia de Elqui. #LaSerena2026",
]


def _add_pdf(submission, lines, name="informe.pdf"):
    from django.core.files.base import ContentFile

    data = identified_pdf(title="Informe", author="Anónimo", lines=lines)
    attachment = SubmissionAttachment(
        submission=submission,
        original_name=name,
        content_type="application/pdf",
        size=len(data),
        uploaded_by=submission.created_by,
    )
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    return attachment


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_attachment_with_an_unregistered_person_and_hard_forms_is_blind(competition):
    c = competition
    add_identity_term(
        municipality=c.entry.municipality, term="sector Las Compañías", kind="lugar", actor=c.staff
    )
    attachment = _add_pdf(c.entry, HARD_PDF_LINES)
    record = sanitise_attachment(attachment=attachment, number=3)
    assert record.available and len(record.digest) == 64
    with record.file.open("rb") as handle:
        text = _pdf_text(handle.read())
    view = fold(normalise(text).text)
    for leak in (
        "juan",
        "perez",
        "gonzalez",
        "serena",
        "serenense",
        "companias",
        "aguirre",
        "220 6600",
        "munilaserena",
        "iv region",
        "elqui",
    ):
        assert leak not in view, leak
    assert "Director de Aseo y Ornato" in text  # the rest stays readable
    assert text.count(P) >= 8


# --- staff review of blind copies -------------------------------------------------------------


def test_staff_review_page_shows_attachments_side_by_side_and_gates_release(
    client, competition, django_capture_on_commit_callbacks
):
    c = competition
    _add_pdf(c.entry, HARD_PDF_LINES)
    url = reverse("evaluacion:staff_copy", kwargs={"slug": c.call.slug, "code": c.entry.code})
    client.force_login(c.staff)
    html = client.get(url).content.decode()
    # The page never rewrites attachments itself: the new one waits for the background task or a POST.
    assert "Algunos anexos aún no se preparan" in html and "Anexo 3, página 1" not in html
    client.post(reverse("evaluacion:staff_copy_generate", kwargs={"slug": c.call.slug, "code": c.entry.code}))
    html = client.get(url).content.decode()
    # A new attachment changed the blind copy: the review is stale.
    assert "Revisión desactualizada" in html
    assert "Anexo 3, página 1" in html
    assert '<mark class="masked">Juan Pérez González</mark>' in html
    assert "Descargar la versión para evaluadores" in html
    flagged = re.findall(r'name="flag" value="([^"]+)"', html)
    assert flagged  # something kept is put up for a decision

    draft = Assignment.objects.create(submission=c.entry, evaluator=c.unassigned)
    release = reverse("evaluacion:staff_assignments_release", kwargs={"slug": c.call.slug})
    response = client.post(release, follow=True)
    assert (
        f"Revise las copias anonimizadas (textos y anexos) antes de liberar: {c.entry.code}."
        in response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.status == AssignmentStatus.DRAFT

    # The reviewer hides one flagged span and keeps the others; who and when are recorded.
    to_mask = flagged[0]
    client.post(
        reverse("evaluacion:staff_copy_review", kwargs={"slug": c.call.slug, "code": c.entry.code}),
        {"flag": flagged, "mask": [to_mask]},
    )
    review = BlindCopyReview.objects.filter(submission=c.entry).latest("at")
    assert review.reviewer == c.staff and review.masked == [to_mask] and to_mask not in review.kept
    assert IdentityTerm.objects.filter(municipality=c.entry.municipality, term=to_mask).exists()
    assert blind_review_is_current(c.entry)
    html = client.get(url).content.decode()
    assert "Revisada" in html and "desactualizada" not in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(release)
    draft.refresh_from_db()
    assert draft.status == AssignmentStatus.RELEASED

    # Editing the copy afterwards makes the review stale again.
    copy = c.entry.redacted_copy
    edit_redacted_copy(copy=copy, fields={"summary": "Texto nuevo."}, actor=c.staff)
    assert not blind_review_is_current(c.entry)
    with pytest.raises(ValidationError):
        add_extra_evaluator(submission=c.entry)


def test_staff_blind_attachment_download_is_the_sanitised_file(client, competition):
    c = competition
    client.force_login(c.staff)
    response = client.get(
        reverse(
            "evaluacion:staff_copy_attachment",
            kwargs={"slug": c.call.slug, "code": c.entry.code, "number": 1},
        )
    )
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert "Marcela" not in _pdf_text(data) and P in _pdf_text(data)
    assert SanitisedAttachment.objects.filter(attachment__submission=c.entry, number=1).exists()


# --- identity terms and the mayor -------------------------------------------------------------


def test_applicant_adds_terms_and_they_reach_existing_copies(client, competition):
    c = competition
    c.entry.description += " Trabajamos en el barrio Villa Lambert con el programa Serena Verde."
    c.entry.save(update_fields=["description"])
    regenerate_redacted_copy(submission=c.entry)
    client.force_login(c.applicant)
    url = reverse("evaluacion:identity_terms")
    refused = client.post(url, {"term": " x ", "kind": "lugar"})
    assert "al menos tres letras" in refused.content.decode() and 'value=" x "' in refused.content.decode()
    client.post(url, {"term": "Villa Lambert", "kind": "lugar"})
    client.post(url, {"term": "Serena Verde", "kind": "programa"})
    fields = c.entry.redacted_copy.__class__.objects.get(pk=c.entry.redacted_copy.pk).fields
    assert "Lambert" not in fields["description"] and "Verde" not in fields["description"]
    assert set(
        IdentityTerm.objects.filter(municipality=c.entry.municipality).values_list("added_by", flat=True)
    ) == {c.applicant.pk}
    # Applicants add, never remove: the page offers no removal and staff-only actions refuse them.
    assert "/quitar/" not in client.get(url).content.decode()
    remove = reverse(
        "evaluacion:staff_copy_term_remove",
        kwargs={"slug": c.call.slug, "code": c.entry.code, "pk": IdentityTerm.objects.first().pk},
    )
    assert client.post(remove).status_code == 403


def test_the_mayor_is_masked_by_default(competition):
    c = competition
    c.entry.results += " Inauguró el alcalde Rolando Fuentealba Ibarra; Fuentealba destacó el avance."
    c.entry.save(update_fields=["results"])
    set_mayor_name(municipality=c.entry.municipality, name="Rolando Fuentealba Ibarra", actor=c.staff)
    copy = regenerate_redacted_copy(submission=c.entry)
    assert "Fuentealba" not in copy.fields["results"] and "Rolando" not in copy.fields["results"]


# --- conflicts are append-only for evaluators -------------------------------------------------


def test_evaluator_cannot_remove_a_conflict_by_clearing_the_affiliation(
    client, competition, django_capture_on_commit_callbacks
):
    c = competition
    assert Conflict.objects.filter(submission=c.entry, evaluator=c.conflicted).exists()
    client.force_login(c.conflicted)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluacion:profile"), {"affiliation_comuna": "", "email_domain": "", "institution": ""}
        )
    assert response.status_code == 302
    c.conflicted.evaluator_profile.refresh_from_db()
    assert c.conflicted.evaluator_profile.affiliation is None
    # The conflict is still there: the entry stays closed and staff cannot assign it to them.
    assert Conflict.objects.filter(
        submission=c.entry, evaluator=c.conflicted, kind=ConflictKind.AFFILIATION
    ).exists()
    assert client.get(reverse("evaluacion:entry", kwargs={"code": c.entry.code})).status_code == 404
    refresh_conflicts(call=c.call)
    assert Conflict.objects.filter(submission=c.entry, evaluator=c.conflicted).exists()
    with pytest.raises(ValidationError):
        add_manual_assignment(submission=c.entry, evaluator=c.conflicted)
    # Evaluators have no way to the conflicts page.
    conflict = Conflict.objects.get(submission=c.entry, evaluator=c.conflicted)
    remove = reverse("evaluacion:staff_conflict_remove", kwargs={"slug": c.call.slug, "pk": conflict.pk})
    assert client.post(remove, {"reason": "Quiero la postulación."}).status_code == 403


def test_staff_removal_needs_a_reason_is_logged_and_sticks(competition):
    c = competition
    conflict = Conflict.objects.get(submission=c.entry, evaluator=c.conflicted)
    with pytest.raises(ValidationError):
        remove_conflict(conflict=conflict, actor=c.staff, reason="")
    removal = remove_conflict(
        conflict=conflict, actor=c.staff, reason="Dejó la municipalidad hace cinco años."
    )
    assert (removal.kind, removal.actor, removal.evaluator) == (
        ConflictKind.AFFILIATION,
        c.staff,
        c.conflicted,
    )
    # The same automatic conflict is not flagged again while its cause is what staff cleared.
    refresh_conflicts(call=c.call)
    assert not Conflict.objects.filter(submission=c.entry, evaluator=c.conflicted).exists()
    with pytest.raises(ValidationError):
        removal.delete()
    with pytest.raises(ValidationError):
        removal.save()
    assert ConflictRemoval.objects.count() == 1


def test_a_replacement_waits_as_a_draft_when_the_copy_changed_since_its_review(
    competition, django_capture_on_commit_callbacks
):
    c = competition
    edit_redacted_copy(copy=c.entry.redacted_copy, fields={"summary": "Resumen corregido."}, actor=c.staff)
    assignment = Assignment.objects.get(submission=c.entry, evaluator=c.assigned)
    with django_capture_on_commit_callbacks(execute=True):
        replacement = declare_conflict(assignment=assignment, reason="Conozco al equipo.")
    assert replacement is not None and replacement.status == AssignmentStatus.DRAFT
    record_blind_review(submission=c.entry, actor=c.staff)
    with django_capture_on_commit_callbacks(execute=True):
        assert release_assignments(call=c.call) == 1
    replacement.refresh_from_db()
    assert replacement.status == AssignmentStatus.RELEASED


def test_only_applicants_of_a_municipality_add_terms(client, competition):
    from tests.factories.core import make_user

    orphan = make_user("sin-municipio@correo.cl", roles=["postulantes"])
    client.force_login(orphan)
    assert client.get(reverse("evaluacion:identity_terms")).status_code == 403
    client.force_login(competition.assigned)
    assert (
        client.post(
            reverse("evaluacion:identity_terms"), {"term": "Villa Lambert", "kind": "lugar"}
        ).status_code
        == 403
    )
    assert not IdentityTerm.objects.exists()
