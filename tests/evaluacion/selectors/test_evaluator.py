from evaluacion.models import EvaluatorProfile
from evaluacion.selectors.evaluator import has_account, profile_for
from tests.factories.core import UserFactory
from tests.factories.evaluacion import EvaluatorProfileFactory


def test_profile_for_returns_the_saved_profile_or_an_unsaved_empty_one(db):
    saved = EvaluatorProfileFactory()
    assert profile_for(saved.user) == saved

    newcomer = UserFactory(evaluator=True)
    profile = profile_for(newcomer)
    assert profile.pk is None and profile.user == newcomer
    assert not EvaluatorProfile.objects.filter(user=newcomer).exists()  # reading writes nothing


def test_has_account_ignores_the_case_of_the_address(db):
    UserFactory(email="evaluadora@consultora.cl")
    assert has_account("Evaluadora@Consultora.CL")
    assert not has_account("otra@consultora.cl")
