"""Error pages: 403 and 404 in Spanish inside the site layout; 500 standalone (no context needed)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template, engines
from django.template.loader import get_template

from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def test_permission_denied_renders_spanish_403_in_layout(client):
    # An applicant opening the coordinators' list: the view raises PermissionDenied with a reason.
    client.force_login(UserFactory(applicant=True))

    response = client.get("/convocatorias/gestion/")

    assert response.status_code == 403
    assert [t.name for t in response.templates][:2] == ["403.html", "base.html"]
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "No tiene permiso para ver esta página" in html
    assert "Esta sección es para la coordinación del concurso." in html
    assert 'class="site-header"' in html
    assert "css/app.css" in html
    assert "Forbidden" not in html


def test_403_without_reason_or_user_still_helps(rf):
    request = rf.get("/evaluacion/gestion/")
    request.user = AnonymousUser()
    html = get_template("403.html").render({"exception": ""}, request)

    assert "No tiene permiso para ver esta página" in html
    assert 'class="error-reason"' not in html
    assert "/cuenta/ingresar/?next=/evaluacion/gestion/" in html


def test_missing_page_renders_spanish_404(client, home):
    response = client.get("/esta-pagina-no-existe/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "No encontramos esta página" in html
    assert 'class="site-header"' in html
    assert "Not Found" not in html


def test_500_template_is_standalone_html():
    source = get_template("500.html").template.source

    assert "{% extends" not in source
    assert "{% load" not in source
    assert source.lstrip().lower().startswith("<!doctype html>")
    assert '<html lang="es">' in source
    # Rendered with an empty context (as Django's server_error view does), nothing is missing.
    html = Template(source, engine=engines["django"].engine).render(Context())
    assert "Ocurrió un error inesperado" in html
    assert 'href="/"' in html
