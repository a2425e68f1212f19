"""Page-tree rules: where each page type may live and what it may contain."""

import pytest
from wagtail.models import Page

from portal.models import (
    DistinctionIndexPage,
    DistinctionPage,
    GoodPracticePage,
    HomePage,
    LibraryIndexPage,
    MunicipalityIndexPage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)

EXPECTED_PARENTS = {
    HomePage: {Page},
    LibraryIndexPage: {HomePage},
    GoodPracticePage: {LibraryIndexPage},
    DistinctionIndexPage: {HomePage},
    DistinctionPage: {DistinctionIndexPage},
    MunicipalityIndexPage: {HomePage},
    NewsIndexPage: {HomePage},
    NewsPage: {NewsIndexPage},
    StandardPage: {HomePage, StandardPage},
}

EXPECTED_CHILDREN = {
    HomePage: {LibraryIndexPage, DistinctionIndexPage, MunicipalityIndexPage, NewsIndexPage, StandardPage},
    LibraryIndexPage: {GoodPracticePage},
    GoodPracticePage: set(),
    DistinctionIndexPage: {DistinctionPage},
    DistinctionPage: set(),
    MunicipalityIndexPage: set(),
    NewsIndexPage: {NewsPage},
    NewsPage: set(),
    StandardPage: {StandardPage},
}


@pytest.mark.parametrize("model", list(EXPECTED_PARENTS))
def test_allowed_parents(model):
    assert set(model.allowed_parent_page_models()) == EXPECTED_PARENTS[model]


@pytest.mark.parametrize("model", list(EXPECTED_CHILDREN))
def test_allowed_children(model):
    assert set(model.allowed_subpage_models()) == EXPECTED_CHILDREN[model]


def test_singletons_cannot_be_created_twice(site_tree):
    home = site_tree["home"]
    for model in (LibraryIndexPage, DistinctionIndexPage, MunicipalityIndexPage, NewsIndexPage):
        assert model.can_create_at(home) is False
    assert HomePage.can_create_at(Page.get_first_root_node()) is False
    assert StandardPage.can_create_at(home) is True


def test_practice_only_under_library(site_tree):
    assert GoodPracticePage.can_create_at(site_tree["library"]) is True
    assert GoodPracticePage.can_create_at(site_tree["home"]) is False
    assert GoodPracticePage.can_create_at(site_tree["news"]) is False
    assert NewsPage.can_create_at(site_tree["library"]) is False
