"""Views of staff (the coordination): calls, rubric, evaluator pool, conflicts, assignment, blind
copies, phase closings and the publication of results. One URL per action: each button posts to its
own view; pages only read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from concurso.models import Call, Phase, Submission, SubmissionStatus
from evaluacion import forms
from evaluacion.assignment import AssignmentError
from evaluacion.models import (
    Assignment,
    AssignmentStatus,
    Conflict,
    Criterion,
    EvaluatorProfile,
    IdentityTerm,
    PoolMember,
    Rubric,
)
from evaluacion.selectors import assignments as assignment_reads
from evaluacion.selectors.blind import (
    attachments_pending,
    blind_review,
    copies_overview,
    redacted_copy,
    sanitised_attachments,
)
from evaluacion.selectors.calls import staff_call_summary, staff_calls
from evaluacion.selectors.conflicts import call_conflicts
from evaluacion.selectors.publication import publication_summary
from evaluacion.selectors.scores import annotate_rows, ranking, rubric_for
from evaluacion.services import assignment as assignment_service
from evaluacion.services import blind_copies, phases, pool, publication
from evaluacion.services import conflicts as conflicts_service
from evaluacion.services import rubric as rubric_service
from evaluacion.views.common import (
    FIELD_LABELS,
    blind_attachment_response,
    error_text,
    phase_label,
    staff_required,
)

# ---------------------------------------------------------------------------------------------
# Calls and phases
# ---------------------------------------------------------------------------------------------

# What staff can close early, by the phase the call is in: button label, URL name, what it does.
PHASE_CLOSINGS = {
    Phase.EVALUATION: (
        _("Cerrar la evaluación ahora"), "staff_close_evaluation",
        _("La evaluación termina ahora: los evaluadores ya no podrán guardar ni enviar evaluaciones y el comité "
          "de expertos pasa a trabajar con los puntajes enviados."),
    ),
    Phase.COMMITTEE: (
        _("Cerrar el comité y pasar a resultados"), "staff_close_committee",
        _("El trabajo del comité termina ahora y comienza la fase de resultados, en la que la coordinación "
          "publica los resultados. El comité puede seguir registrando decisiones hasta la publicación."),
    ),
}


@require_GET
@staff_required
def staff_home(request):
    return render(request, "evaluacion/staff_home.html", {"calls": staff_calls()})


@require_GET
@staff_required
def staff_call(request, slug):
    call = get_object_or_404(Call, slug=slug)
    return render(request, "evaluacion/staff_call.html", {
        "call": call,
        "phase_label": phase_label(call),
        "rubric": rubric_for(call),
        **staff_call_summary(call),
        "can_publish": call.results_published_at is None and call.phase == Phase.RESULTS,
        "phase_actions": [
            (label, reverse(f"evaluacion:{url_name}", args=[call.slug]))
            for phase, (label, url_name, _help) in PHASE_CLOSINGS.items()
            if call.phase == phase and call.results_published_at is None
        ],
    })


def _close_phase(request, slug, *, phase, close):
    """GET: the confirmation page (what closing leaves behind); POST: close with a reason."""
    call = get_object_or_404(Call, slug=slug)
    label, _url_name, explanation = PHASE_CLOSINGS[phase]
    in_phase = call.results_published_at is None and call.phase == phase
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                change = close(call=call, actor=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                messages.error(request, error_text(error))
                return redirect("evaluacion:staff_call", slug=slug)
            messages.success(request, _g("Fase cambiada: %(from)s → %(to)s.") % {
                "from": change.get_from_phase_display(), "to": change.get_to_phase_display(),
            })
            return redirect("evaluacion:staff_call", slug=slug)
        if not in_phase:
            messages.error(request, _g("La convocatoria ya no está en esa fase."))
            return redirect("evaluacion:staff_call", slug=slug)
    return render(request, "evaluacion/staff_phase.html", {
        "call": call, "form": form, "title": label, "explanation": explanation, "in_phase": in_phase,
        "phase_label": phase_label(call), **assignment_reads.pending_work(call),
        "closing_evaluation": phase == Phase.EVALUATION,
    })


@staff_required
def staff_close_evaluation(request, slug):
    return _close_phase(request, slug, phase=Phase.EVALUATION, close=phases.close_evaluation)


@staff_required
def staff_close_committee(request, slug):
    return _close_phase(request, slug, phase=Phase.COMMITTEE, close=phases.close_committee)


@staff_required
def staff_publish(request, slug):
    """Publication is deliberate: a confirmation page says what will happen and asks for a reason."""
    call = get_object_or_404(Call, slug=slug)
    form = forms.ReasonForm(request.POST or None)
    form.fields["reason"].label = _("Motivo de la publicación")
    if request.method == "POST" and form.is_valid():
        try:
            _publication, created = publication.publish_results_confirmed(
                call=call, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            if created:
                messages.success(request, _g(
                    "Resultados publicados; las fichas de ganadoras y menciones quedaron en revisión editorial."
                ))
            else:
                messages.info(request, _g("Los resultados ya estaban publicados: no se envió nada de nuevo."))
            return redirect("evaluacion:staff_call", slug=slug)
    grouped = annotate_rows(call, ranking(call), identified=True)
    return render(request, "evaluacion/staff_publish.html", {
        "call": call, "grouped": grouped, "form": form,
        "summary": publication_summary(call) if call.results_published_at is None else None,
        "publication": getattr(call, "publication", None) if call.results_published_at else None,
        "can_publish": call.results_published_at is None and call.phase == Phase.RESULTS,
        "phase_label": phase_label(call),
    }, status=400 if request.method == "POST" else 200)


# ---------------------------------------------------------------------------------------------
# Rubric: one page, three forms, each posting to its own URL
# ---------------------------------------------------------------------------------------------


def _rubric_page(request, call, *, data=None, action=None, status=200):
    """The rubric page; ``data`` binds only the form of ``action`` (the one that was posted)."""
    rubric = rubric_for(call) or Rubric(call=call)  # not saved: a page view writes nothing
    editable = rubric.is_editable
    queryset = rubric.criteria.all() if rubric.pk else Criterion.objects.none()
    rubric_data = data if action == "rubric" else None
    formset_class = forms.CriterionFormSet if editable else forms.ReadOnlyCriterionFormSet
    formset = formset_class(rubric_data, queryset=queryset, prefix="criteria")
    tie_form = forms.TieBreakForm(
        rubric_data, criteria=queryset,
        initial={"tie_break": rubric.tie_break_criterion.key if rubric.tie_break_criterion_id else ""},
    )
    thresholds_form = forms.ThresholdsForm(data if action == "thresholds" else None, instance=rubric)
    comments_form = forms.CommentRulesForm(data if action == "comments" else None, instance=rubric)
    if not editable:
        forms.disable_fields(tie_form, comments_form, *formset.forms)
    if not rubric.thresholds_editable:
        forms.disable_fields(thresholds_form)
    context = {
        "call": call, "rubric": rubric, "formset": formset, "tie_form": tie_form, "editable": editable,
        "thresholds_form": thresholds_form, "thresholds_editable": rubric.thresholds_editable,
        "comments_form": comments_form,
    }
    return context, (lambda: render(request, "evaluacion/staff_rubric.html", context, status=status))


@require_GET
@staff_required
def staff_rubric(request, slug):
    call = get_object_or_404(Call, slug=slug)
    _context, page = _rubric_page(request, call)
    return page()


def _refused(request, call, action, message):
    # The fields are disabled on the page; a POST can only come from a stale tab or a crafted request.
    messages.error(request, message)
    _context, page = _rubric_page(request, call, data=request.POST, action=action, status=403)
    return page()


@require_POST
@staff_required
def staff_rubric_criteria(request, slug):
    call = get_object_or_404(Call, slug=slug)
    context, page = _rubric_page(request, call, data=request.POST, action="rubric")
    if not context["editable"]:
        return _refused(request, call, "rubric", _g("La pauta ya no se puede modificar: la evaluación comenzó."))
    formset, tie_form = context["formset"], context["tie_form"]
    if formset.is_valid() and tie_form.is_valid():
        try:
            rubric_service.save_rubric(call=call, criteria_forms=formset.forms, tie_break_key=tie_form.cleaned_data["tie_break"])
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _g("Pauta guardada."))
            return redirect("evaluacion:staff_rubric", slug=slug)
    return page()


@require_POST
@staff_required
def staff_rubric_comments(request, slug):
    """Whether each review text is required: fixed once evaluation starts, like the rest of the rubric."""
    call = get_object_or_404(Call, slug=slug)
    context, page = _rubric_page(request, call, data=request.POST, action="comments")
    if not context["editable"]:
        return _refused(request, call, "comments", _g("La pauta ya no se puede modificar: la evaluación comenzó."))
    form = context["comments_form"]
    if form.is_valid():
        rubric_service.save_comment_rules(
            call=call, applicant_comment_required=form.cleaned_data["applicant_comment_required"],
            committee_note_required=form.cleaned_data["committee_note_required"],
        )
        messages.success(request, _g("Textos de la evaluación guardados."))
        return redirect("evaluacion:staff_rubric", slug=slug)
    return page()


@require_POST
@staff_required
def staff_rubric_thresholds(request, slug):
    call = get_object_or_404(Call, slug=slug)
    context, page = _rubric_page(request, call, data=request.POST, action="thresholds")
    if not context["thresholds_editable"]:
        return _refused(
            request, call, "thresholds", _g("Los resultados ya se publicaron: el umbral de desacuerdo no se puede cambiar.")
        )
    form = context["thresholds_form"]
    if form.is_valid():
        rubric_service.save_thresholds(
            call=call, max_std=form.cleaned_data["disagreement_max_std"], max_gap=form.cleaned_data["disagreement_max_gap"]
        )
        messages.success(request, _g("Umbral de desacuerdo guardado."))
        return redirect("evaluacion:staff_rubric", slug=slug)
    return page()


# ---------------------------------------------------------------------------------------------
# Evaluator pool
# ---------------------------------------------------------------------------------------------


@staff_required
def staff_pool(request, slug):
    """GET: the pool and the invitations; POST: invite one more evaluator."""
    call = get_object_or_404(Call, slug=slug)
    form = forms.InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pool.invite_evaluator(call=call, email=form.cleaned_data["email"], invited_by=request.user)
        messages.success(request, _g("Invitación enviada a %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect("evaluacion:staff_pool", slug=slug)
    return render(request, "evaluacion/staff_pool.html", {
        "call": call, "members": assignment_reads.pool_members(call), "form": form,
        "invitations": call.evaluator_invitations.all(),
    })


@staff_required
def staff_profile(request, slug, user_id):
    call = get_object_or_404(Call, slug=slug)
    member = get_object_or_404(PoolMember.objects.select_related("user"), call=call, user_id=user_id)
    instance = EvaluatorProfile.objects.filter(user=member.user).first() or EvaluatorProfile(user=member.user)
    form = forms.ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        pool.save_evaluator_profile(user=member.user, form=form)
        messages.success(request, _g("Perfil actualizado."))
        return redirect("evaluacion:staff_pool", slug=slug)
    return render(request, "evaluacion/staff_profile.html", {"call": call, "member": member, "form": form})


# ---------------------------------------------------------------------------------------------
# Conflicts
# ---------------------------------------------------------------------------------------------


def _conflicts_page(request, call, form, *, status=200):
    return render(request, "evaluacion/staff_conflicts.html", {"call": call, "form": form, **call_conflicts(call)}, status=status)


def _admissible(call, code) -> Submission:
    submission = assignment_reads.admissible_by_code(call, code)
    if submission is None:
        raise ValidationError(_g("No hay una postulación admisible con ese código."))
    return submission


@require_GET
@staff_required
def staff_conflicts(request, slug):
    call = get_object_or_404(Call, slug=slug)
    return _conflicts_page(request, call, forms.StaffConflictForm(evaluators=assignment_reads.pool_users(call)))


@require_POST
@staff_required
def staff_conflicts_refresh(request, slug):
    call = get_object_or_404(Call, slug=slug)
    count = assignment_service.refresh_conflicts(call=call)
    messages.success(request, _g("Conflictos automáticos recalculados: %(n)s.") % {"n": count})
    return redirect("evaluacion:staff_conflicts", slug=slug)


@require_POST
@staff_required
def staff_conflict_add(request, slug):
    call = get_object_or_404(Call, slug=slug)
    form = forms.StaffConflictForm(request.POST, evaluators=assignment_reads.pool_users(call))
    if form.is_valid():
        try:
            conflicts_service.add_staff_conflict(
                submission=_admissible(call, form.cleaned_data["code"]),
                evaluator=form.cleaned_data["evaluator"], reason=form.cleaned_data["reason"],
                actor=request.user, locked=form.cleaned_data["locked"],
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _g("Conflicto registrado."))
            return redirect("evaluacion:staff_conflicts", slug=slug)
    return _conflicts_page(request, call, form, status=400)


def _conflict(call, pk) -> Conflict:
    return get_object_or_404(Conflict, pk=pk, submission__call=call)


@require_POST
@staff_required
def staff_conflict_lock(request, slug, pk):
    call = get_object_or_404(Call, slug=slug)
    conflicts_service.set_conflict_lock(conflict=_conflict(call, pk), locked=True)
    messages.success(request, _g("Conflicto bloqueado."))
    return redirect("evaluacion:staff_conflicts", slug=slug)


@require_POST
@staff_required
def staff_conflict_unlock(request, slug, pk):
    call = get_object_or_404(Call, slug=slug)
    conflicts_service.set_conflict_lock(conflict=_conflict(call, pk), locked=False)
    messages.success(request, _g("Conflicto desbloqueado."))
    return redirect("evaluacion:staff_conflicts", slug=slug)


@require_POST
@staff_required
def staff_conflict_remove(request, slug, pk):
    call = get_object_or_404(Call, slug=slug)
    try:
        conflicts_service.remove_conflict(conflict=_conflict(call, pk), actor=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _g("Conflicto quitado; el motivo quedó registrado."))
    return redirect("evaluacion:staff_conflicts", slug=slug)


# ---------------------------------------------------------------------------------------------
# Assignment
# ---------------------------------------------------------------------------------------------


def _assignments_page(request, call, form, *, status=200):
    assignments = list(assignment_reads.assignment_overview(call))
    return render(request, "evaluacion/staff_assignments.html", {
        "call": call, "assignments": assignments, "form": form, "loads": assignment_reads.evaluator_loads(call),
        "has_drafts": any(a.status == AssignmentStatus.DRAFT for a in assignments),
    }, status=status)


def _assignment_action(request, slug, action):
    """Runs one assignment action and reports its outcome (errors in words, never a 500)."""
    call = get_object_or_404(Call, slug=slug)
    try:
        message = action(call)
    except AssignmentError as error:
        messages.error(request, assignment_service.assignment_error_message(error))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, message)
    return redirect("evaluacion:staff_assignments", slug=slug)


@require_GET
@staff_required
def staff_assignments(request, slug):
    call = get_object_or_404(Call, slug=slug)
    return _assignments_page(request, call, forms.ManualAssignmentForm(evaluators=assignment_reads.pool_users(call)))


@require_POST
@staff_required
def staff_assignments_run(request, slug):
    def run(call):
        created = assignment_service.run_assignment(call=call)
        return _g("Borrador de asignación con %(n)s asignaciones nuevas.") % {"n": len(created)}

    return _assignment_action(request, slug, run)


@require_POST
@staff_required
def staff_assignments_release(request, slug):
    def release(call):
        released = assignment_service.release_assignments(call=call)
        return _g("%(n)s asignaciones liberadas; se avisó a los evaluadores.") % {"n": released}

    return _assignment_action(request, slug, release)


@require_POST
@staff_required
def staff_assignment_remove(request, slug, pk):
    def remove(call):
        assignment = get_object_or_404(Assignment, pk=pk, submission__call=call)
        assignment_service.remove_draft_assignment(assignment=assignment)
        return _g("Asignación quitada del borrador.")

    return _assignment_action(request, slug, remove)


@require_POST
@staff_required
def staff_assignment_extra(request, slug):
    def extra(call):
        submission = _admissible(call, request.POST.get("code", ""))
        assignment_service.add_extra_evaluator(submission=submission)
        return _g("Evaluador adicional asignado a %(code)s.") % {"code": submission.code}

    return _assignment_action(request, slug, extra)


@require_POST
@staff_required
def staff_assignment_add(request, slug):
    call = get_object_or_404(Call, slug=slug)
    form = forms.ManualAssignmentForm(request.POST, evaluators=assignment_reads.pool_users(call))
    if form.is_valid():
        try:
            assignment_service.add_manual_assignment(
                submission=_admissible(call, form.cleaned_data["code"]), evaluator=form.cleaned_data["evaluator"]
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _g("Asignación agregada al borrador."))
            return redirect("evaluacion:staff_assignments", slug=slug)
    return _assignments_page(request, call, form, status=400)


# ---------------------------------------------------------------------------------------------
# Blind copies: staff review each one before release
# ---------------------------------------------------------------------------------------------


@require_GET
@staff_required
def staff_copies(request, slug):
    call = get_object_or_404(Call, slug=slug)
    return render(request, "evaluacion/staff_copies.html", {"call": call, "submissions": copies_overview(call)})


@require_POST
@staff_required
def staff_copies_generate(request, slug):
    call = get_object_or_404(Call, slug=slug)
    count = blind_copies.generate_redacted_copies(call=call)
    messages.success(request, _g("Copias anonimizadas listas: %(n)s.") % {"n": count})
    return redirect("evaluacion:staff_copies", slug=slug)


def _copy_entry(slug, code) -> tuple[Call, Submission]:
    call = get_object_or_404(Call, slug=slug)
    submission = get_object_or_404(
        Submission.objects.select_related("municipality__comuna__province", "municipality__comuna__region"),
        call=call, code=code, status=SubmissionStatus.ADMISSIBLE,
    )
    return call, submission


def _copy_page(request, call, submission, *, form=None, term_form=None, mayor_form=None, status=200):
    copy = redacted_copy(submission)
    context = {
        "call": call, "submission": submission, "copy_ready": copy is not None,
        "form": form or forms.RedactedCopyForm(labels=FIELD_LABELS, initial=copy.fields if copy else {}),
        "term_form": term_form or forms.IdentityTermForm(),
        "mayor_form": mayor_form or forms.MayorForm(initial={"mayor_name": submission.municipality.mayor_name}),
        "terms": IdentityTerm.objects.filter(municipality=submission.municipality).select_related("added_by"),
    }
    if copy is not None:
        context.update(blind_review(submission, labels=FIELD_LABELS))
        context["attachments_pending"] = attachments_pending(submission, sanitised_attachments(submission))
    return render(request, "evaluacion/staff_copy.html", context, status=status)


@require_GET
@staff_required
def staff_copy(request, slug, code):
    """Review of one blind copy: texts and attachments side by side, flagged spans, identity terms."""
    call, submission = _copy_entry(slug, code)
    return _copy_page(request, call, submission)


def _copy_done(request, slug, code, message):
    messages.success(request, message)
    return redirect("evaluacion:staff_copy", slug=slug, code=code)


@require_POST
@staff_required
def staff_copy_generate(request, slug, code):
    """Prepare the copy and its attachments now (normally done when the entry became admissible)."""
    _call, submission = _copy_entry(slug, code)
    blind_copies.prepare_blind_copy(submission=submission)
    return _copy_done(request, slug, code, _g("Copia anonimizada preparada."))


@require_POST
@staff_required
def staff_copy_regenerate(request, slug, code):
    _call, submission = _copy_entry(slug, code)
    blind_copies.regenerate_redacted_copy(submission=submission)
    return _copy_done(request, slug, code, _g("Copia regenerada desde la postulación."))


@require_POST
@staff_required
def staff_copy_save(request, slug, code):
    call, submission = _copy_entry(slug, code)
    copy = redacted_copy(submission)
    form = forms.RedactedCopyForm(request.POST, labels=FIELD_LABELS)
    if copy is None:
        form.add_error(None, _g("La copia anónima aún no está lista: prepárela antes de editarla."))
    elif form.is_valid():
        try:
            blind_copies.edit_redacted_copy(copy=copy, fields=form.cleaned_data, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            return _copy_done(request, slug, code, _g("Copia anonimizada guardada. Revísela de nuevo antes de liberar."))
    return _copy_page(request, call, submission, form=form, status=400)


@require_POST
@staff_required
def staff_copy_review(request, slug, code):
    _call, submission = _copy_entry(slug, code)
    flagged = request.POST.getlist("flag")
    masked = request.POST.getlist("mask")
    blind_copies.record_blind_review(
        submission=submission, actor=request.user, masked=masked, kept=[text for text in flagged if text not in masked],
    )
    return _copy_done(request, slug, code, _g("Revisión registrada: la copia se puede liberar."))


@require_POST
@staff_required
def staff_copy_term_add(request, slug, code):
    call, submission = _copy_entry(slug, code)
    term_form = forms.IdentityTermForm(request.POST)
    if term_form.is_valid():
        try:
            blind_copies.add_identity_term(
                municipality=submission.municipality, term=term_form.cleaned_data["term"],
                kind=term_form.cleaned_data["kind"], actor=request.user,
            )
        except ValidationError as error:
            term_form.add_error(None, error_text(error))
        else:
            return _copy_done(request, slug, code, _g("Término agregado; las copias de la municipalidad se actualizaron."))
    return _copy_page(request, call, submission, term_form=term_form, status=400)


@require_POST
@staff_required
def staff_copy_term_remove(request, slug, code, pk):
    _call, submission = _copy_entry(slug, code)
    term = get_object_or_404(IdentityTerm, pk=pk, municipality=submission.municipality)
    blind_copies.remove_identity_term(term=term, actor=request.user)
    return _copy_done(request, slug, code, _g("Término quitado. Regenere la copia para aplicar el cambio."))


@require_POST
@staff_required
def staff_copy_mayor(request, slug, code):
    call, submission = _copy_entry(slug, code)
    mayor_form = forms.MayorForm(request.POST)
    if mayor_form.is_valid():
        blind_copies.set_mayor_name(
            municipality=submission.municipality, name=mayor_form.cleaned_data["mayor_name"], actor=request.user
        )
        return _copy_done(request, slug, code, _g("Autoridad actualizada; las copias de la municipalidad se actualizaron."))
    return _copy_page(request, call, submission, mayor_form=mayor_form, status=400)


@require_GET
@staff_required
def staff_copy_attachment(request, slug, code, number):
    """The blind attachment as evaluators will receive it (for the review)."""
    _call, submission = _copy_entry(slug, code)
    return blind_attachment_response(submission, number)
