"""Views of staff (the coordination): calls and their phases, the publication of results, the rubric
and the evaluator pool. One URL per action: each button posts to its own view; pages only read.

Assignment and conflicts: views.staff_assignment; blind copies: views.staff_copies."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from concurso.models import Call, Phase
from evaluacion import forms
from evaluacion.models import (
    Criterion,
    PoolMember,
    Rubric,
)
from evaluacion.selectors import assignments as assignment_reads
from evaluacion.selectors.calls import staff_call_summary, staff_calls
from evaluacion.selectors.evaluator import profile_for
from evaluacion.selectors.publication import publication_summary
from evaluacion.selectors.scores import annotate_rows, ranking, rubric_for
from evaluacion.services import phases, pool, publication
from evaluacion.services import rubric as rubric_service
from evaluacion.views.common import (
    coordinator_required,
    error_text,
    phase_label,
)

# ---------------------------------------------------------------------------------------------
# Calls and phases
# ---------------------------------------------------------------------------------------------

# What staff can close early, by the phase the call is in: button label, URL name, what it does.
PHASE_CLOSINGS = {
    Phase.EVALUATION: (
        _("Cerrar la evaluación ahora"),
        "staff_close_evaluation",
        _(
            "La evaluación termina ahora: los evaluadores ya no podrán guardar ni enviar evaluaciones y el comité "
            "de expertos pasa a trabajar con los puntajes enviados."
        ),
    ),
    Phase.COMMITTEE: (
        _("Cerrar el comité y pasar a resultados"),
        "staff_close_committee",
        _(
            "El trabajo del comité termina ahora y comienza la fase de resultados, en la que la coordinación "
            "publica los resultados. El comité puede seguir registrando decisiones hasta la publicación."
        ),
    ),
}


@require_GET
@coordinator_required
def staff_home(request):
    return render(request, "evaluacion/staff_home.html", {"calls": staff_calls()})


@require_GET
@coordinator_required
def staff_call(request, slug):
    call = get_object_or_404(Call, slug=slug)
    return render(
        request,
        "evaluacion/staff_call.html",
        {
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
        },
    )


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
            messages.success(
                request,
                gettext("Fase cambiada: %(from)s → %(to)s.")
                % {
                    "from": change.get_from_phase_display(),
                    "to": change.get_to_phase_display(),
                },
            )
            return redirect("evaluacion:staff_call", slug=slug)
        if not in_phase:
            messages.error(request, gettext("La convocatoria ya no está en esa fase."))
            return redirect("evaluacion:staff_call", slug=slug)
    return render(
        request,
        "evaluacion/staff_phase.html",
        {
            "call": call,
            "form": form,
            "title": label,
            "explanation": explanation,
            "in_phase": in_phase,
            "phase_label": phase_label(call),
            **assignment_reads.pending_work(call),
            "closing_evaluation": phase == Phase.EVALUATION,
        },
    )


@coordinator_required
def staff_close_evaluation(request, slug):
    return _close_phase(request, slug, phase=Phase.EVALUATION, close=phases.close_evaluation)


@coordinator_required
def staff_close_committee(request, slug):
    return _close_phase(request, slug, phase=Phase.COMMITTEE, close=phases.close_committee)


@coordinator_required
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
                messages.success(
                    request,
                    gettext(
                        "Resultados publicados; las fichas de ganadoras y menciones quedaron en revisión editorial."
                    ),
                )
            else:
                messages.info(
                    request, gettext("Los resultados ya estaban publicados: no se envió nada de nuevo.")
                )
            return redirect("evaluacion:staff_call", slug=slug)
    grouped = annotate_rows(call, ranking(call), identified=True)
    return render(
        request,
        "evaluacion/staff_publish.html",
        {
            "call": call,
            "grouped": grouped,
            "form": form,
            "summary": publication_summary(call) if call.results_published_at is None else None,
            "publication": getattr(call, "publication", None) if call.results_published_at else None,
            "can_publish": call.results_published_at is None and call.phase == Phase.RESULTS,
            "phase_label": phase_label(call),
        },
        status=400 if request.method == "POST" else 200,
    )


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
        rubric_data,
        criteria=queryset,
        initial={"tie_break": rubric.tie_break_criterion.key if rubric.tie_break_criterion_id else ""},
    )
    thresholds_form = forms.ThresholdsForm(data if action == "thresholds" else None, instance=rubric)
    comments_form = forms.CommentRulesForm(data if action == "comments" else None, instance=rubric)
    if not editable:
        forms.disable_fields(tie_form, comments_form, *formset.forms)
    if not rubric.thresholds_editable:
        forms.disable_fields(thresholds_form)
    context = {
        "call": call,
        "rubric": rubric,
        "formset": formset,
        "tie_form": tie_form,
        "editable": editable,
        "thresholds_form": thresholds_form,
        "thresholds_editable": rubric.thresholds_editable,
        "comments_form": comments_form,
    }
    return context, (lambda: render(request, "evaluacion/staff_rubric.html", context, status=status))


@require_GET
@coordinator_required
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
@coordinator_required
def staff_rubric_criteria(request, slug):
    call = get_object_or_404(Call, slug=slug)
    context, page = _rubric_page(request, call, data=request.POST, action="rubric")
    if not context["editable"]:
        return _refused(
            request, call, "rubric", gettext("La pauta ya no se puede modificar: la evaluación comenzó.")
        )
    formset, tie_form = context["formset"], context["tie_form"]
    if formset.is_valid() and tie_form.is_valid():
        try:
            rubric_service.save_rubric(
                call=call, criteria_forms=formset.forms, tie_break_key=tie_form.cleaned_data["tie_break"]
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, gettext("Pauta guardada."))
            return redirect("evaluacion:staff_rubric", slug=slug)
    return page()


@require_POST
@coordinator_required
def staff_rubric_comments(request, slug):
    """Whether each review text is required: fixed once evaluation starts, like the rest of the rubric."""
    call = get_object_or_404(Call, slug=slug)
    context, page = _rubric_page(request, call, data=request.POST, action="comments")
    if not context["editable"]:
        return _refused(
            request, call, "comments", gettext("La pauta ya no se puede modificar: la evaluación comenzó.")
        )
    form = context["comments_form"]
    if form.is_valid():
        rubric_service.save_comment_rules(
            call=call,
            applicant_comment_required=form.cleaned_data["applicant_comment_required"],
            committee_note_required=form.cleaned_data["committee_note_required"],
        )
        messages.success(request, gettext("Textos de la evaluación guardados."))
        return redirect("evaluacion:staff_rubric", slug=slug)
    return page()


@require_POST
@coordinator_required
def staff_rubric_thresholds(request, slug):
    call = get_object_or_404(Call, slug=slug)
    context, page = _rubric_page(request, call, data=request.POST, action="thresholds")
    if not context["thresholds_editable"]:
        return _refused(
            request,
            call,
            "thresholds",
            gettext("Los resultados ya se publicaron: el umbral de desacuerdo no se puede cambiar."),
        )
    form = context["thresholds_form"]
    if form.is_valid():
        rubric_service.save_thresholds(
            call=call,
            max_std=form.cleaned_data["disagreement_max_std"],
            max_gap=form.cleaned_data["disagreement_max_gap"],
        )
        messages.success(request, gettext("Umbral de desacuerdo guardado."))
        return redirect("evaluacion:staff_rubric", slug=slug)
    return page()


# ---------------------------------------------------------------------------------------------
# Evaluator pool
# ---------------------------------------------------------------------------------------------


@coordinator_required
def staff_pool(request, slug):
    """GET: the pool and the invitations; POST: invite one more evaluator."""
    call = get_object_or_404(Call, slug=slug)
    form = forms.InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pool.invite_evaluator(call=call, email=form.cleaned_data["email"], invited_by=request.user)
        messages.success(
            request, gettext("Invitación enviada a %(email)s.") % {"email": form.cleaned_data["email"]}
        )
        return redirect("evaluacion:staff_pool", slug=slug)
    return render(
        request,
        "evaluacion/staff_pool.html",
        {
            "call": call,
            "members": assignment_reads.pool_members(call),
            "form": form,
            "invitations": call.evaluator_invitations.all(),
        },
    )


@coordinator_required
def staff_profile(request, slug, user_id):
    call = get_object_or_404(Call, slug=slug)
    member = get_object_or_404(PoolMember.objects.select_related("user"), call=call, user_id=user_id)
    instance = profile_for(member.user)
    form = forms.ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        pool.save_evaluator_profile(user=member.user, form=form)
        messages.success(request, gettext("Perfil actualizado."))
        return redirect("evaluacion:staff_pool", slug=slug)
    return render(request, "evaluacion/staff_profile.html", {"call": call, "member": member, "form": form})
