"""Views of the quality diagnostic. Thin: permissions (calidad.rules) on every object, then
selectors to read and services to write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from calidad import charts, exports, external, instrument_io, selectors, services, suggestions
from calidad.forms import (
    ActaForm,
    AnswersForm,
    CompareForm,
    ExternalResultsForm,
    InstrumentImportForm,
    ParticipantFormSet,
    SessionForm,
)
from calidad.models import ExternalSource, Instrument, Post, QuestionKind
from core import exports as core_exports
from core.models import Municipality
from core.numbers import format_date

SCOPES = {"nacional": "national", "region": "region", "tipologia": "typology"}


def _deny(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _diagnostic(request, pk, perm="calidad.view_diagnostic"):
    diagnostic = selectors.diagnostic_with_context(pk)
    if diagnostic is None:
        raise Http404
    if not request.user.has_perm(perm, diagnostic):
        return None, _deny(request)
    return diagnostic, None


def _municipality(request, slug, perm="calidad.view_municipality_cycles"):
    municipality = get_object_or_404(Municipality.objects.select_related("comuna__region"), slug=slug)
    if not request.user.has_perm(perm, municipality):
        return None, _deny(request)
    return municipality, None


def _error_list(*forms_):
    """(field id, label, message) of every error, for the summary at the top of the page."""
    items = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        forms_list = list(form.forms) if hasattr(form, "forms") else [form]
        for error in getattr(form, "non_form_errors", lambda: [])():
            items.append(("", "", error))
        for f in forms_list:
            for error in f.non_field_errors():
                items.append(("", "", error))
            for name, errors in f.errors.items():
                if name == "__all__":
                    continue
                field = f[name]
                for error in errors:
                    items.append((field.auto_id, field.label, error))
    return items


# ---------------------------------------------------------------------------------------------
# Entry point and the municipality's cycles
# ---------------------------------------------------------------------------------------------


@require_GET
def home(request):
    user = request.user
    if not user.is_authenticated:
        return redirect("calidad:statistics")
    if user.has_perm("calidad.view_overview"):
        return render(
            request,
            "calidad/overview.html",
            {
                "latest": selectors.latest_by_municipality(),
                "drafts": selectors.drafts(),
                "instrument": services.active_instrument(),
                "sources": ExternalSource.objects.all()[:10],
            },
        )
    if user.municipality_id:
        return redirect("calidad:municipality", slug=user.municipality.slug)
    return redirect("calidad:statistics")


@require_GET
def municipality_cycles(request, slug):
    municipality = get_object_or_404(Municipality.objects.select_related("comuna__region"), slug=slug)
    full = request.user.has_perm("calidad.view_municipality_cycles", municipality)
    diagnostics = list(
        selectors.municipality_diagnostics(municipality, include_drafts=full, only_published=not full)
    )
    if not full and not diagnostics:
        return _deny(request)  # nothing published: only its own users and staff may look
    series = selectors.trend(municipality, only_published=not full)
    trend = None
    if series:
        trend = charts.trend_svg(
            [
                (f"{d.held_on:%d-%m-%Y}" + (" *" if d.is_imported else ""), values.get("total"))
                for d, values in series
            ],
            title=_("Evolución del logro total de %(m)s") % {"m": municipality.name},
        )
    submitted = [d for d in diagnostics if d.is_submitted]
    return render(
        request,
        "calidad/municipality.html",
        {
            "municipality": municipality,
            "diagnostics": diagnostics,
            "trend": trend,
            "can_start": request.user.has_perm("calidad.start_diagnostic", municipality),
            "has_draft": any(not d.is_submitted for d in diagnostics),
            "compare_pair": (submitted[1], submitted[0]) if len(submitted) > 1 else None,
            "instrument": services.active_instrument(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def start(request, slug):
    municipality, denied = _municipality(request, slug, "calidad.start_diagnostic")
    if denied:
        return denied
    form = SessionForm(
        request.POST or None, initial={"held_on": timezone.localdate(), "duration_minutes": 240}
    )
    if request.method == "POST" and form.is_valid():
        try:
            diagnostic = services.start_diagnostic(
                municipality=municipality, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Diagnóstico abierto. Registre a los participantes y luego las respuestas; puede guardar cuando quiera."
                ),
            )
            return redirect("calidad:session", pk=diagnostic.pk)
    return render(
        request,
        "calidad/start.html",
        {
            "municipality": municipality,
            "form": form,
            "errors": _error_list(form),
            "instrument": services.active_instrument(),
        },
    )


# ---------------------------------------------------------------------------------------------
# Recording a diagnostic
# ---------------------------------------------------------------------------------------------


def _steps(diagnostic):
    progress = selectors.answer_progress(diagnostic)
    answered = sum(a for a, _t in progress.values())
    total = sum(t for _a, t in progress.values())
    return {"progress": progress, "answered": answered, "total": total}


@login_required
@require_http_methods(["GET", "POST"])
def session(request, pk):
    diagnostic, denied = _diagnostic(request, pk, "calidad.edit_diagnostic")
    if denied:
        return denied
    participants = list(diagnostic.participants.all())
    initial_people = [
        {"name": p.name, "post": p.post, "post_detail": p.post_detail, "signed_acta": p.signed_acta}
        for p in participants
    ]
    if not initial_people:
        initial_people = [{"post": post.value} for post in (Post.MAYOR, Post.SECRETARY)]
    form = SessionForm(
        request.POST or None,
        initial={
            "held_on": diagnostic.held_on,
            "duration_minutes": diagnostic.duration_minutes,
            "meeting_description": diagnostic.meeting_description,
            "observations": diagnostic.observations,
        },
    )
    formset = ParticipantFormSet(request.POST or None, initial=initial_people, prefix="p")
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            services.update_session(diagnostic=diagnostic, **form.cleaned_data)
            services.set_participants(
                diagnostic=diagnostic,
                participants=[
                    services.ParticipantData(
                        name=f.cleaned_data["name"],
                        post=f.cleaned_data["post"],
                        post_detail=f.cleaned_data.get("post_detail", ""),
                        signed_acta=f.cleaned_data.get("signed_acta", False),
                    )
                    for f in formset.forms
                    if f.cleaned_data.get("name")
                ],
            )
            messages.success(request, _("Datos de la sesión guardados."))
            if "next" in request.POST:
                return redirect("calidad:answers", pk=diagnostic.pk, number=1)
            return redirect("calidad:session", pk=diagnostic.pk)
    return render(
        request,
        "calidad/session.html",
        {
            "diagnostic": diagnostic,
            "form": form,
            "formset": formset,
            "errors": _error_list(form, formset),
            "warnings": selectors.missing_post_warnings(diagnostic),
            "checks": selectors.post_checks(diagnostic),
            "acta_form": ActaForm(),
            **_steps(diagnostic),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def answers(request, pk, number):
    diagnostic, denied = _diagnostic(request, pk, "calidad.edit_diagnostic")
    if denied:
        return denied
    area, questions = selectors.area_questions(diagnostic.instrument, number)
    if area is None:
        raise Http404
    current = {a.question_id: a for a in diagnostic.answers.filter(question__in=questions)}
    form = AnswersForm(request.POST or None, questions=questions, answers=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_answers(diagnostic=diagnostic, answers=form.parsed)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Respuestas del ámbito «%(area)s» guardadas.") % {"area": area.name})
            last = diagnostic.instrument.areas.count()
            if "next" in request.POST and number < last:
                return redirect("calidad:answers", pk=diagnostic.pk, number=number + 1)
            if "next" in request.POST:
                return redirect("calidad:submit", pk=diagnostic.pk)
            return redirect("calidad:answers", pk=diagnostic.pk, number=number)
    areas = list(diagnostic.instrument.areas.order_by("number"))
    return render(
        request,
        "calidad/answers.html",
        {
            "diagnostic": diagnostic,
            "area": area,
            "form": form,
            "rows": list(form.bound_rows()),
            "errors": _error_list(form),
            "areas": areas,
            "practice": QuestionKind.PRACTICE,
            "previous_number": number - 1 if number > 1 else None,
            **_steps(diagnostic),
        },
    )


@login_required
@require_POST
def acta_upload(request, pk):
    diagnostic, denied = _diagnostic(request, pk, "calidad.edit_diagnostic")
    if denied:
        return denied
    form = ActaForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_acta(diagnostic=diagnostic, uploaded_file=form.cleaned_data["acta"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Acta guardada."))
    else:
        messages.error(request, _("Elija el archivo PDF del acta."))
    return redirect(
        request.POST.get("back") == "submit"
        and reverse("calidad:submit", args=[pk])
        or reverse("calidad:session", args=[pk]) + "#acta"
    )


@login_required
@require_GET
def acta_download(request, pk):
    diagnostic, denied = _diagnostic(request, pk, "calidad.view_diagnostic_details")
    if denied:
        return denied
    if not diagnostic.acta:
        raise Http404
    try:
        handle = diagnostic.acta.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"acta-{diagnostic.municipality.slug}-{diagnostic.held_on:%Y-%m-%d}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def submit(request, pk):
    diagnostic, denied = _diagnostic(request, pk, "calidad.submit_diagnostic")
    if denied:
        return denied
    if request.method == "POST":
        try:
            services.submit_diagnostic(diagnostic=diagnostic, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Diagnóstico enviado: los resultados quedaron registrados y ya no se pueden modificar."),
            )
            return redirect("calidad:detail", pk=diagnostic.pk)
    table = selectors.results_table(diagnostic)
    return render(
        request,
        "calidad/submit.html",
        {
            "diagnostic": diagnostic,
            "problems": services.submission_problems(diagnostic),
            "warnings": selectors.missing_post_warnings(diagnostic),
            "table": table,
            "acta_form": ActaForm(),
            "participants": diagnostic.participants.all(),
            **_steps(diagnostic),
        },
    )


@login_required
@require_POST
def delete_draft(request, pk):
    diagnostic, denied = _diagnostic(request, pk, "calidad.edit_diagnostic")
    if denied:
        return denied
    slug = diagnostic.municipality.slug
    services.delete_draft(diagnostic=diagnostic)
    messages.success(request, _("Borrador eliminado."))
    return redirect("calidad:municipality", slug=slug)


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------


@require_GET
def detail(request, pk):
    diagnostic, denied = _diagnostic(request, pk)
    if denied:
        return denied
    table = selectors.results_table(diagnostic)
    details = request.user.has_perm("calidad.view_diagnostic_details", diagnostic)
    chart = charts.results_svg(
        table.rows,
        title=_("Porcentaje de logro por ámbito — %(m)s, %(d)s")
        % {"m": diagnostic.municipality.name, "d": format_date(diagnostic.held_on)},
    )
    context = {
        "diagnostic": diagnostic,
        "table": table,
        "chart": chart,
        "details": details,
        "strengths": table.strengths(),
        "opportunities": table.opportunities(),
        "can_edit": request.user.has_perm("calidad.edit_diagnostic", diagnostic),
        "can_publish": request.user.has_perm("calidad.publish_diagnostic", diagnostic),
        "can_export_details": details,
    }
    if context["can_edit"]:
        context.update(_steps(diagnostic))
    if diagnostic.is_submitted:
        targets = selectors.suggestion_targets(diagnostic)
        context["suggestions"] = suggestions.practices_for(
            targets, exclude_municipality_id=diagnostic.municipality_id
        )
        others = [
            d
            for d in selectors.municipality_diagnostics(diagnostic.municipality, include_drafts=False)
            if d.pk != diagnostic.pk
        ]
        if not request.user.has_perm("calidad.view_municipality_cycles", diagnostic.municipality):
            others = [d for d in others if d.is_published]
        context["others"] = others
    if details:
        context["participants"] = diagnostic.participants.all()
        context["warnings"] = selectors.missing_post_warnings(diagnostic)
    return render(request, "calidad/detail.html", context)


@require_GET
def benchmarks(request, pk):
    diagnostic, denied = _diagnostic(request, pk)
    if denied:
        return denied
    scope_key = request.GET.get("grupo", "region")
    scope = SCOPES.get(scope_key, "region")
    source_id = request.GET.get("fuente")
    source = (
        ExternalSource.objects.filter(pk=source_id).first() if source_id and source_id.isdigit() else None
    )
    label, rows = selectors.standing(diagnostic, scope=scope, source_id=source.pk if source else None)
    benchmark = {r.code: r.group for r in rows}
    table = selectors.results_table(diagnostic)
    chart = charts.results_svg(
        table.rows,
        title=_("Logro de %(m)s frente a %(g)s") % {"m": diagnostic.municipality.name, "g": label},
        benchmark=benchmark,
        benchmark_label=label,
    )
    return render(
        request,
        "calidad/benchmarks.html",
        {
            "diagnostic": diagnostic,
            "rows": rows,
            "label": label,
            "scope": scope_key,
            "chart": chart,
            "min_group": selectors.MIN_GROUP,
            "sources": ExternalSource.objects.all(),
            "source": source,
            "shown_any": any(r.group.shown for r in rows),
        },
    )


@require_GET
def compare(request, pk, other):
    diagnostic, denied = _diagnostic(request, pk)
    if denied:
        return denied
    other_diagnostic, denied = _diagnostic(request, other)
    if denied:
        return denied
    if other_diagnostic.municipality_id != diagnostic.municipality_id or not (
        diagnostic.is_submitted and other_diagnostic.is_submitted
    ):
        raise Http404
    before, after = sorted([diagnostic, other_diagnostic], key=lambda d: (d.held_on, d.pk))
    rows, table_before, table_after = selectors.compare(before, after)
    before_label = _("Ciclo del %(d)s") % {"d": format_date(before.held_on)}
    after_label = _("Ciclo del %(d)s") % {"d": format_date(after.held_on)}
    chart = charts.compare_svg(
        rows,
        title=_("Comparación de ciclos — %(m)s") % {"m": diagnostic.municipality.name},
        before_label=before_label,
        after_label=after_label,
    )
    return render(
        request,
        "calidad/compare.html",
        {
            "diagnostic": diagnostic,
            "before": before,
            "after": after,
            "rows": rows,
            "chart": chart,
            "table_before": table_before,
            "table_after": table_after,
            "total_change": (table_after.percent or 0) - (table_before.percent or 0),
        },
    )


@require_GET
def compare_pick(request, pk):
    """The «compare with» form posts here by GET and lands on the comparison page."""
    diagnostic, denied = _diagnostic(request, pk)
    if denied:
        return denied
    choices = [
        (d.pk, str(d))
        for d in selectors.municipality_diagnostics(diagnostic.municipality, include_drafts=False)
        if d.pk != diagnostic.pk
    ]
    form = CompareForm(request.GET, choices=choices)
    if form.is_valid():
        return redirect("calidad:compare", pk=pk, other=form.cleaned_data["other"])
    messages.error(request, _("Elija otro ciclo para comparar."))
    return redirect("calidad:detail", pk=pk)


@login_required
@require_POST
def publish(request, pk):
    diagnostic, denied = _diagnostic(request, pk, "calidad.publish_diagnostic")
    if denied:
        return denied
    published = request.POST.get("published") == "1"
    services.set_published(diagnostic=diagnostic, published=published)
    messages.success(
        request,
        _("Los resultados ahora son públicos.")
        if published
        else _("Los resultados dejaron de ser públicos."),
    )
    return redirect("calidad:detail", pk=pk)


@login_required
@require_POST
def export(request, pk, fmt):
    kind = exports.KINDS.get(fmt)
    if kind is None:
        raise Http404
    diagnostic, denied = _diagnostic(request, pk)
    if denied:
        return denied
    try:
        job = core_exports.request_export(
            user=request.user, kind=kind.name, params={"diagnostic_id": diagnostic.pk}
        )
    except PermissionDenied:
        raise
    return core_exports.response_for(request, job)


@require_GET
def statistics(request):
    source_id = request.GET.get("fuente")
    source = (
        ExternalSource.objects.filter(pk=source_id).first() if source_id and source_id.isdigit() else None
    )
    data = selectors.public_statistics(source_id=source.pk if source else None)
    bench = data["benchmarks"]
    return render(
        request,
        "calidad/statistics.html",
        {
            "bench": bench,
            "regions": data["regions"],
            "min_group": selectors.MIN_GROUP,
            "national_rows": [
                (code, number, name, bench.national.get(code)) for code, number, name in bench.areas
            ],
            "sources": ExternalSource.objects.all(),
            "source": source,
            "published": selectors.published_municipalities(),
        },
    )


# ---------------------------------------------------------------------------------------------
# Staff: instruments and imported results
# ---------------------------------------------------------------------------------------------


def _staff(request):
    if not request.user.has_perm("calidad.manage_instruments"):
        return _deny(request)
    return None


@require_http_methods(["GET", "POST"])
def instruments(request):
    denied = _staff(request)
    if denied:
        return denied
    form = InstrumentImportForm(request.POST or None, request.FILES or None)
    import_errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            instrument = instrument_io.import_instrument(data=upload.read(), filename=upload.name)
        except instrument_io.ImportFailed as failure:
            import_errors = failure.errors
        else:
            messages.success(
                request,
                _("Instrumento importado: %(i)s, %(n)s preguntas.")
                % {"i": instrument, "n": instrument.questions.count()},
            )
            return redirect("calidad:instruments")
    items = Instrument.objects.all().order_by("family", "-version")
    return render(
        request,
        "calidad/instruments.html",
        {
            "instruments": items,
            "form": form,
            "import_errors": import_errors,
            "errors": _error_list(form),
        },
    )


@require_GET
def instrument_export(request, pk, fmt):
    denied = _staff(request)
    if denied:
        return denied
    instrument = get_object_or_404(Instrument, pk=pk)
    name = f"instrumento-{instrument.family}-v{instrument.version}"
    if fmt == "csv":
        response = HttpResponse(instrument_io.export_csv(instrument), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    elif fmt == "xlsx":
        response = HttpResponse(instrument_io.export_xlsx(instrument), content_type=exports.XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        raise Http404
    return response


@require_POST
def instrument_new_version(request, pk):
    denied = _staff(request)
    if denied:
        return denied
    instrument = get_object_or_404(Instrument, pk=pk)
    copy = services.new_version(instrument=instrument)
    messages.success(
        request, _("Se creó la versión %(v)s, editable hasta su primer uso.") % {"v": copy.version}
    )
    return redirect("calidad:instruments")


@require_POST
def instrument_activate(request, pk):
    denied = _staff(request)
    if denied:
        return denied
    instrument = get_object_or_404(Instrument, pk=pk)
    if not instrument.questions.exists():
        messages.error(request, _("Un instrumento sin preguntas no puede quedar vigente."))
    else:
        services.activate_instrument(instrument=instrument)
        messages.success(
            request, _("%(i)s es ahora la versión vigente para nuevos diagnósticos.") % {"i": instrument}
        )
    return redirect("calidad:instruments")


@require_http_methods(["GET", "POST"])
def sources(request):
    if not request.user.has_perm("calidad.import_results"):
        return _deny(request)
    form = ExternalResultsForm(request.POST or None, request.FILES or None)
    import_errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = external.import_results(
            data=upload.read(),
            filename=upload.name,
            name=form.cleaned_data["name"],
            year=form.cleaned_data["year"],
            instrument=form.cleaned_data["instrument"],
            url=form.cleaned_data["url"],
            user=request.user,
        )
        if report.errors:
            import_errors = report.errors
        else:
            messages.success(
                request,
                _("Se importaron %(r)s resultados de %(m)s municipalidades.")
                % {"r": report.rows, "m": report.municipalities},
            )
            return redirect("calidad:sources")
    return render(
        request,
        "calidad/sources.html",
        {
            "form": form,
            "import_errors": import_errors,
            "errors": _error_list(form),
            "sources": ExternalSource.objects.select_related("instrument").all(),
        },
    )
