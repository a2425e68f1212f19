"""Thin views: parse input, check the rule for the object, call one service or selector, render."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from concurso.models import Call, Phase, Submission, SubmissionStatus
from core import exports as portal_exports
from core.models import Role, User
from evaluacion import charts, exports, forms
from evaluacion import feedback as feedback_report
from evaluacion.assignment import AssignmentError
from evaluacion.models import (
    Assignment,
    AssignmentStatus,
    CallPhaseChange,
    Conflict,
    ConflictRemoval,
    DecisionChoice,
    DecisionLog,
    EvaluatorProfile,
    ExtraReviewRequest,
    IdentityTerm,
    Invitation,
    PoolMember,
    RedactedCopy,
    ReviewStatus,
    Rubric,
    SanitisedAttachment,
)
from evaluacion.selectors import blind, evaluator, scores
from evaluacion.selectors.assignments import assignment_overview
from evaluacion.selectors.publication import publication_summary
from evaluacion.services import assignment as assignment_service
from evaluacion.services import blind_copies, committee, phases, pool, publication, reviews
from evaluacion.services import conflicts as conflicts_service
from evaluacion.services import rubric as rubric_service

FIELD_LABELS = {
    name: str(Submission._meta.get_field(name).verbose_name).capitalize() for name in blind.REDACTED_TEXT_FIELDS
}


def _check(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def coordinator_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        _check(request.user, "evaluacion.manage_call")
        return view(request, *args, **kwargs)

    return wrapper


def committee_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        _check(request.user, "evaluacion.view_committee")
        return view(request, *args, **kwargs)

    return wrapper


def _phase_label(call: Call) -> str:
    """The call's current phase in words ("Evaluación"), never the stored value ("evaluacion")."""
    return str(Phase(call.phase).label)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _private_file(handle, *, filename: str, content_type: str):
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _blind_fields(copy: RedactedCopy | None) -> list[tuple[str, str]]:
    fields = copy.fields if copy else {}
    return [(FIELD_LABELS[name], fields.get(name, "")) for name in blind.REDACTED_TEXT_FIELDS if name != "title"]


def _blind_attachments(submission: Submission) -> list[SanitisedAttachment]:
    attachments = list(SanitisedAttachment.objects.filter(attachment__submission=submission).order_by("number"))
    if len(attachments) < submission.attachments.count():
        attachments = blind_copies.prepare_attachments(submission=submission)
    return attachments


def _blind_attachment_response(submission: Submission, number: int):
    """The numbered sanitised attachment, under its neutral name; 404 when absent or not available."""
    record = next((a for a in _blind_attachments(submission) if a.number == number), None)
    if record is None or not record.available:
        raise Http404
    return _private_file(record.file.open("rb"), filename=record.neutral_name, content_type=record.content_type)


# ---------------------------------------------------------------------------------------------
# Evaluators
# ---------------------------------------------------------------------------------------------


@login_required
def dashboard(request):
    _check(request.user, "evaluacion.access_dashboard")
    return render(request, "evaluacion/dashboard.html", {"groups": evaluator.dashboard(request.user), "now": timezone.now()})


def _evaluator_submission(request, code):
    # The same 404 for a code that does not exist and for one this evaluator may not open
    # (unassigned, conflicted, not released): a 403 would tell them the code exists.
    submission = Submission.objects.select_related("call", "category").filter(code=code).first()
    if submission is None or not request.user.has_perm("evaluacion.view_entry", submission):
        raise Http404
    assignment = evaluator.assignment_for_code(request.user, code)
    return submission, assignment


