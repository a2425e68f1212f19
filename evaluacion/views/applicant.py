"""Views of the applicant's municipality: the words to mask in its blind copies, and its feedback
report once results are published."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from concurso.models import Submission
from evaluacion import feedback as feedback_report
from evaluacion import forms
from evaluacion.selectors.blind import reserved_terms
from evaluacion.services import blind_copies
from evaluacion.views.common import check, error_text


@login_required
def identity_terms(request):
    """Applicants add the words that identify their municipality (neighbourhoods, programmes,
    authorities) so that evaluators never read them. Adding only: removing is a staff action."""
    check(request.user, "evaluacion.add_identity_term")
    municipality = request.user.municipality
    form = forms.IdentityTermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            blind_copies.add_identity_term(
                municipality=municipality,
                term=form.cleaned_data["term"],
                kind=form.cleaned_data["kind"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error("term", error_text(error))
        else:
            messages.success(request, _("Término agregado: se ocultará en las copias para evaluadores."))
            return redirect("evaluacion:identity_terms")
    return render(
        request,
        "evaluacion/identity_terms.html",
        {
            "form": form,
            "municipality": municipality,
            "terms": reserved_terms(municipality),
        },
    )


def _feedback_entry(request, code) -> Submission:
    submission = get_object_or_404(
        Submission.objects.select_related("call", "category", "municipality", "decision"), code=code
    )
    if not request.user.has_perm("evaluacion.view_feedback", submission):
        raise Http404  # an applicant never learns whether another municipality's code exists
    return submission


def _report(request, code):
    submission = _feedback_entry(request, code)
    report = feedback_report.report_for(submission, preview=request.user.has_perm("evaluacion.manage_call"))
    if report is None:
        raise Http404
    return submission, report


@require_GET
@login_required
def feedback(request, code):
    submission, report = _report(request, code)
    return render(
        request,
        "evaluacion/feedback.html",
        {
            "report": report,
            "submission": submission,
            "place": feedback_report.place_text(report),
        },
    )


@require_GET
@login_required
def feedback_pdf(request, code):
    submission, report = _report(request, code)
    response = HttpResponse(feedback_report.report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="retroalimentacion-{submission.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
