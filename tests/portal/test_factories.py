import pytest

from core.models import Comuna, Municipality, Role
from tests.factories.portal import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_municipality_factory_reuses_reference_data():
    before = Municipality.objects.count()
    municipality = MunicipalityFactory(comuna_code="16103")
    assert municipality.comuna.name == "Chillán Viejo"
    assert MunicipalityFactory(comuna_code="16103") == municipality
    assert Municipality.objects.count() == before


def test_municipality_factory_creates_missing_comuna():
    municipality = MunicipalityFactory(comuna_code="99901")
    assert Comuna.objects.get(code="99901").municipality == municipality


def test_user_factory_roles():
    assert UserFactory(editor=True).is_editor
    applicant = UserFactory(applicant=True)
    assert applicant.is_applicant and applicant.municipality is not None
    assert UserFactory(roles=[Role.EVALUATOR, Role.COMMITTEE]).is_committee
    assert not UserFactory().is_editor