@login_required
def entry(request, code):
    submission, assignment = _evaluator_submission(request, code)
    copy = blind_copies.ensure_redacted_copy(submission=submission)
    criteria = scores.criteria_for(submission.call)
    review = getattr(assignment, "review", None)
    initial_scores = {}
    if review is not None:
        initial_scores = {s.criterion_id: (s.score, s.justification) for s in review.scores.all()}
    can_edit = request.user.has_perm("evaluacion.review_entry", submission)
    initial = {
        "overall_comment": review.overall_comment if review else "",
        "applicant_comment": review.applicant_comment if review else "",
    }
    form = forms.ReviewForm(
        request.POST or None, criteria=criteria, initial_scores=initial_scores, initial=initial,
        rubric=scores.rubric_for(submission.call),
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        submit = "submit" in request.POST
        if form.is_valid():
            try:
                reviews.save_review(
                    assignment=assignment, scores=form.score_inputs(),
                    overall_comment=form.cleaned_data["overall_comment"], submit=submit,
                    applicant_comment=form.cleaned_data["applicant_comment"],
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request, gettext("Evaluación enviada.") if submit else gettext("Borrador guardado.")
                )
                return redirect("evaluacion:entry", code=code)
    return render(
        request,
        "evaluacion/entry.html",
        {
            "submission": submission,
            "title": copy.fields.get("title", ""),
            "fields": _blind_fields(copy),
            "facts": copy.fields,
            "themes": submission.themes.all(),
            "ods": submission.ods.all(),
            "attachments": _blind_attachments(submission),
            "form": form,
            "review": review,
            "can_edit": can_edit,
            "evaluation_not_open": timezone.now() < submission.call.evaluation_open_at,
            "can_declare": request.user.has_perm("evaluacion.declare_conflict", submission),
            "submitted": review is not None and review.status == ReviewStatus.SUBMITTED,
        },
    )


@login_required
def entry_attachment(request, code, number):
    submission, _assignment = _evaluator_submission(request, code)
    return _blind_attachment_response(submission, number)


@login_required
def declare_conflict(request, code):
    submission, assignment = _evaluator_submission(request, code)
    _check(request.user, "evaluacion.declare_conflict", submission)
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        conflicts_service.declare_conflict(assignment=assignment, reason=form.cleaned_data["reason"])
        messages.success(request, gettext("Conflicto registrado. La postulación %(code)s fue reasignada.") % {"code": code})
        return redirect("evaluacion:dashboard")
    return render(request, "evaluacion/declare_conflict.html", {"submission": submission, "form": form})


@login_required
def profile(request):
    _check(request.user, "evaluacion.access_dashboard")
    instance, _created = EvaluatorProfile.objects.get_or_create(user=request.user)
    form = forms.OwnProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        assignment_service.refresh_conflicts_for(user=request.user)
        messages.success(request, gettext("Perfil actualizado."))
        return redirect("evaluacion:dashboard")
    return render(request, "evaluacion/profile.html", {"form": form})


def accept_invitation(request, token):
    try:
        invitation = pool.invitation_from_token(token)
    except ValidationError as error:
        return render(request, "evaluacion/invitation_invalid.html", {"error": _error_text(error)}, status=404)
    known = User.objects.filter(email__iexact=invitation.email).exists()
    form = None if (known or request.user.is_authenticated) else forms.AcceptInvitationForm(request.POST or None)
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
            user = pool.accept_invitation(token=token, user=user, **(form.cleaned_data if form else {}))
        except ValidationError as error:
            return render(request, "evaluacion/invitation_invalid.html", {"error": _error_text(error)}, status=400)
        if not request.user.is_authenticated:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, gettext("Bienvenido al grupo de evaluadores. Complete su perfil."))
        return redirect("evaluacion:profile")
    return render(request, "evaluacion/invitation.html", {"invitation": invitation, "form": form, "known": known})


# ---------------------------------------------------------------------------------------------
# Committee
# ---------------------------------------------------------------------------------------------


def _committee_calls():
    return Call.objects.filter(evaluation_open_at__lte=timezone.now()).order_by("-year", "title")


@committee_required
def committee_home(request):
    return render(request, "evaluacion/committee_home.html", {"calls": _committee_calls()})


@committee_required
def committee_call(request, slug):
    call = get_object_or_404(Call, slug=slug)
    grouped = scores.annotate_rows(call, scores.ranking(call), identified=call.committee_sees_identities)
    return render(
        request,
        "evaluacion/committee_call.html",
        {
            **_committee_phase_context(request, call),
            "call": call, "grouped": grouped, "identified": call.committee_sees_identities,
            "thresholds": scores.disagreement_thresholds(scores.rubric_for(call)),
        },
    )


def _committee_submission(slug, code) -> Submission:
    return get_object_or_404(
        Submission.objects.select_related("call", "category", "municipality", "redacted_copy"),
        call__slug=slug, code=code, status=SubmissionStatus.ADMISSIBLE,
    )


