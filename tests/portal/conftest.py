from pathlib import Path

import pytest
from django.conf import settings

from tests.factories.portal import (
    distinction_index_factory,
    home_page_factory,
    library_index_factory,
    municipality_index_factory,
    news_index_factory,
)


@pytest.fixture(autouse=True, scope="session")
def _static_root():
    # WhiteNoise warns (an error here) when STATIC_ROOT is missing, as it is before collectstatic.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture
def home(db):
    return home_page_factory()


@pytest.fixture
def library(home):
    return library_index_factory()


@pytest.fixture
def distinction_index(home):
    return distinction_index_factory()


@pytest.fixture
def municipality_index(home):
    return municipality_index_factory()


@pytest.fixture
def news_index(home):
    return news_index_factory()


@pytest.fixture
def site_tree(home, library, distinction_index, municipality_index, news_index):
    return {
        "home": home,
        "library": library,
        "distinctions": distinction_index,
        "municipalities": municipality_index,
        "news": news_index,
    }


# Wagtail (7.0 to 7.4) never closes the SpooledTemporaryFile it renders an image rendition into; the
# ResourceWarning it raises on garbage collection is not ours. Only tests that render images use this.
# A JPEG rendition (the <picture> fallback) makes Pillow ask that file for a descriptor, which moves it
# to a real temporary file: the same leak then shows as an unclosed BufferedRandom / FileIO 'rb+'.
rendition_leak = [
    pytest.mark.filterwarnings("ignore:unclosed file <tempfile.SpooledTemporaryFile:ResourceWarning"),
    pytest.mark.filterwarnings("ignore:Unclosed file <tempfile.SpooledTemporaryFile:ResourceWarning"),
    pytest.mark.filterwarnings(
        "ignore:Exception ignored in. <function SpooledTemporaryFile.__del__:pytest.PytestUnraisableExceptionWarning"
    ),
    pytest.mark.filterwarnings(r"ignore:unclosed file <_io\.BufferedRandom name=\d+>:ResourceWarning"),
    pytest.mark.filterwarnings(
        r"ignore:Exception ignored in. <_io\.FileIO name=\d+ mode='rb\+' closefd=True>:pytest.PytestUnraisableExceptionWarning"
    ),
]
