"""Views of replications: thin. Permission per object (transferencia.rules), selectors to read,
services to write. Forms that fail re-render the same page with what was typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from transferencia import practices, selectors, services
from transferencia.forms import AnswerForm, ConsentForm, RequestForm, StaffFilterForm, StageForm


def _deny(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def error_list(*forms_):
    """(field id, label, message) of every error, for the summary at the top of the page."""
    items = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for error in form.non_field_errors():
            items.append(("", "", error))
        for name, errors in form.errors.items():
            if name == "__all__":
                continue
            field = form[name]
            items.extend((field.auto_id, field.label, error) for error in errors)
    return items


def _apply_validation_error(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


@require_http_methods(["GET", "POST"])
def request_replication(request, page_id):
    practice = practices.resolve(page_id)
    if practice is None:
        raise Http404
    if not request.user.has_perm("transferencia.request_replication", practice):
        return _deny(request)
    existing = selectors.open_request_for(
        practice_page_id=page_id, municipality_id=request.user.municipality_id
    )
    if existing is not None:
        messages.info(request, _("Su municipalidad ya pidió replicar esta práctica."))
        return redirect("transferencia:detail", existing.pk)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            replication = services.request_replication(
                practice=practice, user=request.user, motivation=form.cleaned_data["motivation"]
            )
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        else:
            messages.success(request, _("Solicitud enviada. Le avisaremos por correo cuando respondan."))
            return redirect("transferencia:detail", replication.pk)
    return render(
        request,
        "transferencia/request.html",
        {
            "practice": practice,
            "form": form,
            "errors": error_list(form),
        },
    )


def _replication(request, pk, perm="transferencia.view_replication"):
    replication = selectors.with_stages(pk)
    if replication is None:
        raise Http404
    if not request.user.has_perm(perm, replication):
        return None, _deny(request)
    return replication, None


def _detail_context(request, replication, **forms_):
    user = request.user
    context = {
        "replication": replication,
        "practice": practices.resolve(replication.practice_page_id),
        "can_answer": user.has_perm("transferencia.answer_replication", replication),
        "can_record": user.has_perm("transferencia.record_stage", replication),
        "can_consent": user.has_perm("transferencia.give_consent", replication),
    }
    if context["can_answer"]:
        context["answer_form"] = forms_.get("answer_form") or AnswerForm()
    if context["can_record"]:
        context["stage_form"] = forms_.get("stage_form") or StageForm()
    if context["can_consent"]:
        mine = (
            replication.requester_consents
            if user.municipality_id == replication.requester_municipality_id
            else replication.origin_consents
        )
        context["consent_form"] = ConsentForm(initial={"consent": mine})
    context["errors"] = error_list(*forms_.values())
    return context


@login_required
def detail(request, pk):
    replication, denied = _replication(request, pk)
    if denied:
        return denied
    return render(request, "transferencia/detail.html", _detail_context(request, replication))


@require_POST
def answer(request, pk):
    replication, denied = _replication(request, pk, "transferencia.answer_replication")
    if denied:
        return denied
    form = AnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == AnswerForm.ACCEPT:
                services.accept_replication(
                    replication=replication,
                    user=request.user,
                    contact_name=data["contact_name"],
                    contact_email=data["contact_email"],
                    contact_phone=data["contact_phone"],
                )
                messages.success(
                    request, _("Aceptaron la solicitud. La otra municipalidad recibirá el contacto.")
                )
            else:
                services.decline_replication(
                    replication=replication, user=request.user, reason=data["decline_reason"]
                )
                messages.success(request, _("Solicitud declinada. Se avisó a la otra municipalidad."))
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        else:
            return redirect("transferencia:detail", replication.pk)
    return render(
        request,
        "transferencia/detail.html",
        _detail_context(request, replication, answer_form=form),
        status=400,
    )


@require_POST
def add_stage(request, pk):
    replication, denied = _replication(request, pk, "transferencia.record_stage")
    if denied:
        return denied
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            services.record_stage(replication=replication, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        else:
            messages.success(request, _("Etapa registrada."))
            return redirect("transferencia:detail", replication.pk)
    return render(
        request,
        "transferencia/detail.html",
        _detail_context(request, replication, stage_form=form),
        status=400,
    )


@require_POST
def consent(request, pk):
    replication, denied = _replication(request, pk, "transferencia.give_consent")
    if denied:
        return denied
    form = ConsentForm(request.POST)
    form.is_valid()
    services.set_consent(
        replication=replication, user=request.user, consent=form.cleaned_data.get("consent", False)
    )
    messages.success(request, _("Preferencia de publicación guardada."))
    return redirect("transferencia:detail", replication.pk)


@login_required
def mine(request):
    if not request.user.municipality_id:
        if request.user.has_perm("transferencia.view_all"):
            return redirect("transferencia:staff_list")
        raise PermissionDenied
    rows = selectors.for_municipality(request.user.municipality_id)
    return render(
        request,
        "transferencia/mine.html",
        {
            "requested": [r for r in rows if r.requester_municipality_id == request.user.municipality_id],
            "received": [r for r in rows if r.origin_municipality_id == request.user.municipality_id],
        },
    )


@login_required
def staff_list(request):
    if not request.user.has_perm("transferencia.view_all"):
        raise PermissionDenied
    form = StaffFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        region = form.cleaned_data.get("region")
        filters = {
            "status": form.cleaned_data.get("estado") or "",
            "region_code": region.code if region else "",
            "query": form.cleaned_data.get("q") or "",
        }
    page = Paginator(selectors.staff_list(**filters), 50).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "transferencia/staff_list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring": query.urlencode(),
            "errors": error_list(form),
        },
    )