@committee_required
def committee_entry(request, slug, code):
    submission = _committee_submission(slug, code)
    call = submission.call
    rows = scores.call_scores(call, category=submission.category)
    scores.ranking(call, rows)
    row = next(r for r in rows if r.submission.pk == submission.pk)
    decision_form = forms.DecisionForm(
        initial={
            "outcome": row.decision.outcome if row.decision else "",
            "adjusted_score": row.decision.adjusted_score if row.decision else None,
        }
    )
    criteria = scores.criteria_for(call)
    if call.committee_sees_identities:
        fields = [(FIELD_LABELS[name], getattr(submission, name)) for name in blind.REDACTED_TEXT_FIELDS if name != "title"]
        title = submission.title
    else:
        copy = blind_copies.ensure_redacted_copy(submission=submission)
        fields, title = _blind_fields(copy), copy.fields.get("title", "")
    return render(
        request,
        "evaluacion/committee_entry.html",
        {
            "call": call, "submission": submission, "row": row, "title": title, "fields": fields,
            "criteria": criteria, "decision_form": decision_form, "extra_form": forms.ReasonForm(prefix="extra"),
            "can_request_review": request.user.has_perm("evaluacion.request_review", submission),
            "log": DecisionLog.objects.filter(submission=submission).select_related("actor"),
            "attachments": _blind_attachments(submission),
            "can_decide": request.user.has_perm("evaluacion.decide_now", submission),
            "requests": ExtraReviewRequest.objects.filter(submission=submission),
            **_committee_phase_context(request, call),
        },
    )


@require_POST
@committee_required
def committee_decide(request, slug, code):
    submission = _committee_submission(slug, code)
    _check(request.user, "evaluacion.decide", submission)
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        try:
            committee.record_decision(
                submission=submission, actor=request.user, outcome=form.cleaned_data["outcome"],
                adjusted_score=form.cleaned_data["adjusted_score"], reason=form.cleaned_data["reason"],
            )
            messages.success(request, gettext("Decisión registrada."))
        except ValidationError as error:
            messages.error(request, _error_text(error))
    else:
        messages.error(request, gettext("La decisión necesita un motivo escrito y valores válidos."))
    return redirect("evaluacion:committee_entry", slug=slug, code=code)


@require_POST
@committee_required
def committee_request_review(request, slug, code):
    submission = _committee_submission(slug, code)
    _check(request.user, "evaluacion.request_review", submission)
    form = forms.ReasonForm(request.POST, prefix="extra")
    if form.is_valid():
        committee.request_extra_review(submission=submission, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, gettext("Solicitud de evaluación adicional enviada a la coordinación."))
    else:
        messages.error(request, gettext("Indique el motivo de la evaluación adicional."))
    return redirect("evaluacion:committee_entry", slug=slug, code=code)


@committee_required
def committee_attachment(request, slug, code, number):
    submission = _committee_submission(slug, code)
    if submission.call.committee_sees_identities or request.user.has_perm("evaluacion.manage_call"):
        attachments = list(submission.attachments.order_by("uploaded_at", "pk"))
        if not 1 <= number <= len(attachments):
            raise Http404
        original = attachments[number - 1]
        return _private_file(original.file.open("rb"), filename=original.original_name, content_type=original.content_type)
    return _blind_attachment_response(submission, number)


@committee_required
def committee_ranking(request, slug):
    call = get_object_or_404(Call, slug=slug)
    grouped = scores.annotate_rows(call, scores.ranking(call), identified=call.committee_sees_identities)
    ranking_charts = [
        (
            category,
            charts.ranking_svg(
                [(row.submission.code, row.final_score, row.tied, row.rank, row.title) for row in rows if row.final_score is not None],
                title=gettext("Ranking: %(category)s") % {"category": category or gettext("Sin categoría")},
            ),
        )
        for category, rows in grouped.items()
    ]
    distribution = charts.distribution_svg(
        scores.evaluator_distributions(call), title=gettext("Distribución de puntajes por evaluador")
    )
    return render(
        request,
        "evaluacion/committee_ranking.html",
        {"call": call, "grouped": grouped, "ranking_charts": ranking_charts, "distribution": distribution,
         **_committee_phase_context(request, call)},
    )


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
    job = portal_exports.request_export(user=request.user, kind=kind.name, params=params)
    return portal_exports.response_for(request, job)


# ---------------------------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------------------------


@coordinator_required
def staff_home(request):
    calls = Call.objects.annotate(
        admissible=Count("submissions", filter=Q(submissions__status=SubmissionStatus.ADMISSIBLE), distinct=True)
    ).order_by("-year", "title")
    calls = list(calls)
    for call in calls:
        call.phase_label = _phase_label(call)
    return render(request, "evaluacion/staff_home.html", {"calls": calls})


