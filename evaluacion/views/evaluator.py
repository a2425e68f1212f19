"""Views of evaluators: their dashboard and profile, the invitation, the blind entry and its review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from concurso.models import Submission
from evaluacion import forms
from evaluacion.models import ReviewStatus
from evaluacion.selectors.blind import attachments_pending, redacted_copy, sanitised_attachments
from evaluacion.selectors.evaluator import assignment_for_code, has_account, profile_for
from evaluacion.selectors.evaluator import dashboard as evaluator_dashboard
from evaluacion.selectors.scores import criteria_for, rubric_for
from evaluacion.services import conflicts as conflicts_service
from evaluacion.services import pool as pool_service
from evaluacion.services import reviews as reviews_service
from evaluacion.views.common import blind_attachment_response, blind_fields, check, error_text


@login_required
def dashboard(request):
    check(request.user, "evaluacion.access_dashboard")
    return render(
        request,
        "evaluacion/dashboard.html",
        {"groups": evaluator_dashboard(request.user), "now": timezone.now()},
    )


def _evaluator_submission(request, code):
    # The same 404 for a code that does not exist and for one this evaluator may not open
    # (unassigned, conflicted, not released): a 403 would tell them the code exists.
    submission = Submission.objects.select_related("call", "category").filter(code=code).first()
    if submission is None or not request.user.has_perm("evaluacion.view_entry", submission):
        raise Http404
    return submission, assignment_for_code(request.user, code)


def _review_form(data, submission, assignment):
    review = getattr(assignment, "review", None)
    initial_scores = (
        {s.criterion_id: (s.score, s.justification) for s in review.scores.all()} if review else {}
    )
    initial = {
        "overall_comment": review.overall_comment if review else "",
        "applicant_comment": review.applicant_comment if review else "",
    }
    return forms.ReviewForm(
        data,
        criteria=criteria_for(submission.call),
        initial_scores=initial_scores,
        initial=initial,
        rubric=rubric_for(submission.call),
    )


def _entry_page(request, submission, assignment, form):
    copy = redacted_copy(submission)
    attachments = sanitised_attachments(submission)
    review = getattr(assignment, "review", None)
    return render(
        request,
        "evaluacion/entry.html",
        {
            "submission": submission,
            "copy_ready": copy is not None,
            "title": copy.fields.get("title", "") if copy else "",
            "fields": blind_fields(copy) if copy else [],
            "facts": copy.fields if copy else {},
            "themes": submission.themes.all(),
            "ods": submission.ods.all(),
            "attachments": attachments,
            "attachments_pending": attachments_pending(submission, attachments),
            "form": form,
            "review": review,
            "can_edit": request.user.has_perm("evaluacion.review_entry", submission),
            "evaluation_not_open": timezone.now() < submission.call.evaluation_open_at,
            "can_declare": request.user.has_perm("evaluacion.declare_conflict", submission),
            "submitted": review is not None and review.status == ReviewStatus.SUBMITTED,
        },
    )


@require_GET
@login_required
def entry(request, code):
    submission, assignment = _evaluator_submission(request, code)
    return _entry_page(request, submission, assignment, _review_form(None, submission, assignment))


def _save_review(request, code, *, submit: bool):
    submission, assignment = _evaluator_submission(request, code)
    if not request.user.has_perm("evaluacion.review_entry", submission):
        raise PermissionDenied
    form = _review_form(request.POST, submission, assignment)
    if form.is_valid():
        try:
            reviews_service.save_review(
                assignment=assignment,
                scores=form.score_inputs(),
                overall_comment=form.cleaned_data["overall_comment"],
                submit=submit,
                applicant_comment=form.cleaned_data["applicant_comment"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Evaluación enviada.") if submit else _("Borrador guardado."))
            return redirect("evaluacion:entry", code=code)
    # Everything typed stays on the page, with the errors on top.
    return _entry_page(request, submission, assignment, form)


@require_POST
@login_required
def entry_save(request, code):
    """Save the review as a draft (incomplete scores allowed)."""
    return _save_review(request, code, submit=False)


@require_POST
@login_required
def entry_submit(request, code):
    """Send the review: every required score with its written justification."""
    return _save_review(request, code, submit=True)


@require_GET
@login_required
def entry_attachment(request, code, number):
    submission, _assignment = _evaluator_submission(request, code)
    return blind_attachment_response(submission, number)


@login_required
def declare_conflict(request, code):
    submission, assignment = _evaluator_submission(request, code)
    check(request.user, "evaluacion.declare_conflict", submission)
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        conflicts_service.declare_conflict(assignment=assignment, reason=form.cleaned_data["reason"])
        messages.success(
            request, _("Conflicto registrado. La postulación %(code)s fue reasignada.") % {"code": code}
        )
        return redirect("evaluacion:dashboard")
    return render(request, "evaluacion/declare_conflict.html", {"submission": submission, "form": form})


@login_required
def profile(request):
    check(request.user, "evaluacion.access_dashboard")
    # An evaluator without a profile yet gets an empty form; the profile is created when saved.
    instance = profile_for(request.user)
    form = forms.OwnProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        pool_service.save_evaluator_profile(user=request.user, form=form)
        messages.success(request, _("Perfil actualizado."))
        return redirect("evaluacion:dashboard")
    return render(request, "evaluacion/profile.html", {"form": form})


def accept_invitation(request, token):
    try:
        invitation = pool_service.invitation_from_token(token)
    except ValidationError as error:
        return render(request, "evaluacion/invitation_invalid.html", {"error": error_text(error)}, status=404)
    known = has_account(invitation.email)
    form = (
        None if (known or request.user.is_authenticated) else forms.AcceptInvitationForm(request.POST or None)
    )
    if request.method == "POST":
        if request.user.is_authenticated:
            user = request.user
        elif known:
            return redirect(f"{reverse('portal:login')}?next={request.path}")
        elif form.is_valid():
            user = None
        else:
            return render(request, "evaluacion/invitation.html", {"invitation": invitation, "form": form})
        try:
            user = pool_service.accept_invitation(
                token=token, user=user, **(form.cleaned_data if form else {})
            )
        except ValidationError as error:
            return render(
                request, "evaluacion/invitation_invalid.html", {"error": error_text(error)}, status=400
            )
        if not request.user.is_authenticated:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Bienvenido al grupo de evaluadores. Complete su perfil."))
        return redirect("evaluacion:profile")
    return render(
        request, "evaluacion/invitation.html", {"invitation": invitation, "form": form, "known": known}
    )
