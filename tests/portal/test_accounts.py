"""Login by e-mail, Spanish messages, throttling of failed logins, password reset, hashing."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.factories.core import PASSWORD, UserFactory

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


def test_password_reset_email_in_spanish(client, django_capture_on_commit_callbacks):
    UserFactory(email="ana@laserena.cl")
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail is queued after the commit
        response = client.post(reverse("portal:password_reset"), {"email": "ana@laserena.cl"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@laserena.cl"]
    assert "contraseña" in (message.subject + message.body).lower()
    assert "/cuenta/clave/nueva/" in message.body


def test_settings_read_axes_limit():
    assert settings.AXES_FAILURE_LIMIT == 5


# -- applicants belong to exactly one municipality ---------------------------------------------


def test_model_validation_requires_a_municipality_for_applicants():
    from django.core.exceptions import ValidationError

    from core.models import Role

    user = UserFactory()
    user.add_role(Role.APPLICANT)
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert "municipality" in error.value.message_dict
    UserFactory(applicant=True).full_clean()  # an applicant with a municipality is valid
    UserFactory(evaluator=True).full_clean()  # other roles need none


def _admin_user_form_data(groups, municipality=None, **extra):
    data = {
        "email": "nueva@laserena.cl",
        "first_name": "Nueva",
        "last_name": "Postulante",
        "password1": "Clave-larga-de-prueba-2026",
        "password2": "Clave-larga-de-prueba-2026",
        "groups": [group.pk for group in groups],
        "municipality": municipality.pk if municipality else "",
        "phone": "",
    }
    data.update(extra)
    return data


def test_admin_user_form_shows_the_municipality(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for url in (
        reverse("wagtailusers_users:add"),
        reverse("wagtailusers_users:edit", args=[UserFactory(applicant=True).pk]),
    ):
        html = client.get(url).content.decode()
        assert 'name="municipality"' in html, url
        assert "Municipalidad" in html, url


def test_admin_refuses_an_applicant_without_municipality(client):
    from django.contrib.auth.models import Group

    from core.models import Role, User
    from tests.factories.core import MunicipalityFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    applicants, _created = Group.objects.get_or_create(name=Role.APPLICANT)
    response = client.post(reverse("wagtailusers_users:add"), _admin_user_form_data([applicants]))
    assert response.status_code == 200
    assert "Un postulante municipal debe pertenecer a una municipalidad" in response.content.decode()
    assert not User.objects.filter(email="nueva@laserena.cl").exists()

    la_serena = MunicipalityFactory(comuna_code="04101")
    response = client.post(reverse("wagtailusers_users:add"), _admin_user_form_data([applicants], la_serena))
    assert response.status_code == 302
    user = User.objects.get(email="nueva@laserena.cl")
    assert user.municipality == la_serena and user.is_applicant is True


def test_admin_cannot_remove_the_municipality_of_an_applicant(client):
    from django.contrib.auth.models import Group

    from core.models import Role, User

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    applicant = UserFactory(applicant=True, email="luis@laserena.cl")
    municipality = applicant.municipality
    groups = list(Group.objects.filter(name=Role.APPLICANT))
    data = _admin_user_form_data(groups, email="luis@laserena.cl", password1="", password2="", is_active="on")
    response = client.post(reverse("wagtailusers_users:edit", args=[applicant.pk]), data)
    assert response.status_code == 200
    assert User.objects.get(pk=applicant.pk).municipality == municipality
    # Without the applicant role the municipality is optional.
    response = client.post(reverse("wagtailusers_users:edit", args=[applicant.pk]), {**data, "groups": []})
    assert response.status_code == 302
    assert User.objects.get(pk=applicant.pk).municipality is None


def test_bulk_assign_of_the_applicant_role_needs_a_municipality(client):
    from django.contrib.auth.models import Group

    from core.models import Role, User

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    applicants, _created = Group.objects.get_or_create(name=Role.APPLICANT)
    without = UserFactory(email="sin-municipio@ejemplo.cl")
    with_one = UserFactory(
        email="con-municipio@ejemplo.cl", municipality=UserFactory(applicant=True).municipality
    )
    url = reverse("wagtail_bulk_action", args=("core", "user", "assign_role"))
    next_url = reverse("wagtailusers_users:index")
    response = client.post(f"{url}?next={next_url}&id={without.pk}&id={with_one.pk}", {"role": applicants.pk})
    assert response.status_code == 302
    assert not User.objects.get(pk=without.pk).groups.filter(name=Role.APPLICANT).exists()
    assert not User.objects.get(pk=with_one.pk).groups.filter(name=Role.APPLICANT).exists()
    response = client.post(f"{url}?next={next_url}&id={with_one.pk}", {"role": applicants.pk})
    assert User.objects.get(pk=with_one.pk).is_applicant is True
