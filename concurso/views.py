"""Views of the competition: parse input, call one service or selector, render or redirect."""

from functools import wraps

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from concurso import exports, results, selectors, services
from concurso.forms import (
    AdmissibilityForm,
    AttachmentForm,
    DeadlineExtensionForm,
    SubmissionForm,
    WithdrawForm,
)
from concurso.models import Call, Phase, Submission, SubmissionAttachment, SubmissionStatus
from core import exports as portal_exports


def applicant_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not rules.has_perm("concurso.create_entry", request.user):
            raise PermissionDenied(_("Esta sección es para postulantes municipales."))
        return view(request, *args, **kwargs)

    return wrapper


def coordinator_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not rules.has_perm("concurso.manage_entries", request.user):
            raise PermissionDenied(_("Esta sección es para la coordinación del concurso."))
        return view(request, *args, **kwargs)

    return wrapper


def _call_or_404(slug: str) -> Call:
    try:
        return selectors.call_by_slug(slug)
    except Call.DoesNotExist:
        raise Http404(_("No existe esa convocatoria."))


def _own_submission(request, code: str) -> Submission:
    """The entry if it belongs to the user's municipality; a 404 otherwise, so codes reveal nothing."""
    try:
        submission = selectors.applicant_submission(user=request.user, code=code)
    except Submission.DoesNotExist:
        raise Http404(_("No existe esa postulación."))
    if not rules.has_perm("concurso.edit_entry", request.user, submission):
        raise Http404(_("No existe esa postulación."))
    return submission


def _error_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(message) for messages_ in error.message_dict.values() for message in messages_]
    return [str(message) for message in error.messages]


# Public pages ---------------------------------------------------------------------------------------------


@require_GET
def call_list(request):
    return render(
        request, "concurso/call_list.html", {"groups": selectors.public_calls(), "now": timezone.now()}
    )


@require_GET
def call_detail(request, slug):
    call = _call_or_404(slug)
    user = request.user
    municipality_id = user.municipality_id if user.is_authenticated and user.is_applicant else None
    now = timezone.now()
    close_at = selectors.effective_close_at(call=call, municipality_id=municipality_id)
    my_entries = []
    if municipality_id:
        my_entries = list(
            selectors.municipality_submissions(municipality_id=municipality_id).filter(call=call)
        )
    phases = [(call._meta.get_field(name).verbose_name, getattr(call, name)) for name in Call.PHASE_FIELDS]
    context = {
        "call": call,
        "phase": call.phase_at(now),
        "phase_label": Phase(call.phase_at(now)).label,
        "phases": phases,
        "close_at": close_at,
        "is_open": call.submissions_open_at <= now < close_at,
        "is_upcoming": now < call.submissions_open_at,
        "is_applicant": bool(municipality_id),
        "my_entries": my_entries,
        "results": selectors.published_results(call),
        "required_attachments": selectors.required_attachment_labels(call),
        "now": now,
    }
    return render(request, "concurso/call_detail.html", context)


# Applicant area -------------------------------------------------------------------------------------------


@applicant_required
@require_GET
def dashboard(request):
    entries = list(selectors.municipality_submissions(municipality_id=request.user.municipality_id))
    published = results.results_for(entries)
    for entry in entries:
        entry.result = published.get(entry.pk)
    return render(
        request,
        "concurso/dashboard.html",
        {
            "entries": entries,
            "results": [entry for entry in entries if entry.result],
            "open_calls": selectors.open_calls(municipality_id=request.user.municipality_id),
            "municipality": request.user.municipality,
        },
    )


