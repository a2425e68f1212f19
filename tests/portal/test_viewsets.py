"""Wagtail's user screens through the portal's users app config (portal.apps.PortalUsersAppConfig):
the municipality and phone of a user, and the rule that an applicant belongs to a municipality."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from core.models import Role, User
from portal.apps import PortalUsersAppConfig
from tests.factories.core import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Una-clave-larga-2026"


@pytest.fixture
def superuser_client(client, home):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def _new_user(**fields):
    return {
        "email": "nueva@municipio.cl",
        "first_name": "Ana",
        "last_name": "Rojas",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "municipality": "",
        "phone": "",
        **fields,
    }


def test_wagtail_users_app_is_the_portal_subclass():
    config = apps.get_app_config("wagtailusers")

    assert isinstance(config, PortalUsersAppConfig)
    assert config.user_viewset == "portal.viewsets.UserViewSet"


def test_user_screens_show_municipality_and_phone(superuser_client):
    response = superuser_client.get("/admin/users/new/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="municipality"' in html and 'name="phone"' in html
    assert "Municipalidad" in html

    edited = UserFactory()
    html = superuser_client.get(f"/admin/users/edit/{edited.pk}/").content.decode()
    assert 'name="municipality"' in html and 'name="phone"' in html


def test_applicant_without_municipality_is_refused(superuser_client):
    applicants = Group.objects.get_or_create(name=Role.APPLICANT)[0]

    response = superuser_client.post("/admin/users/new/", _new_user(groups=[applicants.pk]))

    assert response.status_code == 200
    assert "Un postulante municipal debe pertenecer a una municipalidad" in response.content.decode()
    assert not User.objects.filter(email="nueva@municipio.cl").exists()


def test_applicant_with_municipality_is_created(superuser_client):
    applicants = Group.objects.get_or_create(name=Role.APPLICANT)[0]
    municipality = MunicipalityFactory(comuna_code="04101")

    response = superuser_client.post(
        "/admin/users/new/",
        _new_user(groups=[applicants.pk], municipality=municipality.pk, phone="+56 51 220 0000"),
    )

    assert response.status_code == 302
    user = User.objects.get(email="nueva@municipio.cl")
    assert user.municipality == municipality and user.phone == "+56 51 220 0000"
    assert user.is_applicant


def test_portal_app_keeps_its_own_config():
    from portal.apps import PortalConfig

    assert isinstance(apps.get_app_config("portal"), PortalConfig)
