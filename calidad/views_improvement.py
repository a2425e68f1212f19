"""Views of the improvement road (issue 12). Thin: permission on the committee, then services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calidad import (
    exports_improvement,
    improvement,
    rules_improvement,  # noqa: F401  (registers the permissions)
    selectors_improvement,
)
from calidad.forms_improvement import (
    ActionLineForm,
    AssignValidatorForm,
    CloseForm,
    CommitteeForm,
    ElementsForm,
    ImmediateActionForm,
    MessageForm,
    PlanForm,
    PlanReviewForm,
    ProgressForm,
    ReportForm,
    ReviewForm,
)
from calidad.models import (
    ActionLine,
    ElementAttachment,
    ElementResponse,
    FeedbackItem,
    ImmediateAction,
    ImprovementPlan,
    ManagementArea,
    ProgressUpdate,
)
from calidad.views import _error_list
from core.models import Municipality


def _deny(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _committee(request, pk, perm="calidad.view_committee"):
    committee = selectors_improvement.committee_with_context(pk)
    if committee is None:
        raise Http404
    if not request.user.has_perm(perm, committee):
        return None, _deny(request)
    return committee, None


def _errors_of(exc):
    return [("", "", m) for m in exc.messages]


def dashboard(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user = request.user
    if user.has_perm("calidad.view_improvement_dashboard"):
        rows = selectors_improvement.dashboard()
        scope = "staff"
    else:
        rows = [
            r
            for r in selectors_improvement.dashboard()
            if request.user.has_perm("calidad.view_committee", r.committee)
        ]
        scope = "validator" if user.is_validator else "municipality"
    overdue_only = request.GET.get("atrasadas") == "1"
    if overdue_only:
        rows = [r for r in rows if r.overdue]
    return render(
        request,
        "calidad/improvement/dashboard.html",
        {
            "rows": rows,
            "scope": scope,
            "overdue_only": overdue_only,
            "today": timezone.localdate(),
            "municipality": user.municipality if user.municipality_id else None,
            "can_create": bool(
                user.municipality_id and user.has_perm("calidad.create_committee", user.municipality)
            ),
        },
    )


def committee_new(request, slug):
    municipality = get_object_or_404(Municipality.objects.select_related("comuna__region"), slug=slug)
    if not request.user.has_perm("calidad.create_committee", municipality):
        return _deny(request)
    form = CommitteeForm(request.POST or None, request.FILES or None, municipality=municipality)
    errors = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            committee = improvement.create_committee(
                municipality=municipality,
                decree_number=data["decree_number"],
                decree_date=data["decree_date"],
                counterpart_1=data["counterpart_1"],
                counterpart_2=data["counterpart_2"],
                members=data["members_text"],
                decree_file=data.get("decree_file"),
            )
        except ValidationError as exc:
            errors = _errors_of(exc)
        else:
            improvement.start_self_assessment(committee=committee)
            messages.success(request, _("Comité de mejora constituido. Ya puede comenzar la autoevaluación."))
            return redirect("calidad:improvement_committee", committee.pk)
    return render(
        request,
        "calidad/improvement/committee_form.html",
        {
            "form": form,
            "municipality": municipality,
            "errors": errors + _error_list(form),
        },
    )


def committee_edit(request, pk):
    committee, denied = _committee(request, pk, "calidad.edit_committee")
    if denied:
        return denied
    form = CommitteeForm(
        request.POST or None, request.FILES or None, instance=committee, municipality=committee.municipality
    )
    errors = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            improvement.update_committee(
                committee=committee,
                members=data["members_text"],
                decree_file=data.get("decree_file") or None,
                decree_number=data["decree_number"],
                decree_date=data["decree_date"],
                counterpart_1=data["counterpart_1"],
                counterpart_2=data["counterpart_2"],
                is_public=data["is_public"],
            )
        except ValidationError as exc:
            errors = _errors_of(exc)
        else:
            messages.success(request, _("Comité guardado."))
            return redirect("calidad:improvement_committee", committee.pk)
    return render(
        request,
        "calidad/improvement/committee_form.html",
        {
            "form": form,
            "municipality": committee.municipality,
            "committee": committee,
            "errors": errors + _error_list(form),
        },
    )


def committee_detail(request, pk):
    committee, denied = _committee(request, pk)
    if denied:
        return denied
    sa = getattr(committee, "self_assessment", None)
    assign_form = None
    errors = []
    if request.user.has_perm("calidad.assign_validator", committee):
        assign_form = AssignValidatorForm(request.POST or None, initial={"validator": sa.validator_id})
        if request.method == "POST" and assign_form.is_valid():
            try:
                improvement.assign_validator(
                    self_assessment=sa,
                    validator=assign_form.cleaned_data["validator"],
                    same_region=assign_form.cleaned_data["same_region"],
                )
            except ValidationError as exc:
                assign_form.add_error("validator", exc.messages[0])
            else:
                messages.success(request, _("Validador asignado."))
                return redirect("calidad:improvement_committee", committee.pk)
        errors = _error_list(assign_form)
    elif request.method == "POST":
        raise PermissionDenied
    areas = ManagementArea.objects.filter(instrument_id=sa.instrument_id).order_by("number") if sa else []
    return render(
        request,
        "calidad/improvement/committee.html",
        {
            "committee": committee,
            "sa": sa,
            "plan": getattr(committee, "plan", None),
            "areas": areas,
            "rows": improvement.subcriterion_rows(sa) if sa else [],
            "assign_form": assign_form,
            "errors": errors,
            "problems": improvement.submission_problems(sa) if sa and sa.status == "borrador" else [],
            "validation_problems": improvement.validation_problems(sa)
            if sa and sa.status == "enviada"
            else [],
            "can_edit": request.user.has_perm("calidad.edit_self_assessment", committee),
            "can_review": request.user.has_perm("calidad.review_self_assessment", committee),
            "can_edit_committee": request.user.has_perm("calidad.edit_committee", committee),
            "report_form": ReportForm(initial={"mayor_letter": sa.mayor_letter, "background": sa.background})
            if sa
            else None,
        },
    )


def report(request, pk):
    committee, denied = _committee(request, pk, "calidad.edit_self_assessment")
    if denied:
        return denied
    if request.method != "POST":
        return redirect("calidad:improvement_committee", pk)
    sa = committee.self_assessment
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        improvement.save_report(
            self_assessment=sa,
            acta=form.cleaned_data.get("acta"),
            **{k: form.cleaned_data[k] for k in ("mayor_letter", "background")},
        )
        messages.success(request, _("Informe guardado."))
        return redirect("calidad:improvement_committee", pk)
    return render(
        request,
        "calidad/improvement/committee.html",
        {
            "committee": committee,
            "sa": sa,
            "report_form": form,
            "errors": _error_list(form),
            "can_edit": True,
            "areas": ManagementArea.objects.filter(instrument_id=sa.instrument_id).order_by("number"),
            "rows": improvement.subcriterion_rows(sa),
            "problems": improvement.submission_problems(sa),
        },
        status=400,
    )


def elements(request, pk, number):
    """One subcriterio: the committee writes evidence and scores; the validator reviews; both talk."""
    committee, denied = _committee(request, pk)
    if denied:
        return denied
    sa = committee.self_assessment
    area = get_object_or_404(ManagementArea, instrument_id=sa.instrument_id, number=number)
    responses = (
        ElementResponse.objects.filter(self_assessment=sa, element__area=area)
        .select_related("element")
        .prefetch_related("attachments", "messages__author")
        .order_by("element__number")
    )
    can_edit = request.user.has_perm("calidad.edit_self_assessment", committee)
    can_review = request.user.has_perm("calidad.review_self_assessment", committee)
    feedback = FeedbackItem.objects.filter(self_assessment=sa, area=area).first()
    form = review_form = None
    errors = []
    if can_edit:
        form = ElementsForm(request.POST or None, request.FILES or None, responses=responses)
    if can_review:
        review_form = ReviewForm(request.POST or None, responses=responses, feedback=feedback)
    if request.method == "POST":
        if form is not None and form.is_valid():
            improvement.save_elements(
                self_assessment=sa, values=form.values(), attachments=form.files_by_response()
            )
            messages.success(request, _("Elementos guardados."))
            return _next_area(request, pk, number, sa)
        if review_form is not None and review_form.is_valid():
            improvement.save_review(
                self_assessment=sa,
                user=request.user,
                scores=review_form.scores(),
                feedback={
                    area.pk: (
                        review_form.cleaned_data["strengths"],
                        review_form.cleaned_data["opportunities"],
                    )
                },
                summary=sa.feedback_summary,
            )
            messages.success(request, _("Revisión guardada."))
            return _next_area(request, pk, number, sa)
        if form is None and review_form is None:
            raise PermissionDenied
        errors = _error_list(form or review_form)
    areas = ManagementArea.objects.filter(instrument_id=sa.instrument_id).order_by("number")
    return render(
        request,
        "calidad/improvement/elements.html",
        {
            "committee": committee,
            "sa": sa,
            "area": area,
            "areas": areas,
            "responses": responses,
            "form": form,
            "review_form": review_form,
            "errors": errors,
            "feedback": feedback,
            "can_message": request.user.has_perm("calidad.post_message", committee),
            "message_form": MessageForm(),
        },
        status=400 if errors else 200,
    )


def _next_area(request, pk, number, sa):
    if (
        "next" in request.POST
        and ManagementArea.objects.filter(instrument_id=sa.instrument_id, number=number + 1).exists()
    ):
        return redirect("calidad:improvement_elements", pk, number + 1)
    return redirect("calidad:improvement_elements", pk, number)


@require_POST
def message(request, pk, response_pk):
    committee, denied = _committee(request, pk, "calidad.post_message")
    if denied:
        return denied
    response = get_object_or_404(ElementResponse, pk=response_pk, self_assessment__committee=committee)
    form = MessageForm(request.POST)
    if form.is_valid():
        improvement.post_message(response=response, user=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Mensaje enviado."))
    else:
        messages.error(request, _("Escriba el mensaje antes de enviarlo."))
    return redirect(
        reverse("calidad:improvement_elements", args=[pk, response.element.area.number])
        + f"#elemento-{response.element.number}"
    )


@require_POST
def submit(request, pk):
    committee, denied = _committee(request, pk, "calidad.edit_self_assessment")
    if denied:
        return denied
    try:
        improvement.submit_self_assessment(self_assessment=committee.self_assessment, user=request.user)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("Autoevaluación enviada a validación. Ya no se puede modificar."))
    return redirect("calidad:improvement_committee", pk)


@require_POST
def validate(request, pk):
    committee, denied = _committee(request, pk, "calidad.review_self_assessment")
    if denied:
        return denied
    sa = committee.self_assessment
    sa.feedback_summary = request.POST.get("feedback_summary", sa.feedback_summary)
    sa.save(update_fields=["feedback_summary"])
    if "validate" in request.POST:
        try:
            improvement.validate_self_assessment(self_assessment=sa, user=request.user)
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(
                request, _("Autoevaluación validada; el informe de retroalimentación quedó disponible.")
            )
    else:
        messages.success(request, _("Síntesis guardada."))
    return redirect("calidad:improvement_committee", pk)


def feedback(request, pk):
    committee, denied = _committee(request, pk)
    if denied:
        return denied
    sa = committee.self_assessment
    if sa.status != "validada" and not request.user.has_perm("calidad.review_self_assessment", committee):
        raise Http404
    return render(
        request,
        "calidad/improvement/feedback.html",
        {
            "committee": committee,
            "sa": sa,
            "rows": improvement.subcriterion_rows(sa),
            "feedback": {f.area_id: f for f in sa.feedback.all()},
        },
    )


def plan(request, pk):
    committee, denied = _committee(request, pk)
    if denied:
        return denied
    plan = getattr(committee, "plan", None)
    if plan is None:
        raise Http404
    can_edit = request.user.has_perm("calidad.edit_plan", committee)
    can_review = request.user.has_perm("calidad.review_plan", committee)
    catalogue = improvement.methodologies_for(plan)
    chosen = {pm.methodology_id: pm.priority for pm in plan.methodologies.all()}
    plan_form = PlanForm(
        initial={"focus": plan.focus, **{f"priority_{k}": v for k, v in chosen.items()}}, catalogue=catalogue
    )
    line_form = ActionLineForm(prefix="line", catalogue=catalogue)
    action_form = ImmediateActionForm(prefix="ami")
    review_form = PlanReviewForm()
    errors = []
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "plan" and can_edit:
                plan_form = PlanForm(request.POST, catalogue=catalogue)
                if plan_form.is_valid():
                    improvement.save_plan(
                        plan=plan,
                        focus=plan_form.cleaned_data["focus"],
                        methodology_ids=plan_form.methodology_ids(),
                    )
                    messages.success(request, _("Plan guardado."))
                    return redirect("calidad:improvement_plan", pk)
                errors = _error_list(plan_form)
            elif action == "line" and can_edit:
                line_form = ActionLineForm(request.POST, prefix="line", catalogue=catalogue)
                if line_form.is_valid():
                    improvement.add_line(plan=plan, **line_form.cleaned_data)
                    messages.success(request, _("Línea de acción agregada."))
                    return redirect(reverse("calidad:improvement_plan", args=[pk]) + "#lineas")
                errors = _error_list(line_form)
            elif action == "ami" and can_edit:
                action_form = ImmediateActionForm(request.POST, prefix="ami")
                if action_form.is_valid():
                    improvement.add_immediate_action(plan=plan, **action_form.cleaned_data)
                    messages.success(request, _("Acción de mejora inmediata agregada."))
                    return redirect(reverse("calidad:improvement_plan", args=[pk]) + "#inmediatas")
                errors = _error_list(action_form)
            elif action == "delete_line" and can_edit:
                improvement.delete_line(
                    line=get_object_or_404(ActionLine, pk=request.POST.get("line"), plan=plan)
                )
                return redirect(reverse("calidad:improvement_plan", args=[pk]) + "#lineas")
            elif action == "submit" and can_edit:
                improvement.submit_plan(plan=plan, user=request.user)
                messages.success(request, _("Plan enviado a validación."))
                return redirect("calidad:improvement_plan", pk)
            elif action == "review" and can_review:
                review_form = PlanReviewForm(request.POST)
                if review_form.is_valid():
                    improvement.review_plan(
                        plan=plan,
                        user=request.user,
                        approve=review_form.cleaned_data["decision"] == "aprobar",
                        comments=review_form.cleaned_data["comments"],
                    )
                    messages.success(request, _("Decisión registrada."))
                    return redirect("calidad:improvement_plan", pk)
                errors = _error_list(review_form)
            else:
                raise PermissionDenied
        except ValidationError as exc:
            errors = _errors_of(exc)
    return render(
        request,
        "calidad/improvement/plan.html",
        {
            "committee": committee,
            "plan": plan,
            "can_edit": can_edit,
            "can_review": can_review,
            "plan_form": plan_form,
            "line_form": line_form,
            "action_form": action_form,
            "review_form": review_form,
            "errors": errors,
            "lines": plan.lines.select_related("methodology"),
            "actions": plan.immediate_actions.all(),
            "chosen": plan.methodologies.select_related("methodology"),
            "today": timezone.localdate(),
        },
        status=400 if errors else 200,
    )


def followup(request, pk):
    committee, denied = _committee(request, pk)
    if denied:
        return denied
    plan = getattr(committee, "plan", None)
    if plan is None or plan.status not in ("aprobado", "cerrado"):
        raise Http404
    can_progress = request.user.has_perm("calidad.record_progress", committee)
    can_close = request.user.has_perm("calidad.close_plan", committee)
    errors, failed_form, close_form = [], None, CloseForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "progress" and can_progress:
                failed_form = ProgressForm(request.POST, request.FILES)
                if failed_form.is_valid():
                    kind, _sep, item_pk = failed_form.cleaned_data["target"].partition("-")
                    line = get_object_or_404(ActionLine, pk=item_pk, plan=plan) if kind == "linea" else None
                    act = (
                        get_object_or_404(ImmediateAction, pk=item_pk, plan=plan)
                        if kind == "accion"
                        else None
                    )
                    if line is None and act is None:
                        raise Http404
                    improvement.record_progress(
                        user=request.user,
                        line=line,
                        immediate_action=act,
                        percent=failed_form.cleaned_data["percent"],
                        comment=failed_form.cleaned_data["comment"],
                        evidence=failed_form.cleaned_data.get("evidence"),
                    )
                    messages.success(request, _("Avance registrado."))
                    return redirect("calidad:improvement_followup", pk)
                errors = _error_list(failed_form)
            elif action == "close" and can_close:
                close_form = CloseForm(request.POST)
                if close_form.is_valid():
                    improvement.close_plan(plan=plan, achievements=close_form.cleaned_data["achievements"])
                    messages.success(
                        request,
                        _("Ciclo cerrado. El próximo comienza con un nuevo diagnóstico y un nuevo comité."),
                    )
                    return redirect("calidad:improvement_followup", pk)
                errors = _error_list(close_form)
            elif (
                action == "good_practice"
                and request.user.has_perm("calidad.edit_committee", committee)
                and not request.user.is_coordinator
            ):
                line = get_object_or_404(ActionLine, pk=request.POST.get("line"), plan=plan)
                page = improvement.draft_good_practice(line=line, user=request.user)
                messages.success(
                    request,
                    _("Se creó el borrador «%(t)s» y se envió a moderación editorial.") % {"t": page.title},
                )
                return redirect("calidad:improvement_followup", pk)
            else:
                raise PermissionDenied
        except ValidationError as exc:
            errors = _errors_of(exc)
    today = timezone.localdate()
    lines = list(plan.lines.prefetch_related("updates__author"))
    actions = list(plan.immediate_actions.prefetch_related("updates__author"))
    items = [("linea", line, line.end_date) for line in lines] + [("accion", a, a.due_date) for a in actions]
    forms_by_key = {}
    for kind, item, _due in items:
        key = f"{kind}-{item.pk}"
        bound = failed_form if failed_form is not None and failed_form.data.get("target") == key else None
        forms_by_key[key] = bound or ProgressForm(
            initial={"target": key, "percent": item.progress}, prefix=None
        )
    return render(
        request,
        "calidad/improvement/followup.html",
        {
            "committee": committee,
            "plan": plan,
            "today": today,
            "errors": errors,
            "close_form": close_form,
            "items": [
                (kind, item, due, item.is_overdue(today), forms_by_key[f"{kind}-{item.pk}"])
                for kind, item, due in items
            ],
            "can_progress": can_progress,
            "can_close": can_close,
            "can_draft": request.user.has_perm("calidad.edit_committee", committee)
            and not request.user.is_coordinator,
        },
        status=400 if errors else 200,
    )


def download(request, pk, kind, item_pk):
    committee, denied = _committee(request, pk)
    if denied:
        return denied
    if kind == "decreto":
        f = committee.decree_file
    elif kind == "acta":
        f = committee.self_assessment.acta
    elif kind == "adjunto":
        f = get_object_or_404(
            ElementAttachment, pk=item_pk, response__self_assessment__committee=committee
        ).file
    elif kind == "evidencia":
        update = get_object_or_404(ProgressUpdate, pk=item_pk)
        target = update.line or update.immediate_action
        if target.plan.committee_id != committee.pk:
            raise Http404
        f = update.evidence
    else:
        raise Http404
    if not f:
        raise Http404
    return FileResponse(f.open("rb"), as_attachment=True, filename=f.name.rsplit("/", 1)[-1])


def export(request, pk, kind, fmt):
    committee, denied = _committee(request, pk)
    if denied:
        return denied
    sa = committee.self_assessment
    plan = getattr(committee, "plan", None)
    slug = committee.municipality.slug
    if kind == "autoevaluacion" and fmt == "pdf":
        data, name, ctype = (
            exports_improvement.self_assessment_pdf(sa),
            f"autoevaluacion-{slug}.pdf",
            "application/pdf",
        )
    elif kind == "retroalimentacion" and fmt == "pdf" and sa.status == "validada":
        data, name, ctype = (
            exports_improvement.feedback_pdf(sa),
            f"retroalimentacion-{slug}.pdf",
            "application/pdf",
        )
    elif kind == "plan" and fmt == "pdf" and plan is not None:
        data, name, ctype = (
            exports_improvement.plan_pdf(plan),
            f"plan-de-mejoras-{slug}.pdf",
            "application/pdf",
        )
    elif kind == "plan" and fmt == "xlsx" and plan is not None:
        data, name = exports_improvement.plan_xlsx(plan), f"plan-de-mejoras-{slug}.xlsx"
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(data, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


_unused = ImprovementPlan