@applicant_required
@require_http_methods(["GET", "POST"])
def submission_create(request, slug):
    call = _call_or_404(slug)
    if not selectors.submissions_open_for(call=call, municipality_id=request.user.municipality_id):
        messages.error(request, _("Esta convocatoria no está recibiendo postulaciones."))
        return redirect("concurso:call_detail", slug=call.slug)
    user = request.user
    if (
        request.method == "GET"
        and selectors.count_submissions(call=call, municipality_id=user.municipality_id)
        >= call.max_entries_per_municipality
    ):
        messages.error(
            request,
            _(
                "Su municipalidad ya tiene %(max)s postulaciones en esta convocatoria, el máximo permitido. "
                "Puede retirar un borrador para crear otra."
            )
            % {"max": call.max_entries_per_municipality},
        )
        return redirect("concurso:dashboard")
    initial = {
        "version": 1,
        "contact_name": user.get_full_name(),
        "contact_email": user.email,
        "contact_phone": user.phone,
    }
    if request.method == "POST":
        form = SubmissionForm(request.POST, call=call, initial=initial)
        form.fields["version"].required = False
        if form.is_valid():
            try:
                submission = services.create_submission(call=call, user=user, fields=form.cleaned_data)
            except ValidationError as error:
                for message in _error_messages(error):
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("Borrador creado con el código %(code)s. Puede seguir editándolo.")
                    % {"code": submission.code},
                )
                return redirect("concurso:submission_edit", code=submission.code)
    else:
        form = SubmissionForm(call=call, initial=initial)
    return render(
        request,
        "concurso/submission_form.html",
        {
            "form": form,
            "call": call,
            "municipality": user.municipality,
            "creating": True,
            "close_at": selectors.effective_close_at(call=call, municipality_id=user.municipality_id),
        },
    )


# The draft page shows the latest conflict copies only: hundreds of refused saves (a script, a
# browser left retrying) once made a page of several megabytes.
CONFLICT_COPIES_SHOWN = 5


def _edit_context(request, submission, form, attachment_form):
    call = submission.call
    open_copies = selectors.open_conflict_copies(submission).order_by("-created_at", "-pk")
    copies = list(open_copies[:CONFLICT_COPIES_SHOWN])
    total = open_copies.count() if len(copies) == CONFLICT_COPIES_SHOWN else len(copies)
    for copy in copies:
        copy.differences = _differences(form, submission, copy)
    return {
        "form": form,
        "attachment_form": attachment_form,
        "submission": submission,
        "call": call,
        "municipality": submission.municipality,
        "attachments": submission.attachments.all(),
        "conflicts": copies,
        "conflicts_hidden": total - len(copies),
        "missing": selectors.missing_items(submission),
        "close_at": selectors.effective_close_at(call=call, municipality_id=submission.municipality_id),
        "required_attachments": selectors.required_attachment_labels(call),
    }


def _differences(form, submission, copy):
    """Fields whose refused text differs from what is saved now: shown side by side to merge by hand."""
    rows = []
    for name, value in copy.data.items():
        saved = getattr(submission, name, None)
        if hasattr(saved, "all"):
            saved = [str(item) for item in saved.all()]
        elif saved is not None and not isinstance(saved, str | int):
            saved = str(saved)
        if (value or "") != (saved or ""):
            label = form.fields[name].label if name in form.fields else name
            rows.append({"label": label, "theirs": value, "saved": saved})
    return rows


@applicant_required
@require_http_methods(["GET", "POST"])
def submission_edit(request, code):
    submission = _own_submission(request, code)
    call = submission.call
    editable = submission.status == SubmissionStatus.DRAFT and selectors.submissions_open_for(
        call=call, municipality_id=submission.municipality_id
    )
    if not editable:
        if request.method == "POST":
            messages.error(
                request, _("Esta postulación ya no se puede modificar (fue enviada o cerró el plazo).")
            )
            return redirect("concurso:submission_edit", code=submission.code)
        return render(
            request,
            "concurso/submission_detail.html",
            {
                "submission": submission,
                "result": results.results_for([submission]).get(submission.pk),
                "sections": selectors.submission_sections(submission),
                "can_withdraw": services.can_withdraw(submission),
                "is_draft": submission.status == SubmissionStatus.DRAFT,
                "close_at": selectors.effective_close_at(
                    call=call, municipality_id=submission.municipality_id
                ),
            },
        )
    attachment_form = AttachmentForm()
    if request.method == "POST":
        form = SubmissionForm(request.POST, instance=submission, call=call)
        wants_file = bool(request.FILES.get("file"))
        if form.is_valid():
            try:
                result = services.save_draft(
                    submission=submission,
                    user=request.user,
                    fields=form.cleaned_data,
                    version=form.cleaned_data["version"],
                )
            except ValidationError as error:
                for message in _error_messages(error):
                    messages.error(request, message)
                return redirect("concurso:submission_edit", code=submission.code)
            if result.conflict:
                messages.error(
                    request,
                    _(
                        "Otra persona de su municipalidad guardó cambios mientras usted editaba. Su texto NO se perdió: "
                        "quedó guardado como copia y se muestra abajo junto a la versión actual para que los combine."
                    ),
                )
            if wants_file:
                attachment_form = AttachmentForm(request.POST, request.FILES)
                if not _attach(request, submission, attachment_form):
                    submission.refresh_from_db()
                    form = SubmissionForm(
                        instance=submission, call=call, initial={"version": submission.version}
                    )
                    return render(
                        request,
                        "concurso/submission_form.html",
                        _edit_context(request, submission, form, attachment_form),
                    )
            if result.conflict:
                return redirect(reverse("concurso:submission_edit", args=[submission.code]) + "#conflictos")
            if "review" in request.POST:
                return redirect("concurso:submission_submit", code=submission.code)
            messages.success(request, _("Borrador guardado."))
            anchor = "#adjuntos" if wants_file else ""
            return redirect(reverse("concurso:submission_edit", args=[submission.code]) + anchor)
        if wants_file:
            messages.warning(
                request,
                _(
                    "El archivo no se adjuntó porque el formulario tiene errores: corríjalos y vuelva a elegirlo."
                ),
            )
    else:
        form = SubmissionForm(instance=submission, call=call, initial={"version": submission.version})
    return render(
        request, "concurso/submission_form.html", _edit_context(request, submission, form, attachment_form)
    )


