from core.models import Role
from evaluacion.models import ConflictKind
from evaluacion.selectors.conflicts import automatic_conflicts
from tests.evaluacion.conftest import add_entry, evaluation_call, evaluator_pool
from tests.factories.core import make_user


def test_automatic_conflicts_affiliation_domain_region_and_public_webmail(db):
    call = evaluation_call(same_region_conflict=True)
    author = make_user("autor@laserena.cl", roles=[Role.APPLICANT], comuna_code="04101")
    entry = add_entry(
        call, comuna_code="04101", category=call.categories.first(), author=author, email="x@gmail.com"
    )
    affiliated, same_domain, webmail, same_region, free = evaluator_pool(call, 5)
    affiliated.evaluator_profile.affiliation = entry.municipality
    affiliated.evaluator_profile.save()
    same_domain.evaluator_profile.email_domain = "laserena.cl"
    same_domain.evaluator_profile.save()
    webmail.email = "someone@gmail.com"
    webmail.save()
    same_region.evaluator_profile.region = entry.municipality.comuna.region
    same_region.evaluator_profile.save()
    found = automatic_conflicts(call)
    kinds = {evaluator: kind for (_s, evaluator), (kind, _r) in found.items()}
    assert kinds == {
        affiliated.pk: ConflictKind.AFFILIATION,
        same_domain.pk: ConflictKind.DOMAIN,
        same_region.pk: ConflictKind.REGION,
    }
