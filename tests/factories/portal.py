"""Factories of the portal models (one per model; the kernel's are in tests/factories/core.py). Pages are created with plain helpers under the
right parent through add_child and published, as Wagtail's tree needs (wagtail-factories is not used)."""

import datetime
import io
import re

from django.core.files.images import ImageFile
from wagtail.models import Page, Site

from portal.models import (
    CompetitionResult,
    DistinctionIndexPage,
    DistinctionLevel,
    DistinctionPage,
    ExternalRecognition,
    GoodPracticePage,
    HomePage,
    ImprovementProject,
    LibraryIndexPage,
    MunicipalityIndexPage,
    NewsIndexPage,
    NewsPage,
    ResultIndicator,
    StandardPage,
)
from tests.factories.core import CategoryFactory, MunicipalityFactory


def image_factory(*, title="Imagen de prueba", color=(11, 92, 122)):
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 36), color).save(buffer, format="PNG")
    image = get_image_model()(title=title)
    image.file = ImageFile(buffer, name="prueba.png")
    image.save()
    return image


# -- pages ---------------------------------------------------------------------------------------


def _publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_page(parent, page):
    parent.add_child(instance=page)
    return _publish(page)


def home_page_factory(**fields) -> HomePage:
    """The site's home page (created once and made the default site root)."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = add_page(root, HomePage(title=fields.pop("title", "Inicio"), slug="inicio", **fields))
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
        else:
            site.root_page = home
            site.save()
    return home


def _index(model, slug, title):
    home = home_page_factory()
    existing = model.objects.child_of(home).first()
    return existing or add_page(home, model(title=title, slug=slug))


def library_index_factory() -> LibraryIndexPage:
    return _index(LibraryIndexPage, "biblioteca", "Biblioteca de buenas prácticas")


def distinction_index_factory() -> DistinctionIndexPage:
    return _index(DistinctionIndexPage, "distinciones", "Distinciones")


def municipality_index_factory() -> MunicipalityIndexPage:
    return _index(MunicipalityIndexPage, "municipios", "Municipalidades")


def news_index_factory() -> NewsIndexPage:
    return _index(NewsIndexPage, "noticias", "Noticias")


_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


def good_practice_factory(
    *, themes=(), ods=(), indicators=(), parent=None, publish=True, **fields
) -> GoodPracticePage:
    n = _next()
    values = {
        "title": f"Práctica de prueba {n}",
        "slug": f"practica-de-prueba-{n}",
        "municipality": fields.pop("municipality", None) or MunicipalityFactory(),
        "category": fields.pop("category", None) or CategoryFactory(),
        "year": 2022,
        "implementation_period": "2022–2023",
        "summary": "Resumen de la práctica de prueba.",
        "previous_situation": "<p>Situación previa.</p>",
        "objectives": "<p>Objetivos.</p>",
        "description": "<p>Descripción.</p>",
        "results": "<p>Resultados.</p>",
        "citizen_participation": "<p>Participación de vecinos.</p>",
        "sustainability": "<p>Sostenibilidad.</p>",
        "replicability": "<p>Replicabilidad.</p>",
        "lessons_learned": "<p>Lecciones.</p>",
        "partners": "Socios",
        "budget_clp": 1_000_000,
        "source": "Postulación del municipio",
        "external_id": f"prueba-{n}",
    }
    # An outside recognition (portal.recognitions), structured; competition_name="" for none.
    competition = fields.pop("competition_name", "Concurso 2023")
    level = fields.pop("competition_result", CompetitionResult.WINNER)
    found = re.search(r"\b(19|20)\d\d\b", competition or "")
    competition_year = fields.pop("competition_year", int(found.group(0)) if found else 2023)
    values.update(fields)
    page = GoodPracticePage(**values)
    if competition:
        page.external_recognitions = [
            ExternalRecognition(
                competition=competition, year=competition_year, level=level or "", sort_order=0
            )
        ]
    page.themes = list(themes)
    page.ods = list(ods)
    page.indicators = [
        ResultIndicator(name=name, baseline=baseline, value=value, unit=unit)
        for name, baseline, value, unit in indicators
    ]
    parent = parent or library_index_factory()
    if not publish:
        page.live = False
        parent.add_child(instance=page)
        page.save_revision()
        return page
    return add_page(parent, page)


def distinction_factory(*, projects=(), parent=None, **fields) -> DistinctionPage:
    n = _next()
    values = {
        "title": f"Distinción de prueba {n}",
        "slug": f"distincion-de-prueba-{n}",
        "municipality": fields.pop("municipality", None) or MunicipalityFactory(),
        "awarding_body": "UIM",
        "distinction_name": "Distinción de Plata al Buen Gobierno y la Calidad Democrática",
        "level": DistinctionLevel.SILVER,
        "management_model": "Modelo UIM de Buen Gobierno y Calidad Democrática",
        "award_date": datetime.date(2017, 9, 26),
        "event": "XII Congreso Iberoamericano de Municipalistas",
        "place": "Manizales, Colombia",
        "summary": "Resumen de la distinción.",
    }
    values.update(fields)
    page = DistinctionPage(**values)
    page.improvement_projects = [ImprovementProject(title=title, description="") for title in projects]
    return add_page(parent or distinction_index_factory(), page)


def news_factory(*, parent=None, **fields) -> NewsPage:
    n = _next()
    values = {
        "title": f"Noticia {n}",
        "slug": f"noticia-{n}",
        "date": datetime.date(2026, 3, 1),
        "intro": "Bajada.",
    }
    values.update(fields)
    return add_page(parent or news_index_factory(), NewsPage(**values))


def standard_page_factory(*, parent=None, **fields) -> StandardPage:
    n = _next()
    values = {"title": f"Programa {n}", "slug": f"programa-{n}", "intro": "Bajada del programa."}
    values.update(fields)
    return add_page(parent or home_page_factory(), StandardPage(**values))