@coordinator_required
def staff_call(request, slug):
    call = get_object_or_404(Call, slug=slug)
    status = Assignment.objects.filter(submission__call=call).values("status").annotate(n=Count("pk"))
    return render(
        request,
        "evaluacion/staff_call.html",
        {
            "call": call,
            "phase_label": _phase_label(call),
            "rubric": scores.rubric_for(call),
            "counts": {item["status"]: item["n"] for item in status},
            "pool_size": PoolMember.objects.filter(call=call, active=True).count(),
            "admissible": Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE).count(),
            "requests": ExtraReviewRequest.objects.filter(submission__call=call, fulfilled_at__isnull=True).select_related("submission"),
            "can_publish": call.results_published_at is None and call.phase == Phase.RESULTS,
            "phase_actions": [
                (label, reverse(f"evaluacion:{url_name}", args=[call.slug]))
                for phase, (label, url_name, _help) in PHASE_CLOSINGS.items()
                if call.phase == phase and call.results_published_at is None
            ],
            "phase_changes": CallPhaseChange.objects.filter(call=call).select_related("actor"),
        },
    )


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


def _close_phase(request, slug, *, phase, close):
    call = get_object_or_404(Call, slug=slug)
    label, _url_name, explanation = PHASE_CLOSINGS[phase]
    in_phase = call.results_published_at is None and call.phase == phase
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                change = close(call=call, actor=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                messages.error(request, _error_text(error))
                return redirect("evaluacion:staff_call", slug=slug)
            messages.success(
                request, gettext("Fase cambiada: %(from)s → %(to)s.") % {
                    "from": change.get_from_phase_display(), "to": change.get_to_phase_display()
                },
            )
            return redirect("evaluacion:staff_call", slug=slug)
        if not in_phase:
            messages.error(request, gettext("La convocatoria ya no está en esa fase."))
            return redirect("evaluacion:staff_call", slug=slug)
    released = Assignment.objects.filter(submission__call=call, status=AssignmentStatus.RELEASED).exclude(
        submission__conflicts__evaluator=F("evaluator")
    )
    context = {
        "call": call, "form": form, "title": label, "explanation": explanation, "in_phase": in_phase,
        "phase_label": _phase_label(call),
        "unsent_reviews": released.exclude(review__status=ReviewStatus.SUBMITTED).count(),
        "undecided": Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE)
        .exclude(decision__outcome__in=DecisionChoice.values).count(),
        "closing_evaluation": phase == Phase.EVALUATION,
    }
    return render(request, "evaluacion/staff_phase.html", context)


@coordinator_required
def staff_close_evaluation(request, slug):
    return _close_phase(request, slug, phase=Phase.EVALUATION, close=phases.close_evaluation)


@coordinator_required
def staff_close_committee(request, slug):
    return _close_phase(request, slug, phase=Phase.COMMITTEE, close=phases.close_committee)


