import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET

from core.models import Comuna
from portal.dashboard import panels
from portal.forms import EmailAuthenticationForm, QueuedPasswordResetForm
from portal.health import check_all, status_of
from portal.security import client_ip, throttle

logger = logging.getLogger(__name__)


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    form_class = QueuedPasswordResetForm
    success_url = reverse_lazy("portal:password_reset_done")

    def form_valid(self, form):
        # Per client address: stops one client from mailing every address it can guess. The answer
        # never says whether the address has an account.
        allowed = throttle(
            "password-reset",
            client_ip(self.request) or "unknown",
            limit=settings.PASSWORD_RESET_ADDRESS_LIMIT,
            window=timedelta(hours=1),
        )
        if not allowed:
            logger.warning("Recuperación de contraseña limitada para %s", client_ip(self.request))
            form.add_error(
                None,
                _(
                    "Se enviaron demasiadas solicitudes desde su conexión. Espere una hora e intente de nuevo."
                ),
            )
            return self.form_invalid(form)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("portal:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


@login_required
def account(request):
    """Sends each role to its own area; a user with several roles gets a menu."""
    user = request.user
    links = []
    if user.is_applicant:
        links.append((_("Mis postulaciones"), reverse("concurso:dashboard")))
    if user.is_evaluator:
        links.append((_("Mis evaluaciones"), reverse("evaluacion:dashboard")))
    if user.is_committee:
        links.append((_("Comité de expertos"), reverse("evaluacion:committee_home")))
    if user.is_coordinator:
        links.append((_("Gestión de postulaciones"), reverse("concurso:staff_entries")))
        links.append((_("Gestión de la evaluación"), reverse("evaluacion:staff_home")))
    if user.is_applicant or user.is_quality_team:
        links.append((_("Transferencias de mi municipalidad"), reverse("transferencia:mine")))
    if user.is_coordinator:
        links.append((_("Transferencias entre municipios"), reverse("transferencia:staff_list")))
    if user.is_coordinator or user.is_committee:
        links.append((_("Mis exportaciones"), reverse("portal:export_list")))
    if user.is_editor or user.is_coordinator:
        links.append((_("Administración de contenidos"), reverse("wagtailadmin_home")))

    return render(request, "account/home.html", {"links": links, "panels": panels(user)})


@require_GET
@cache_page(60 * 60)
def comunas_json(request):
    comunas = Comuna.objects.select_related("region").order_by("code")
    data = [
        {"codigo": c.code, "nombre": c.name, "region_codigo": c.region.code, "region_nombre": c.region.name}
        for c in comunas
    ]
    return JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /cuenta/",
        "Disallow: /evaluacion/",
        "Disallow: /convocatorias/postular/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def healthz(request):
    """Readiness: 200 "ok" or "degraded" (broker or search down), 503 "fail" (database down)."""
    report = check_all()
    state, status = status_of(report)
    response = JsonResponse({"ok": status == 200, "status": state, "checks": report}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def healthz_live(request):
    """Liveness: the process answers requests. Checks nothing else, on purpose."""
    response = JsonResponse({"ok": True, "status": "alive"})
    response["Cache-Control"] = "no-store"
    return response


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
