"""Views of citizen schools: public catalogue, registration and statistics; staff attendance."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from escuelas import selectors, services
from escuelas.forms import EnrolmentForm, ProgressFormSet
from escuelas.models import Course


def _errors(*forms_):
    items = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for f in list(form.forms) if hasattr(form, "forms") else [form]:
            items.extend(("", "", error) for error in f.non_field_errors())
            for name, errors in f.errors.items():
                if name != "__all__":
                    items.extend((f[name].auto_id, f[name].label, error) for error in errors)
    return items


def catalogue(request):
    return render(request, "escuelas/catalogue.html", {"courses": selectors.catalogue()})


def course(request, slug):
    course = get_object_or_404(Course, slug=slug, is_active=True)
    today = timezone.localdate()
    cohorts = list(selectors.cohorts_of(course))
    return render(
        request,
        "escuelas/course.html",
        {
            "course": course,
            "upcoming": sorted([c for c in cohorts if c.ends_on >= today], key=lambda c: c.starts_on),
            "past": [c for c in cohorts if c.ends_on < today],
        },
    )


@require_http_methods(["GET", "POST"])
def enrol(request, pk):
    cohort = selectors.cohort(pk)
    if cohort is None or not cohort.course.is_active:
        raise Http404
    form = EnrolmentForm(request.POST or None, initial={"comuna": cohort.comuna_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.enrol(cohort=cohort, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                for message in exc.messages:
                    form.add_error(None, message)
        else:
            messages.success(request, _("¡Listo! Quedó inscrita/o. Le enviamos la confirmación por correo."))
            return redirect("escuelas:course", cohort.course.slug)
    seats = max(cohort.capacity - cohort.enrolled, 0)
    return render(
        request,
        "escuelas/enrol.html",
        {
            "cohort": cohort,
            "form": form,
            "errors": _errors(form),
            "seats_left": seats,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    cohort = selectors.cohort(pk)
    if cohort is None:
        raise Http404
    if not request.user.has_perm("escuelas.manage_cohort", cohort):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    enrolments = list(cohort.enrolments.select_related("comuna").order_by("full_name", "pk"))
    initial = [{"sessions_attended": e.sessions_attended, "completed": e.completed} for e in enrolments]
    formset = ProgressFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        try:
            for enrolment, form in zip(enrolments, formset.forms, strict=False):
                services.record_progress(enrolment=enrolment, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                formset.forms[0].add_error(None, message)
        else:
            messages.success(request, _("Asistencia guardada."))
            return redirect("escuelas:attendance", cohort.pk)
    return render(
        request,
        "escuelas/attendance.html",
        {
            "cohort": cohort,
            "rows": list(zip(enrolments, formset.forms, strict=False)),
            "formset": formset,
            "errors": _errors(formset),
        },
    )


def statistics(request):
    rows = selectors.statistics_by_region()
    totals = {key: sum(row[key] for row in rows) for key in ("cohorts", "seats", "enrolled", "completed")}
    totals["completion_rate"] = (
        round(100 * totals["completed"] / totals["enrolled"]) if totals["enrolled"] else None
    )
    return render(request, "escuelas/statistics.html", {"rows": rows, "totals": totals})
