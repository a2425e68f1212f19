import importlib

import factory
import pytest
from django.apps import apps

from core.models import Comuna, Municipality, Role
from tests.factories.core import MunicipalityFactory, UserFactory

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


APPS = ("core", "concurso", "evaluacion", "calidad", "difusion", "transferencia", "escuelas")


def test_one_factory_per_model_of_each_domain_app():
    """Every model of core and the domain apps has exactly one factory in tests/factories/<app>.py
    (the portal's pages have their own builders in tests/factories/portal.py)."""
    modules = [importlib.import_module(f"tests.factories.{label}") for label in APPS]
    factories = [
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, factory.django.DjangoModelFactory)
        and value.__module__ == module.__name__
    ]
    by_model = {}
    for model_factory in factories:
        by_model.setdefault(model_factory._meta.model, []).append(model_factory.__name__)
    models = [model for label in APPS for model in apps.get_app_config(label).get_models()]
    assert {
        model.__name__: by_model.get(model, []) for model in models if len(by_model.get(model, [])) != 1
    } == {}


def test_the_blind_review_factories_create_valid_rows():
    from tests.factories.evaluacion import BlindCopyReviewFactory, ConflictRemovalFactory, IdentityTermFactory

    removal, term, review = ConflictRemovalFactory(), IdentityTermFactory(), BlindCopyReviewFactory()
    assert removal.actor.is_coordinator and removal.evaluator.is_evaluator
    assert term.municipality.identity_terms.get() == term
    assert review.submission.blind_reviews.get() == review
