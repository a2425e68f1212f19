"""The library listing: each filter narrows the results, pagination keeps the filters, and the
number of queries does not grow with the number of practices."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import DistinctionLevel, LibraryIndexPage
from tests.factories.core import CategoryFactory, MunicipalityFactory, ThemeFactory
from tests.factories.portal import distinction_factory, good_practice_factory, image_factory
from tests.portal.conftest import rendition_leak

pytestmark = [pytest.mark.django_db, *rendition_leak]


@pytest.fixture
def practices(site_tree):
    participation = CategoryFactory(name="Participación", slug="participacion")
    environment = CategoryFactory(name="Medio ambiente", slug="medio-ambiente")
    la_serena = MunicipalityFactory(comuna_code="04101")
    coquimbo = MunicipalityFactory(comuna_code="04102")
    valdivia = MunicipalityFactory(comuna_code="14101")
    distinction_factory(municipality=la_serena, level=DistinctionLevel.SILVER)
    return {
        "serena_2021": good_practice_factory(
            title="A", municipality=la_serena, category=participation, year=2021
        ),
        "coquimbo_2019": good_practice_factory(
            title="B", municipality=coquimbo, category=environment, year=2019
        ),
        "valdivia_2021": good_practice_factory(
            title="C", municipality=valdivia, category=environment, year=2021
        ),
    }


def _titles(client, library, query=""):
    response = client.get(library.url + query)
    assert response.status_code == 200
    return sorted(page.title for page in response.context["page_obj"].object_list)


def test_unfiltered_lists_all_newest_first(client, site_tree, practices):
    response = client.get(site_tree["library"].url)
    years = [page.year for page in response.context["page_obj"].object_list]
    assert years == sorted(years, reverse=True)
    assert response.context["page_obj"].paginator.count == 3
    assert "3 prácticas encontradas" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?categoria=participacion", ["A"]),
        ("?categoria=medio-ambiente", ["B", "C"]),
        ("?region=04", ["A", "B"]),
        ("?region=14", ["C"]),
        ("?comuna=04102", ["B"]),
        ("?anio=2021", ["A", "C"]),
        ("?distincion=plata", ["A"]),
        ("?distincion=oro", []),
        ("?categoria=medio-ambiente&anio=2021", ["C"]),
    ],
)
def test_each_filter_narrows(client, site_tree, practices, query, expected):
    assert _titles(client, site_tree["library"], query) == expected


def test_filter_form_is_accessible_without_js(client, site_tree, practices):
    html = client.get(site_tree["library"].url).content.decode()
    for name in ("categoria", "region", "comuna", "anio", "distincion"):
        assert f'<label for="id_{name}">' in html
        assert f'name="{name}"' in html
    assert 'method="get"' in html


def test_invalid_filter_value_shows_error_not_500(client, site_tree, practices):
    response = client.get(site_tree["library"].url + "?categoria=no-existe")
    assert response.status_code == 200
    assert "Escoja una opción válida" in response.content.decode()


def test_pagination_keeps_filters(client, site_tree):
    category = CategoryFactory(slug="salud", name="Salud")
    for index in range(14):
        good_practice_factory(category=category, year=2000 + index)
    good_practice_factory(title="Otra categoría")
    library = site_tree["library"]
    first = client.get(library.url + "?categoria=salud")
    page_obj = first.context["page_obj"]
    assert page_obj.paginator.count == 14
    assert len(page_obj.object_list) == library.page_size
    html = first.content.decode()
    assert 'href="?categoria=salud&amp;pagina=2"' in html
    second = client.get(library.url + "?categoria=salud&pagina=2")
    assert [p.year for p in second.context["page_obj"].object_list] == [2001, 2000]
    assert second.context["querystring"] == "categoria=salud"


def _library_queries(client, url):
    client.get(url)  # warm-up: creates renditions and fills Wagtail's per-site caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_library_query_count_is_constant(client, site_tree, monkeypatch):
    monkeypatch.setattr(LibraryIndexPage, "page_size", 60)
    library = site_tree["library"]
    themes = [ThemeFactory(), ThemeFactory()]
    first = good_practice_factory(themes=themes, main_image=image_factory())
    municipality = MunicipalityFactory(comuna_code="04101")
    distinction_factory(municipality=municipality)
    one, response = _library_queries(client, library.url)
    assert response.context["page_obj"].paginator.count == 1
    comunas = ["04101", "04102", "14101", "16103", "08101"]
    for index in range(49):
        good_practice_factory(
            themes=themes,
            main_image=image_factory(title=f"imagen {index}"),
            municipality=MunicipalityFactory(comuna_code=comunas[index % len(comunas)]),
            category=first.category if index % 2 else CategoryFactory(),
        )
    fifty, response = _library_queries(client, library.url)
    assert response.context["page_obj"].paginator.count == 50
    assert len(response.context["page_obj"].object_list) == 50
    assert fifty == one


def test_empty_filter_values_are_dropped_from_pagination_links(client, site_tree, practices):
    response = client.get(site_tree["library"].url + "?categoria=&region=04&comuna=&anio=&distincion=")
    assert response.context["querystring"] == "region=04"
    assert sorted(p.title for p in response.context["page_obj"].object_list) == ["A", "B"]


def test_comuna_options_carry_their_region(client, site_tree, practices):
    html = client.get(site_tree["library"].url).content.decode()
    assert '<option value="04101" data-region="04">La Serena</option>' in html
    # only comunas with published practices are offered
    assert 'value="12202"' not in html


def test_distinction_filter_counts_only_published_distinctions(client, site_tree, practices):
    valdivia = MunicipalityFactory(comuna_code="14101")
    gold = distinction_factory(municipality=valdivia, level=DistinctionLevel.GOLD)
    assert _titles(client, site_tree["library"], "?distincion=oro") == ["C"]
    gold.unpublish()
    assert _titles(client, site_tree["library"], "?distincion=oro") == []


def test_category_options_are_those_with_published_practices(client, site_tree, practices):
    CategoryFactory(name="Cultura", slug="cultura")  # no practice yet
    html = client.get(site_tree["library"].url).content.decode()
    assert '<option value="participacion">Participación</option>' in html
    assert '<option value="medio-ambiente">Medio ambiente</option>' in html
    assert 'value="cultura"' not in html
