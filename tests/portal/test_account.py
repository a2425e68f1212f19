import pytest
from django.urls import reverse

from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db

EXPECTED = {
    "applicant": ["/convocatorias/mis-postulaciones/", "/transferencia/"],
    "evaluator": ["/evaluacion/"],
    "committee": ["/evaluacion/comite/", "/cuenta/exportaciones/"],
    "coordinator": [
        "/convocatorias/gestion/",
        "/evaluacion/gestion/",
        "/transferencia/seguimiento/",
        "/cuenta/exportaciones/",
        "/admin/",
    ],
    "editor": ["/admin/"],
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_account_page_links_each_role_to_its_area_only(client, role):
    user = UserFactory(**{role: True})
    client.force_login(user)

    response = client.get(reverse("portal:account"))

    assert response.status_code == 200
    hrefs = [href for _label, href in response.context["links"]]
    assert hrefs == EXPECTED[role]


def test_account_page_requires_login(client):
    response = client.get(reverse("portal:account"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))