@coordinator_required
def staff_rubric(request, slug):
    call = get_object_or_404(Call, slug=slug)
    rubric, _created = Rubric.objects.get_or_create(call=call)
    editable = rubric.is_editable
    queryset = rubric.criteria.all()
    action = request.POST.get("action", "rubric") if request.method == "POST" else None
    rubric_data = request.POST if action == "rubric" else None
    formset_class = forms.CriterionFormSet if editable else forms.ReadOnlyCriterionFormSet
    formset = formset_class(rubric_data, queryset=queryset, prefix="criteria")
    tie_form = forms.TieBreakForm(
        rubric_data, criteria=queryset,
        initial={"tie_break": rubric.tie_break_criterion.key if rubric.tie_break_criterion else ""},
    )
    thresholds_form = forms.ThresholdsForm(request.POST if action == "thresholds" else None, instance=rubric)
    comments_form = forms.CommentRulesForm(request.POST if action == "comments" else None, instance=rubric)
    if not editable:
        forms.disable_fields(tie_form, comments_form, *formset.forms)
    if not rubric.thresholds_editable:
        forms.disable_fields(thresholds_form)
    context = {
        "call": call, "rubric": rubric, "formset": formset, "tie_form": tie_form, "editable": editable,
        "thresholds_form": thresholds_form, "thresholds_editable": rubric.thresholds_editable,
        "comments_form": comments_form,
    }
    if action == "rubric":
        if not editable:
            # The fields are disabled on the page; a POST can only come from a stale tab or a crafted request.
            messages.error(request, gettext("La pauta ya no se puede modificar: la evaluación comenzó."))
            return render(request, "evaluacion/staff_rubric.html", context, status=403)
        if formset.is_valid() and tie_form.is_valid():
            try:
                rubric_service.save_rubric(rubric=rubric, criteria_forms=formset.forms, tie_break_key=tie_form.cleaned_data["tie_break"])
            except ValidationError as error:
                messages.error(request, _error_text(error))
            else:
                messages.success(request, gettext("Pauta guardada."))
                return redirect("evaluacion:staff_rubric", slug=slug)
    elif action == "comments":
        # Whether each review text is required: fixed once evaluation starts, like the rest of the rubric.
        if not editable:
            messages.error(request, gettext("La pauta ya no se puede modificar: la evaluación comenzó."))
            return render(request, "evaluacion/staff_rubric.html", context, status=403)
        if comments_form.is_valid():
            comments_form.save()
            messages.success(request, gettext("Textos de la evaluación guardados."))
            return redirect("evaluacion:staff_rubric", slug=slug)
    elif action == "thresholds":
        if not rubric.thresholds_editable:
            messages.error(request, gettext("Los resultados ya se publicaron: el umbral de desacuerdo no se puede cambiar."))
            return render(request, "evaluacion/staff_rubric.html", context, status=403)
        if thresholds_form.is_valid():
            thresholds_form.save()
            messages.success(request, gettext("Umbral de desacuerdo guardado."))
            return redirect("evaluacion:staff_rubric", slug=slug)
    return render(request, "evaluacion/staff_rubric.html", context)


