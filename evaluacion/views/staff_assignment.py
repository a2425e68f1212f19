"""Views of staff for the assignment of evaluators and conflicts of interest: each action (run,
release, add, extra, remove; refresh, add, lock, unlock, remove) has its own URL; pages only read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from concurso.models import Call, Submission
from evaluacion import forms
from evaluacion.assignment import AssignmentError
from evaluacion.models import (
    Assignment,
    AssignmentStatus,
    Conflict,
)
from evaluacion.selectors import assignments as assignment_reads
from evaluacion.selectors.conflicts import call_conflicts
from evaluacion.services import assignment as assignment_service
from evaluacion.services import conflicts as conflicts_service
from evaluacion.views.common import (
    coordinator_required,
    error_text,
)

# ---------------------------------------------------------------------------------------------
# Conflicts
# ---------------------------------------------------------------------------------------------


def _conflicts_page(request, call, form, *, status=200):
    return render(
        request,
        "evaluacion/staff_conflicts.html",
        {"call": call, "form": form, **call_conflicts(call)},
        status=status,
    )


def _admissible(call, code) -> Submission:
    submission = assignment_reads.admissible_by_code(call, code)
    if submission is None:
        raise ValidationError(_("No hay una postulación admisible con ese código."))
    return submission


@require_GET
@coordinator_required
def staff_conflicts(request, slug):
    call = get_object_or_404(Call, slug=slug)
    return _conflicts_page(
        request, call, forms.StaffConflictForm(evaluators=assignment_reads.pool_users(call))
    )


@require_POST
@coordinator_required
def staff_conflicts_refresh(request, slug):
    call = get_object_or_404(Call, slug=slug)
    count = assignment_service.refresh_conflicts(call=call)
    messages.success(request, _("Conflictos automáticos recalculados: %(n)s.") % {"n": count})
    return redirect("evaluacion:staff_conflicts", slug=slug)


@require_POST
@coordinator_required
def staff_conflict_add(request, slug):
    call = get_object_or_404(Call, slug=slug)
    form = forms.StaffConflictForm(request.POST, evaluators=assignment_reads.pool_users(call))
    if form.is_valid():
        try:
            conflicts_service.add_staff_conflict(
                submission=_admissible(call, form.cleaned_data["code"]),
                evaluator=form.cleaned_data["evaluator"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
                locked=form.cleaned_data["locked"],
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Conflicto registrado."))
            return redirect("evaluacion:staff_conflicts", slug=slug)
    return _conflicts_page(request, call, form, status=400)


def _conflict(call, pk) -> Conflict:
    return get_object_or_404(Conflict, pk=pk, submission__call=call)


@require_POST
@coordinator_required
def staff_conflict_lock(request, slug, pk):
    call = get_object_or_404(Call, slug=slug)
    conflicts_service.set_conflict_lock(conflict=_conflict(call, pk), locked=True)
    messages.success(request, _("Conflicto bloqueado."))
    return redirect("evaluacion:staff_conflicts", slug=slug)


@require_POST
@coordinator_required
def staff_conflict_unlock(request, slug, pk):
    call = get_object_or_404(Call, slug=slug)
    conflicts_service.set_conflict_lock(conflict=_conflict(call, pk), locked=False)
    messages.success(request, _("Conflicto desbloqueado."))
    return redirect("evaluacion:staff_conflicts", slug=slug)


@require_POST
@coordinator_required
def staff_conflict_remove(request, slug, pk):
    call = get_object_or_404(Call, slug=slug)
    try:
        conflicts_service.remove_conflict(
            conflict=_conflict(call, pk), actor=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Conflicto quitado; el motivo quedó registrado."))
    return redirect("evaluacion:staff_conflicts", slug=slug)


# ---------------------------------------------------------------------------------------------
# Assignment
# ---------------------------------------------------------------------------------------------


def _assignments_page(request, call, form, *, status=200):
    assignments = list(assignment_reads.assignment_overview(call))
    return render(
        request,
        "evaluacion/staff_assignments.html",
        {
            "call": call,
            "assignments": assignments,
            "form": form,
            "loads": assignment_reads.evaluator_loads(call),
            "has_drafts": any(a.status == AssignmentStatus.DRAFT for a in assignments),
        },
        status=status,
    )


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
@coordinator_required
def staff_assignments(request, slug):
    call = get_object_or_404(Call, slug=slug)
    return _assignments_page(
        request, call, forms.ManualAssignmentForm(evaluators=assignment_reads.pool_users(call))
    )


@require_POST
@coordinator_required
def staff_assignments_run(request, slug):
    def run(call):
        created = assignment_service.run_assignment(call=call)
        return _("Borrador de asignación con %(n)s asignaciones nuevas.") % {"n": len(created)}

    return _assignment_action(request, slug, run)


@require_POST
@coordinator_required
def staff_assignments_release(request, slug):
    def release(call):
        released = assignment_service.release_assignments(call=call)
        return _("%(n)s asignaciones liberadas; se avisó a los evaluadores.") % {"n": released}

    return _assignment_action(request, slug, release)


@require_POST
@coordinator_required
def staff_assignment_remove(request, slug, pk):
    def remove(call):
        assignment = get_object_or_404(Assignment, pk=pk, submission__call=call)
        assignment_service.remove_draft_assignment(assignment=assignment)
        return _("Asignación quitada del borrador.")

    return _assignment_action(request, slug, remove)


@require_POST
@coordinator_required
def staff_assignment_extra(request, slug):
    def extra(call):
        submission = _admissible(call, request.POST.get("code", ""))
        assignment_service.add_extra_evaluator(submission=submission)
        return _("Evaluador adicional asignado a %(code)s.") % {"code": submission.code}

    return _assignment_action(request, slug, extra)


@require_POST
@coordinator_required
def staff_assignment_add(request, slug):
    call = get_object_or_404(Call, slug=slug)
    form = forms.ManualAssignmentForm(request.POST, evaluators=assignment_reads.pool_users(call))
    if form.is_valid():
        try:
            assignment_service.add_manual_assignment(
                submission=_admissible(call, form.cleaned_data["code"]),
                evaluator=form.cleaned_data["evaluator"],
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Asignación agregada al borrador."))
            return redirect("evaluacion:staff_assignments", slug=slug)
    return _assignments_page(request, call, form, status=400)
