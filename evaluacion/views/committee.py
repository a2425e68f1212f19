"""Views of the expert committee: scores and ranking of a call, each entry, decisions (one entry or
the whole table), requests for an extra review, and the ranking and acta files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from concurso.models import Call, Submission, SubmissionStatus
from core import exports as core_exports
from evaluacion import charts, exports, forms
from evaluacion.selectors.blind import REDACTED_TEXT_FIELDS, redacted_copy, sanitised_attachments
from evaluacion.selectors.calls import committee_calls, committee_members
from evaluacion.selectors.committee import decision_log, extra_review_requests
from evaluacion.selectors.scores import (
    annotate_rows,
    call_scores,
    criteria_for,
    disagreement_thresholds,
    evaluator_distributions,
    ranking,
    rubric_for,
)
from evaluacion.services import committee as committee_service
from evaluacion.views.common import (
    FIELD_LABELS,
    blind_attachment_response,
    blind_fields,
    check,
    committee_required,
    error_text,
    phase_label,
    private_file,
)


def _phase_context(request, call: Call) -> dict:
    """Scores are provisional before the committee phase; decisions are accepted only in it."""
    return {
        "provisional": call.results_published_at is None
        and call.phase not in committee_service.COMMITTEE_PHASES,
        "committee_open": call.results_published_at is None
        and call.phase in committee_service.COMMITTEE_PHASES,
        "phase_label": phase_label(call),
        "can_decide_call": request.user.has_perm("evaluacion.decide_now", call),
    }


@require_GET
@committee_required
def committee_home(request):
    return render(request, "evaluacion/committee_home.html", {"calls": committee_calls()})


@require_GET
@committee_required
def committee_call(request, slug):
    call = get_object_or_404(Call, slug=slug)
    grouped = annotate_rows(call, ranking(call), identified=call.committee_sees_identities)
    return render(
        request,
        "evaluacion/committee_call.html",
        {
            **_phase_context(request, call),
            "call": call,
            "grouped": grouped,
            "identified": call.committee_sees_identities,
            "thresholds": disagreement_thresholds(rubric_for(call)),
        },
    )


def _committee_submission(slug, code) -> Submission:
    return get_object_or_404(
        Submission.objects.select_related("call", "category", "municipality", "redacted_copy"),
        call__slug=slug,
        code=code,
        status=SubmissionStatus.ADMISSIBLE,
    )


@require_GET
@committee_required
def committee_entry(request, slug, code):
    submission = _committee_submission(slug, code)
    call = submission.call
    rows = call_scores(call, category=submission.category)
    ranking(call, rows)
    row = next(r for r in rows if r.submission.pk == submission.pk)
    decision_form = forms.DecisionForm(
        initial={
            "outcome": row.decision.outcome if row.decision else "",
            "adjusted_score": row.decision.adjusted_score if row.decision else None,
        }
    )
    copy_ready = True
    if call.committee_sees_identities:
        fields = [
            (FIELD_LABELS[name], getattr(submission, name))
            for name in REDACTED_TEXT_FIELDS
            if name != "title"
        ]
        title = submission.title
    else:
        copy = redacted_copy(submission)
        copy_ready = copy is not None
        fields, title = (blind_fields(copy), copy.fields.get("title", "")) if copy else ([], "")
    return render(
        request,
        "evaluacion/committee_entry.html",
        {
            "call": call,
            "submission": submission,
            "row": row,
            "title": title,
            "fields": fields,
            "copy_ready": copy_ready,
            "criteria": criteria_for(call),
            "decision_form": decision_form,
            "extra_form": forms.ReasonForm(prefix="extra"),
            "can_request_review": request.user.has_perm("evaluacion.request_review", submission),
            "log": decision_log(submission),
            "attachments": sanitised_attachments(submission),
            "can_decide": request.user.has_perm("evaluacion.decide_now", submission),
            "requests": extra_review_requests(submission),
            **_phase_context(request, call),
        },
    )


@require_POST
@committee_required
def committee_decide(request, slug, code):
    submission = _committee_submission(slug, code)
    check(request.user, "evaluacion.decide", submission)
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        try:
            committee_service.record_decision(
                submission=submission,
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                adjusted_score=form.cleaned_data["adjusted_score"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Decisión registrada."))
        except ValidationError as error:
            messages.error(request, error_text(error))
    else:
        messages.error(request, _("La decisión necesita un motivo escrito y valores válidos."))
    return redirect("evaluacion:committee_entry", slug=slug, code=code)


@require_POST
@committee_required
def committee_request_review(request, slug, code):
    submission = _committee_submission(slug, code)
    check(request.user, "evaluacion.request_review", submission)
    form = forms.ReasonForm(request.POST, prefix="extra")
    if form.is_valid():
        committee_service.request_extra_review(
            submission=submission, actor=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Solicitud de evaluación adicional enviada a la coordinación."))
    else:
        messages.error(request, _("Indique el motivo de la evaluación adicional."))
    return redirect("evaluacion:committee_entry", slug=slug, code=code)


@require_GET
@committee_required
def committee_attachment(request, slug, code, number):
    submission = _committee_submission(slug, code)
    if submission.call.committee_sees_identities or request.user.has_perm("evaluacion.manage_call"):
        attachments = list(submission.attachments.order_by("uploaded_at", "pk"))
        if not 1 <= number <= len(attachments):
            raise Http404
        original = attachments[number - 1]
        return private_file(
            original.file.open("rb"), filename=original.original_name, content_type=original.content_type
        )
    return blind_attachment_response(submission, number)


@require_GET
@committee_required
def committee_ranking(request, slug):
    call = get_object_or_404(Call, slug=slug)
    grouped = annotate_rows(call, ranking(call), identified=call.committee_sees_identities)
    ranking_charts = [
        (
            category,
            charts.ranking_svg(
                [
                    (row.submission.code, row.final_score, row.tied, row.rank, row.title)
                    for row in rows
                    if row.final_score is not None
                ],
                title=_("Ranking: %(category)s") % {"category": category or _("Sin categoría")},
            ),
        )
        for category, rows in grouped.items()
    ]
    distribution = charts.distribution_svg(
        evaluator_distributions(call), title=_("Distribución de puntajes por evaluador")
    )
    return render(
        request,
        "evaluacion/committee_ranking.html",
        {
            "call": call,
            "grouped": grouped,
            "ranking_charts": ranking_charts,
            "distribution": distribution,
            **_phase_context(request, call),
        },
    )


def _present_members(request) -> list[int]:
    """The committee members ticked as present for the acta (only real committee members count)."""
    wanted = {value for value in request.POST.getlist("present") if value.isdigit()}
    return list(committee_members().filter(pk__in=wanted).values_list("pk", flat=True))


@require_POST
@committee_required
def export(request, slug, name):
    """Ask for a ranking or acta file; it is prepared in the background (core.exports)."""
    call = get_object_or_404(Call, slug=slug)
    kind = exports.KINDS.get(name)
    if kind is None:
        raise Http404
    params = exports.export_params(request.user, call)
    present = _present_members(request) if name == "acta.pdf" else []
    if present:
        params["present"] = present
    job = core_exports.request_export(user=request.user, kind=kind.name, params=params)
    return core_exports.response_for(request, job)


def _decisions_page(request, call, form, grouped, *, status=200):
    return render(
        request,
        "evaluacion/committee_decisions.html",
        {
            "call": call,
            "form": form,
            "grouped": grouped,
            "identified": call.committee_sees_identities,
            **_phase_context(request, call),
            "members": committee_members(),
        },
        status=status,
    )


def _decision_rows(call):
    grouped = annotate_rows(call, ranking(call), identified=call.committee_sees_identities)
    return grouped, [row for rows in grouped.values() for row in rows]


@committee_required
def committee_decisions(request, slug):
    """The committee's table: decisions for many entries at once (read-only outside the committee
    phase). GET shows it; POST records the changed rows, all or nothing."""
    call = get_object_or_404(Call, slug=slug)
    if request.method == "POST":
        check(request.user, "evaluacion.decide", call)
    grouped, rows = _decision_rows(call)
    form = forms.BulkDecisionForm(request.POST or None, rows=rows)
    if not request.user.has_perm("evaluacion.decide_now", call):
        forms.disable_fields(form)
    if request.method != "POST":
        return _decisions_page(request, call, form, grouped)
    if form.is_valid():
        items = form.changed_items()
        if not items:
            messages.info(request, _("No cambió ninguna decisión."))
            return redirect("evaluacion:committee_decisions", slug=slug)
        try:
            count = committee_service.record_decisions(call=call, actor=request.user, items=items)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Decisiones registradas: %(n)s.") % {"n": count})
            return redirect("evaluacion:committee_decisions", slug=slug)
    # All or nothing: nothing was recorded and everything typed stays in the table.
    return _decisions_page(request, call, form, grouped, status=400)
