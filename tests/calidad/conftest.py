import pytest
from django.core.cache import cache

from core.models import Municipality
from tests.factories.calidad import quality_user, small_instrument


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Aggregates are cached per results version; tests roll back the database, so start clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def instrument(db):
    return small_instrument()


@pytest.fixture
def la_serena(db):
    return Municipality.objects.select_related("comuna__region").get(comuna__code="04101")


@pytest.fixture
def coquimbo(db):
    return Municipality.objects.select_related("comuna__region").get(comuna__code="04102")


@pytest.fixture
def team(la_serena):
    return quality_user(la_serena)
