import pytest

from tests.portal.conftest import _static_root, distinction_index, home, library  # noqa: F401


@pytest.fixture(autouse=True)
def _no_throttle_state(settings):
    # Each test starts with an empty throttle history (the throttle counts in the cache).
    from django.core.cache import cache

    cache.clear()