@coordinator_required
def staff_pool(request, slug):
    call = get_object_or_404(Call, slug=slug)
    form = forms.InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pool.invite_evaluator(call=call, email=form.cleaned_data["email"], invited_by=request.user)
        messages.success(request, gettext("Invitación enviada a %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect("evaluacion:staff_pool", slug=slug)
    members = (
        PoolMember.objects.filter(call=call)
        .select_related("user__evaluator_profile__affiliation", "user__evaluator_profile__region")
        .prefetch_related("user__evaluator_profile__expertise")
        .annotate(load=Count("user__assignments", filter=Q(user__assignments__submission__call=call) & ~Q(user__assignments__status=AssignmentStatus.WITHDRAWN)))
    )
    return render(
        request, "evaluacion/staff_pool.html",
        {"call": call, "members": members, "form": form, "invitations": Invitation.objects.filter(call=call)},
    )


@coordinator_required
def staff_profile(request, slug, user_id):
    call = get_object_or_404(Call, slug=slug)
    member = get_object_or_404(PoolMember, call=call, user_id=user_id)
    instance, _created = EvaluatorProfile.objects.get_or_create(user=member.user)
    form = forms.ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        assignment_service.refresh_conflicts_for(user=member.user)
        messages.success(request, gettext("Perfil actualizado."))
        return redirect("evaluacion:staff_pool", slug=slug)
    return render(request, "evaluacion/staff_profile.html", {"call": call, "member": member, "form": form})


def _pool_users(call):
    return User.objects.filter(evaluator_calls__call=call, evaluator_calls__active=True).order_by("email")


def _submission_by_code(call, code):
    submission = Submission.objects.filter(call=call, code=code.strip().upper(), status=SubmissionStatus.ADMISSIBLE).first()
    if submission is None:
        raise ValidationError(gettext("No hay una postulación admisible con ese código."))
    return submission


@coordinator_required
def staff_conflicts(request, slug):
    call = get_object_or_404(Call, slug=slug)
    form = forms.StaffConflictForm(request.POST or None, evaluators=_pool_users(call))
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "refresh":
                count = assignment_service.refresh_conflicts(call=call)
                messages.success(request, gettext("Conflictos automáticos recalculados: %(n)s.") % {"n": count})
            elif action in ("lock", "unlock", "remove"):
                conflict = get_object_or_404(Conflict, pk=request.POST.get("conflict"), submission__call=call)
                if action == "remove":
                    conflicts_service.remove_conflict(conflict=conflict, actor=request.user, reason=request.POST.get("reason", ""))
                else:
                    conflicts_service.set_conflict_lock(conflict=conflict, locked=action == "lock")
                messages.success(request, gettext("Conflicto actualizado."))
            elif form.is_valid():
                conflicts_service.add_staff_conflict(
                    submission=_submission_by_code(call, form.cleaned_data["code"]),
                    evaluator=form.cleaned_data["evaluator"], reason=form.cleaned_data["reason"],
                    actor=request.user, locked=form.cleaned_data["locked"],
                )
                messages.success(request, gettext("Conflicto registrado."))
            else:
                return render(request, "evaluacion/staff_conflicts.html", _conflicts_context(call, form))
        except ValidationError as error:
            messages.error(request, _error_text(error))
        return redirect("evaluacion:staff_conflicts", slug=slug)
    return render(request, "evaluacion/staff_conflicts.html", _conflicts_context(call, form))


def _conflicts_context(call, form):
    conflicts = Conflict.objects.filter(submission__call=call).select_related("submission", "evaluator").order_by("submission__code", "evaluator__email")
    removals = ConflictRemoval.objects.filter(submission__call=call).select_related("submission", "evaluator", "actor")
    return {"call": call, "form": form, "conflicts": conflicts, "removals": removals}


@coordinator_required
def staff_assignments(request, slug):
    call = get_object_or_404(Call, slug=slug)
    form = forms.ManualAssignmentForm(request.POST or None, evaluators=_pool_users(call))
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "run":
                created = assignment_service.run_assignment(call=call)
                messages.success(request, gettext("Borrador de asignación con %(n)s asignaciones nuevas.") % {"n": len(created)})
            elif action == "release":
                released = assignment_service.release_assignments(call=call)
                messages.success(request, gettext("%(n)s asignaciones liberadas; se avisó a los evaluadores.") % {"n": released})
            elif action == "remove":
                assignment = get_object_or_404(Assignment, pk=request.POST.get("assignment"), submission__call=call)
                assignment_service.remove_draft_assignment(assignment=assignment)
                messages.success(request, gettext("Asignación quitada del borrador."))
            elif action == "extra":
                submission = _submission_by_code(call, request.POST.get("code", ""))
                assignment_service.add_extra_evaluator(submission=submission)
                messages.success(request, gettext("Evaluador adicional asignado a %(code)s.") % {"code": submission.code})
            elif form.is_valid():
                assignment_service.add_manual_assignment(
                    submission=_submission_by_code(call, form.cleaned_data["code"]), evaluator=form.cleaned_data["evaluator"]
                )
                messages.success(request, gettext("Asignación agregada al borrador."))
        except AssignmentError as error:
            messages.error(request, assignment_service.assignment_error_message(error))
        except ValidationError as error:
            messages.error(request, _error_text(error))
        return redirect("evaluacion:staff_assignments", slug=slug)
    assignments = assignment_overview(call)
    loads = (
        Assignment.objects.filter(submission__call=call).exclude(status=AssignmentStatus.WITHDRAWN)
        .values("evaluator__email").annotate(n=Count("pk")).order_by("evaluator__email")
    )
    return render(
        request, "evaluacion/staff_assignments.html",
        {"call": call, "assignments": assignments, "form": form, "loads": loads,
         "has_drafts": any(a.status == AssignmentStatus.DRAFT for a in assignments)},
    )


@coordinator_required
def staff_copies(request, slug):
    call = get_object_or_404(Call, slug=slug)
    if request.method == "POST":
        count = blind_copies.generate_redacted_copies(call=call)
        messages.success(request, gettext("Copias anonimizadas listas: %(n)s.") % {"n": count})
        return redirect("evaluacion:staff_copies", slug=slug)
    submissions = list(
        Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE)
        .select_related("redacted_copy", "municipality").order_by("code")
    )
    for submission in submissions:
        submission.blind_review = blind.latest_blind_review(submission)
        submission.blind_review_current = blind.blind_review_is_current(submission)
    return render(request, "evaluacion/staff_copies.html", {"call": call, "submissions": submissions})


@coordinator_required
def staff_copy(request, slug, code):
    """Review of one blind copy: texts and attachments side by side, flagged spans, identity terms."""
    call = get_object_or_404(Call, slug=slug)
    submission = get_object_or_404(
        Submission.objects.select_related("municipality__comuna__province", "municipality__comuna__region"),
        call=call, code=code, status=SubmissionStatus.ADMISSIBLE,
    )
    copy = blind_copies.ensure_redacted_copy(submission=submission)
    action = request.POST.get("action", "save") if request.method == "POST" else None
    form = forms.RedactedCopyForm(request.POST if action == "save" else None, labels=FIELD_LABELS, initial=copy.fields)
    term_form = forms.IdentityTermForm(request.POST if action == "add_term" else None)
    mayor_form = forms.MayorForm(
        request.POST if action == "mayor" else None, initial={"mayor_name": submission.municipality.mayor_name}
    )
    if request.method == "POST":
        here = redirect("evaluacion:staff_copy", slug=slug, code=code)
        try:
            if action == "regenerate" or "regenerate" in request.POST:
                blind_copies.regenerate_redacted_copy(submission=submission)
                messages.success(request, gettext("Copia regenerada desde la postulación."))
                return here
            if action == "review":
                flagged = request.POST.getlist("flag")
                masked = request.POST.getlist("mask")
                blind_copies.record_blind_review(
                    submission=submission, actor=request.user, masked=masked,
                    kept=[text for text in flagged if text not in masked],
                )
                messages.success(request, gettext("Revisión registrada: la copia se puede liberar."))
                return here
            if action == "add_term" and term_form.is_valid():
                blind_copies.add_identity_term(
                    municipality=submission.municipality, term=term_form.cleaned_data["term"],
                    kind=term_form.cleaned_data["kind"], actor=request.user,
                )
                messages.success(request, gettext("Término agregado; las copias de la municipalidad se actualizaron."))
                return here
            if action == "remove_term":
                term = get_object_or_404(IdentityTerm, pk=request.POST.get("term"), municipality=submission.municipality)
                blind_copies.remove_identity_term(term=term, actor=request.user)
                messages.success(request, gettext("Término quitado. Regenere la copia para aplicar el cambio."))
                return here
            if action == "mayor" and mayor_form.is_valid():
                blind_copies.set_mayor_name(
                    municipality=submission.municipality, name=mayor_form.cleaned_data["mayor_name"], actor=request.user
                )
                messages.success(request, gettext("Autoridad actualizada; las copias de la municipalidad se actualizaron."))
                return here
            if action == "save" and form.is_valid():
                blind_copies.edit_redacted_copy(copy=copy, fields=form.cleaned_data, actor=request.user)
                messages.success(request, gettext("Copia anonimizada guardada. Revísela de nuevo antes de liberar."))
                return here
        except ValidationError as error:
            target = {"add_term": term_form, "mayor": mayor_form}.get(action, form)
            target.add_error(None, _error_text(error))
    blind_copies.ensure_redacted_copy(submission=submission)
    blind_copies.prepare_attachments(submission=submission)
    context = blind.blind_review(submission, labels=FIELD_LABELS)
    context.update({
        "call": call, "submission": submission, "form": form, "term_form": term_form, "mayor_form": mayor_form,
        "terms": IdentityTerm.objects.filter(municipality=submission.municipality).select_related("added_by"),
    })
    return render(request, "evaluacion/staff_copy.html", context)


@coordinator_required
def staff_copy_attachment(request, slug, code, number):
    """The blind attachment as evaluators will receive it (for the review)."""
    call = get_object_or_404(Call, slug=slug)
    submission = get_object_or_404(Submission, call=call, code=code, status=SubmissionStatus.ADMISSIBLE)
    return _blind_attachment_response(submission, number)


@login_required
def identity_terms(request):
    """Applicants add the words that identify their municipality (neighbourhoods, programmes,
    authorities) so that evaluators never read them. Adding only: removing is a staff action."""
    _check(request.user, "evaluacion.add_identity_term")
    municipality = request.user.municipality
    form = forms.IdentityTermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            blind_copies.add_identity_term(
                municipality=municipality, term=form.cleaned_data["term"], kind=form.cleaned_data["kind"], actor=request.user
            )
        except ValidationError as error:
            form.add_error("term", _error_text(error))
        else:
            messages.success(request, gettext("Término agregado: se ocultará en las copias para evaluadores."))
            return redirect("evaluacion:identity_terms")
    return render(
        request, "evaluacion/identity_terms.html",
        {"form": form, "municipality": municipality, "terms": IdentityTerm.objects.filter(municipality=municipality)},
    )


@coordinator_required
def staff_publish(request, slug):
    """Publication is deliberate: a confirmation page says what will happen and asks for a reason."""
    call = get_object_or_404(Call, slug=slug)
    form = forms.ReasonForm(request.POST or None)
    form.fields["reason"].label = _("Motivo de la publicación")
    if request.method == "POST":
        if form.is_valid():
            try:
                _publication, created = publication.publish_results_confirmed(
                    call=call, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, _error_text(error))
            else:
                if created:
                    messages.success(request, gettext(
                        "Resultados publicados; las fichas de ganadoras y menciones quedaron en revisión editorial."
                    ))
                else:
                    messages.info(request, gettext("Los resultados ya estaban publicados: no se envió nada de nuevo."))
                return redirect("evaluacion:staff_call", slug=slug)
    grouped = scores.annotate_rows(call, scores.ranking(call), identified=True)
    return render(request, "evaluacion/staff_publish.html", {
        "call": call, "grouped": grouped, "form": form,
        "summary": publication_summary(call) if call.results_published_at is None else None,
        "publication": getattr(call, "publication", None) if call.results_published_at else None,
        "can_publish": call.results_published_at is None and call.phase == Phase.RESULTS,
        "phase_label": _phase_label(call),
    }, status=400 if request.method == "POST" else 200)


# ---------------------------------------------------------------------------------------------
# Issue 15: the committee in its phase, decisions in bulk, the applicant's feedback report
# ---------------------------------------------------------------------------------------------


def _committee_phase_context(request, call: Call) -> dict:
    """Scores are provisional before the committee phase; decisions are accepted only in it."""
    in_phase = call.results_published_at is None and call.phase in committee.COMMITTEE_PHASES
    return {
        "provisional": call.results_published_at is None and call.phase not in committee.COMMITTEE_PHASES,
        "committee_open": in_phase,
        "phase_label": _phase_label(call),
        "can_decide_call": request.user.has_perm("evaluacion.decide_now", call),
    }


@committee_required
def committee_decisions(request, slug):
    call = get_object_or_404(Call, slug=slug)
    if request.method == "POST":
        _check(request.user, "evaluacion.decide", call)
    grouped = scores.annotate_rows(call, scores.ranking(call), identified=call.committee_sees_identities)
    rows = [row for rows in grouped.values() for row in rows]
    form = forms.BulkDecisionForm(request.POST or None, rows=rows)
    phase = _committee_phase_context(request, call)
    if not phase["can_decide_call"]:
        forms.disable_fields(form)  # shown read-only outside the committee phase
    if request.method == "POST" and form.is_valid():
        items = form.changed_items()
        if not items:
            messages.info(request, gettext("No cambió ninguna decisión."))
            return redirect("evaluacion:committee_decisions", slug=slug)
        try:
            count = committee.record_decisions(call=call, actor=request.user, items=items)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, gettext("Decisiones registradas: %(n)s.") % {"n": count})
            return redirect("evaluacion:committee_decisions", slug=slug)
    return render(request, "evaluacion/committee_decisions.html", {
        "call": call, "form": form, "grouped": grouped, "identified": call.committee_sees_identities, **phase,
        "members": _committee_members(),
    }, status=400 if request.method == "POST" else 200)


