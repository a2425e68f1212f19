import os
import shutil

import pytest


def pytest_collection_modifyitems(config, items):
    """Tests marked `services` need a real service; locally they are skipped without it, in CI never."""
    needs = {"DATABASE_URL": "postgres", "CELERY_BROKER_URL": "redis", "ELASTICSEARCH_URL": "search"}
    in_ci = os.environ.get("CI") == "true"
    for item in items:
        for marker in item.iter_markers(name="services"):
            for variable in marker.args:
                if not os.environ.get(variable):
                    if in_ci and os.environ.get("PORTAL_SERVICES_RUN") == "1":
                        raise pytest.UsageError(
                            f"CI run with services but {variable} ({needs.get(variable)}) is not set"
                        )
                    item.add_marker(pytest.mark.skip(reason=f"necesita {variable}"))


@pytest.fixture
def count_queries():
    """Queries of one GET of `url` (after a warm-up GET that fills per-process caches, so two counts
    compare the page alone). Query-count tests compare 1 item with many items for equality."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(client, url) -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200
        return len(context)

    return count


@pytest.fixture(autouse=True)
def _media_dirs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)
    shutil.rmtree(tmp_path / "private", ignore_errors=True)


@pytest.fixture(autouse=True, scope="session")
def _static_root():
    """WhiteNoise warns (an error under -W error) when STATIC_ROOT is missing, as before collectstatic."""
    from pathlib import Path

    from django.conf import settings as django_settings

    Path(django_settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _own_elasticsearch_index(settings):
    """With a search server, every test writes to its own index, removed afterwards.

    Tests recreate pages with new ids (transactions roll back, the search server does not), so a
    shared index would keep documents of earlier tests and show them twice.
    """
    if not os.environ.get("ELASTICSEARCH_URL"):
        yield
        return
    import contextlib
    import uuid

    from search.backends import SearchUnavailable, get_elasticsearch_backend

    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:10]}"
    yield
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    with contextlib.suppress(SearchUnavailable):
        get_elasticsearch_backend().clear()
