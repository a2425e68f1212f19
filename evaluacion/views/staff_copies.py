"""Views of staff for blind copies: the list, and per entry the side-by-side review, manual edits,
identity terms and the mayor, each action on its own URL. Pages never create a copy."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from concurso.models import Call, Submission, SubmissionStatus
from evaluacion import forms
from evaluacion.models import IdentityTerm
from evaluacion.selectors.blind import (
    attachments_pending,
    blind_review,
    copies_overview,
    redacted_copy,
    reserved_terms,
    sanitised_attachments,
)
from evaluacion.services import blind_copies
from evaluacion.views.common import (
    FIELD_LABELS,
    blind_attachment_response,
    coordinator_required,
    error_text,
)

# ---------------------------------------------------------------------------------------------
# Blind copies: staff review each one before release
# ---------------------------------------------------------------------------------------------


@require_GET
@coordinator_required
def staff_copies(request, slug):
    call = get_object_or_404(Call, slug=slug)
    return render(
        request, "evaluacion/staff_copies.html", {"call": call, "submissions": copies_overview(call)}
    )


@require_POST
@coordinator_required
def staff_copies_generate(request, slug):
    call = get_object_or_404(Call, slug=slug)
    count = blind_copies.generate_redacted_copies(call=call)
    messages.success(request, _("Copias anonimizadas listas: %(n)s.") % {"n": count})
    return redirect("evaluacion:staff_copies", slug=slug)


def _copy_entry(slug, code) -> tuple[Call, Submission]:
    call = get_object_or_404(Call, slug=slug)
    submission = get_object_or_404(
        Submission.objects.select_related("municipality__comuna__province", "municipality__comuna__region"),
        call=call,
        code=code,
        status=SubmissionStatus.ADMISSIBLE,
    )
    return call, submission


def _copy_page(request, call, submission, *, form=None, term_form=None, mayor_form=None, status=200):
    copy = redacted_copy(submission)
    context = {
        "call": call,
        "submission": submission,
        "copy_ready": copy is not None,
        "form": form or forms.RedactedCopyForm(labels=FIELD_LABELS, initial=copy.fields if copy else {}),
        "term_form": term_form or forms.IdentityTermForm(),
        "mayor_form": mayor_form
        or forms.MayorForm(initial={"mayor_name": submission.municipality.mayor_name}),
        "terms": reserved_terms(submission.municipality),
    }
    if copy is not None:
        context.update(blind_review(submission, labels=FIELD_LABELS))
        context["attachments_pending"] = attachments_pending(submission, sanitised_attachments(submission))
    return render(request, "evaluacion/staff_copy.html", context, status=status)


@require_GET
@coordinator_required
def staff_copy(request, slug, code):
    """Review of one blind copy: texts and attachments side by side, flagged spans, identity terms."""
    call, submission = _copy_entry(slug, code)
    return _copy_page(request, call, submission)


def _copy_done(request, slug, code, message):
    messages.success(request, message)
    return redirect("evaluacion:staff_copy", slug=slug, code=code)


@require_POST
@coordinator_required
def staff_copy_generate(request, slug, code):
    """Prepare the copy and its attachments now (normally done when the entry became admissible)."""
    _call, submission = _copy_entry(slug, code)
    blind_copies.prepare_blind_copy(submission=submission)
    return _copy_done(request, slug, code, _("Copia anonimizada preparada."))


@require_POST
@coordinator_required
def staff_copy_regenerate(request, slug, code):
    _call, submission = _copy_entry(slug, code)
    blind_copies.regenerate_redacted_copy(submission=submission)
    return _copy_done(request, slug, code, _("Copia regenerada desde la postulación."))


@require_POST
@coordinator_required
def staff_copy_save(request, slug, code):
    call, submission = _copy_entry(slug, code)
    copy = redacted_copy(submission)
    form = forms.RedactedCopyForm(request.POST, labels=FIELD_LABELS)
    if copy is None:
        form.add_error(None, _("La copia anónima aún no está lista: prepárela antes de editarla."))
    elif form.is_valid():
        try:
            blind_copies.edit_redacted_copy(copy=copy, fields=form.cleaned_data, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            return _copy_done(
                request, slug, code, _("Copia anonimizada guardada. Revísela de nuevo antes de liberar.")
            )
    return _copy_page(request, call, submission, form=form, status=400)


@require_POST
@coordinator_required
def staff_copy_review(request, slug, code):
    _call, submission = _copy_entry(slug, code)
    flagged = request.POST.getlist("flag")
    masked = request.POST.getlist("mask")
    blind_copies.record_blind_review(
        submission=submission,
        actor=request.user,
        masked=masked,
        kept=[text for text in flagged if text not in masked],
    )
    return _copy_done(request, slug, code, _("Revisión registrada: la copia se puede liberar."))


@require_POST
@coordinator_required
def staff_copy_term_add(request, slug, code):
    call, submission = _copy_entry(slug, code)
    term_form = forms.IdentityTermForm(request.POST)
    if term_form.is_valid():
        try:
            blind_copies.add_identity_term(
                municipality=submission.municipality,
                term=term_form.cleaned_data["term"],
                kind=term_form.cleaned_data["kind"],
                actor=request.user,
            )
        except ValidationError as error:
            term_form.add_error(None, error_text(error))
        else:
            return _copy_done(
                request, slug, code, _("Término agregado; las copias de la municipalidad se actualizaron.")
            )
    return _copy_page(request, call, submission, term_form=term_form, status=400)


@require_POST
@coordinator_required
def staff_copy_term_remove(request, slug, code, pk):
    _call, submission = _copy_entry(slug, code)
    term = get_object_or_404(IdentityTerm, pk=pk, municipality=submission.municipality)
    blind_copies.remove_identity_term(term=term, actor=request.user)
    return _copy_done(request, slug, code, _("Término quitado. Regenere la copia para aplicar el cambio."))


@require_POST
@coordinator_required
def staff_copy_mayor(request, slug, code):
    call, submission = _copy_entry(slug, code)
    mayor_form = forms.MayorForm(request.POST)
    if mayor_form.is_valid():
        blind_copies.set_mayor_name(
            municipality=submission.municipality,
            name=mayor_form.cleaned_data["mayor_name"],
            actor=request.user,
        )
        return _copy_done(
            request, slug, code, _("Autoridad actualizada; las copias de la municipalidad se actualizaron.")
        )
    return _copy_page(request, call, submission, mayor_form=mayor_form, status=400)


@require_GET
@coordinator_required
def staff_copy_attachment(request, slug, code, number):
    """The blind attachment as evaluators will receive it (for the review)."""
    _call, submission = _copy_entry(slug, code)
    return blind_attachment_response(submission, number)
