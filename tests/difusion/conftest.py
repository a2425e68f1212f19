import pytest

from tests.factories.core import UserFactory


@pytest.fixture
def editor(db):
    return UserFactory(editor=True)


@pytest.fixture
def coordinator(db):
    return UserFactory(coordinator=True)


@pytest.fixture
def applicant(db):
    return UserFactory(applicant=True)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run the tasks queued with transaction.on_commit (eager Celery in tests)."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run