def _attach(request, submission, attachment_form) -> bool:
    if not attachment_form.is_valid():
        return False
    try:
        attachment = services.add_attachment(
            submission=submission,
            user=request.user,
            uploaded_file=attachment_form.cleaned_data["file"],
            label=attachment_form.cleaned_data["label"],
        )
    except ValidationError as error:
        for message in _error_messages(error):
            attachment_form.add_error("file", message)
        return False
    messages.success(request, _("Archivo «%(name)s» adjuntado.") % {"name": attachment.original_name})
    return True


@applicant_required
@require_http_methods(["GET", "POST"])
def submission_submit(request, code):
    submission = _own_submission(request, code)
    errors = {}
    if request.method == "POST":
        try:
            services.submit_submission(submission=submission, user=request.user)
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            messages.error(request, _("La postulación no se envió. Revise lo que falta."))
        else:
            messages.success(
                request,
                _(
                    "Postulación %(code)s enviada. Le enviamos un comprobante por correo con una copia de lo enviado."
                )
                % {"code": submission.code},
            )
            return redirect("concurso:dashboard")
    else:
        errors = (
            selectors.missing_for_submission(submission)
            if submission.status == SubmissionStatus.DRAFT
            else {}
        )
    labels = {f.name: f.verbose_name for f in Submission._meta.get_fields() if hasattr(f, "verbose_name")}
    labels["attachments"] = _("Adjuntos")
    edit_url = reverse("concurso:submission_edit", args=[submission.code])
    # Each pending item links to its field on the edit page (the pending-items box, issue 15).
    problems = [
        (
            labels.get(name, ""),
            " ".join(msgs) if isinstance(msgs, list) else msgs,
            edit_url + ("#adjuntos" if name == "attachments" else f"#id_{name}" if name in labels else ""),
        )
        for name, msgs in errors.items()
    ]
    return render(
        request,
        "concurso/submission_submit.html",
        {
            "submission": submission,
            "sections": selectors.submission_sections(submission),
            "problems": problems,
            "is_draft": submission.status == SubmissionStatus.DRAFT,
            "close_at": selectors.effective_close_at(
                call=submission.call, municipality_id=submission.municipality_id
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


@applicant_required
@require_http_methods(["GET", "POST"])
def submission_withdraw(request, code):
    submission = _own_submission(request, code)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_submission(
                submission=submission, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            for message in _error_messages(error):
                messages.error(request, message)
        else:
            messages.success(request, _("La postulación %(code)s fue retirada.") % {"code": submission.code})
            return redirect("concurso:dashboard")
    return render(
        request,
        "concurso/submission_withdraw.html",
        {
            "submission": submission,
            "form": form,
            "can_withdraw": services.can_withdraw(submission),
        },
    )


@applicant_required
@require_POST
def attachment_delete(request, code, pk):
    submission = _own_submission(request, code)
    attachment = get_object_or_404(SubmissionAttachment, pk=pk, submission=submission)
    try:
        services.delete_attachment(attachment=attachment, user=request.user)
    except ValidationError as error:
        for message in _error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Adjunto eliminado."))
    return redirect(reverse("concurso:submission_edit", args=[submission.code]) + "#adjuntos")


@login_required
@require_GET
def attachment_download(request, code, pk):
    submission = get_object_or_404(Submission, code=code)
    if not rules.has_perm("concurso.download_attachment", request.user, submission):
        if request.user.is_applicant:
            raise Http404(_("No existe esa postulación."))
        raise PermissionDenied
    attachment = get_object_or_404(SubmissionAttachment, pk=pk, submission=submission)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        # The record outlived its file (e.g. a restored database without the private files): say so, no 500.
        raise Http404(_("El archivo ya no está disponible en el servidor."))
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@applicant_required
@require_POST
def conflict_resolve(request, code, pk):
    submission = _own_submission(request, code)
    copy = get_object_or_404(submission.conflict_copies, pk=pk)
    services.resolve_conflict_copy(copy=copy, user=request.user)
    messages.success(request, _("Copia marcada como revisada."))
    return redirect("concurso:submission_edit", code=submission.code)


@applicant_required
@require_POST
def conflict_resolve_all(request, code):
    submission = _own_submission(request, code)
    count = services.resolve_all_conflict_copies(submission=submission, user=request.user)
    messages.success(request, _("%(count)s copias marcadas como revisadas.") % {"count": count})
    return redirect("concurso:submission_edit", code=submission.code)


# Staff area ----------------------------------------------------------------------------------------------


@coordinator_required
@require_GET
def staff_submissions(request):
    submission_filter, queryset = selectors.filtered_submissions(request.GET)
    page = Paginator(queryset, 50).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "concurso/staff_entries.html",
        {
            "filter": submission_filter,
            "entries_page": page,
            "query": query.urlencode(),
            "extendable_calls": selectors.extendable_calls(),
        },
    )


@coordinator_required
@require_POST
def staff_export(request, fmt):
    """Ask for the filtered list as CSV or XLSX; it is prepared in the background (core.exports)."""
    kind = exports.KINDS.get(fmt)
    if kind is None:
        raise Http404(_("Formato desconocido."))
    params = exports.export_params(request.POST.get("filters", ""))
    job = portal_exports.request_export(user=request.user, kind=kind.name, params=params)
    return portal_exports.response_for(request, job)


@coordinator_required
@require_http_methods(["GET", "POST"])
def staff_entry_detail(request, code):
    try:
        submission = selectors.staff_submission(code=code)
    except Submission.DoesNotExist:
        raise Http404(_("No existe esa postulación."))
    form = AdmissibilityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_admissibility(
                submission=submission,
                user=request.user,
                admissible=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            for message in _error_messages(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("Admisibilidad registrada; se avisó a la municipalidad por correo."))
            return redirect("concurso:staff_entry_detail", code=submission.code)
    return render(
        request,
        "concurso/staff_entry_detail.html",
        {
            "submission": submission,
            "sections": selectors.submission_sections(submission),
            "events": selectors.submission_events(submission),
            "form": form,
            "can_decide": submission.status in services.ADMISSIBILITY_STATUSES
            and timezone.now() < submission.call.evaluation_open_at,
            "extendable_calls": selectors.extendable_calls(),
        },
    )


@coordinator_required
@require_GET
def staff_audit(request):
    call = None
    if request.GET.get("convocatoria"):
        call = Call.objects.filter(slug=request.GET["convocatoria"][:120]).first()
    page = Paginator(selectors.audit_events(call=call), 100).get_page(request.GET.get("pagina"))
    return render(
        request,
        "concurso/staff_audit.html",
        {
            "events_page": page,
            "call": call,
            "calls": Call.objects.all(),
            "extendable_calls": selectors.extendable_calls(),
        },
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def staff_extension(request, slug):
    call = _call_or_404(slug)
    form = DeadlineExtensionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.extend_deadline(
                call=call,
                user=request.user,
                new_close_at=form.cleaned_data["new_close_at"],
                reason=form.cleaned_data["reason"],
                municipality=form.cleaned_data["municipality"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Prórroga registrada."))
            return redirect("concurso:staff_extension", slug=call.slug)
    return render(
        request,
        "concurso/staff_extension.html",
        {
            "call": call,
            "form": form,
            "extensions": call.extensions.select_related("municipality", "created_by"),
            "extendable_calls": selectors.extendable_calls(),
        },
    )
