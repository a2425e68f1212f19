from evaluacion.selectors.blind import reserved_terms
from tests.factories.core import MunicipalityFactory
from tests.factories.evaluacion import IdentityTermFactory


def test_reserved_terms_are_those_of_the_municipality(db):
    la_serena = MunicipalityFactory(comuna_code="04101")
    coquimbo = MunicipalityFactory(comuna_code="04102")
    term = IdentityTermFactory(municipality=la_serena)
    IdentityTermFactory(municipality=coquimbo)
    assert list(reserved_terms(la_serena)) == [term]
