"""Login by e-mail, Spanish messages, throttling of failed logins, password reset, hashing."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.factories.portal import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_argon2_is_the_default_hasher_in_base_settings():
    from portal.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_login_by_email(client):
    user = UserFactory(email="ana@laserena.cl")
    response = client.post(reverse("portal:login"), {"username": "ana@laserena.cl", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:account")
    assert int(client.session["_auth_user_id"]) == user.pk


def test_login_page_in_spanish(client):
    html = client.get(reverse("portal:login")).content.decode()
    assert "Correo electrónico" in html and "Contraseña" in html and "¿Olvidó su contraseña?" in html


def test_wrong_password_message_in_spanish(client):
    UserFactory(email="ana@laserena.cl")
    response = client.post(reverse("portal:login"), {"username": "ana@laserena.cl", "password": "equivocada"})
    assert response.status_code == 200
    assert "Correo o contraseña incorrectos" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_after_five_failures(client, settings):
    settings.AXES_ENABLED = True
    UserFactory(email="ana@laserena.cl")
    url = reverse("portal:login")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "ana@laserena.cl", "password": "equivocada"})
    response = client.post(url, {"username": "ana@laserena.cl", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_password_reset_email_in_spanish(client):
    UserFactory(email="ana@laserena.cl")
    response = client.post(reverse("portal:password_reset"), {"email": "ana@laserena.cl"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@laserena.cl"]
    assert "contraseña" in (message.subject + message.body).lower()
    assert "/cuenta/clave/nueva/" in message.body


def test_settings_read_axes_limit():
    assert settings.AXES_FAILURE_LIMIT == 5
