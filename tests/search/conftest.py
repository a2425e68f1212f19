"""Fixtures for the search tests: a small page tree, page builders and backends to test against."""

import datetime as dt
import os
import uuid

import pytest
from django.test import override_settings
from wagtail.models import Page, Site

from core.models import Category, Municipality
from portal.models import (
    DistinctionIndexPage,
    DistinctionPage,
    GoodPracticePage,
    HomePage,
    LibraryIndexPage,
    NewsIndexPage,
    NewsPage,
)
from search.backends import EmbeddedBackend


@pytest.fixture(scope="session", autouse=True)
def _static_files_without_collectstatic():
    """Serve static files from the source folders: whitenoise warns (an error here) without STATIC_ROOT."""
    with override_settings(WHITENOISE_AUTOREFRESH=True, WHITENOISE_USE_FINDERS=True):
        yield


@pytest.fixture
def site_tree(db):
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Inicio de prueba", slug="inicio-prueba"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "port": 80}
    )
    library = home.add_child(instance=LibraryIndexPage(title="Biblioteca", slug="biblioteca"))
    distinctions = home.add_child(instance=DistinctionIndexPage(title="Distinciones", slug="distinciones"))
    news = home.add_child(instance=NewsIndexPage(title="Noticias", slug="noticias"))
    return {"home": home, "library": library, "distinctions": distinctions, "news": news}


def municipality(comuna_code: str) -> Municipality:
    return Municipality.objects.select_related("comuna__region").get(comuna__code=comuna_code)


def category(name: str) -> Category:
    from django.utils.text import slugify

    return Category.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]


@pytest.fixture
def make_practice(site_tree):
    def make(
        title,
        *,
        summary="Resumen de la práctica.",
        description="<p>Descripción.</p>",
        comuna="04101",
        category_name="Participación ciudadana",
        year=2022,
        publish=True,
        parent=None,
        **fields,
    ):
        page = GoodPracticePage(
            title=title,
            municipality=municipality(comuna),
            category=category(category_name),
            year=year,
            summary=summary,
            previous_situation="<p>Situación previa.</p>",
            objectives="<p>Objetivos.</p>",
            description=description,
            results="<p>Resultados.</p>",
            **fields,
        )
        (parent or site_tree["library"]).add_child(instance=page)
        if publish:
            page.save_revision().publish()
        elif page.live:
            page.unpublish()
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def make_distinction(site_tree):
    def make(title, *, level="oro", comuna="13101", summary="Distinción de calidad.", publish=True):
        page = DistinctionPage(
            title=title,
            municipality=municipality(comuna),
            awarding_body="UIM",
            distinction_name="Distinción de calidad",
            level=level,
            award_date=dt.date(2023, 5, 10),
            summary=summary,
        )
        site_tree["distinctions"].add_child(instance=page)
        if publish:
            page.save_revision().publish()
        return page

    return make


@pytest.fixture
def make_news(site_tree):
    def make(title, *, intro="Noticia del portal.", date=dt.date(2024, 3, 1)):
        page = NewsPage(title=title, intro=intro, date=date)
        site_tree["news"].add_child(instance=page)
        page.save_revision().publish()
        return page

    return make


def elasticsearch_settings(settings):
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:10]}"


BACKENDS = [
    pytest.param("embedded", id="embedded"),
    pytest.param("elasticsearch", id="elasticsearch", marks=pytest.mark.services("ELASTICSEARCH_URL")),
]


@pytest.fixture(params=BACKENDS)
def backend(request, db, settings):
    """Every backend, empty at the start of the test and removed after it."""
    if request.param == "embedded":
        engine = EmbeddedBackend()
        engine.clear()
        yield engine
        return
    from search.backends import get_elasticsearch_backend

    elasticsearch_settings(settings)
    engine = get_elasticsearch_backend()
    engine.clear()
    yield engine
    engine.clear()