def _committee_members():
    return User.objects.filter(groups__name=Role.COMMITTEE, is_active=True).order_by("last_name", "first_name", "email")


def _present_members(request) -> list[int]:
    """The committee members ticked as present for the acta (only real committee members count)."""
    wanted = {value for value in request.POST.getlist("present") if value.isdigit()}
    return list(_committee_members().filter(pk__in=wanted).values_list("pk", flat=True))


def _feedback_entry(request, code) -> Submission:
    submission = get_object_or_404(
        Submission.objects.select_related("call", "category", "municipality", "decision"), code=code
    )
    if not request.user.has_perm("evaluacion.view_feedback", submission):
        raise Http404  # an applicant never learns whether another municipality's code exists
    return submission


@login_required
def feedback(request, code):
    submission = _feedback_entry(request, code)
    report = feedback_report.report_for(submission, preview=request.user.has_perm("evaluacion.manage_call"))
    if report is None:
        raise Http404
    return render(request, "evaluacion/feedback.html", {
        "report": report, "submission": submission, "place": feedback_report.place_text(report),
    })


@login_required
def feedback_pdf(request, code):
    submission = _feedback_entry(request, code)
    report = feedback_report.report_for(submission, preview=request.user.has_perm("evaluacion.manage_call"))
    if report is None:
        raise Http404
    response = HttpResponse(feedback_report.report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="retroalimentacion-{submission.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
