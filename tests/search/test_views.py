"""The public search page /buscar/ and its autocomplete endpoint."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse


@pytest.fixture
def library(make_practice, make_distinction, make_news):
    pages = {
        "manual": make_practice(
            "Manual de Buenas Prácticas para el Municipalismo",
            summary="Guía de participación ciudadana para gobiernos locales.",
            comuna="04101", category_name="Participación ciudadana", year=2019,
        ),
        "budget": make_practice(
            "Presupuestos participativos en Santiago", summary="Vecinos deciden parte de la inversión.",
            comuna="13101", category_name="Participación ciudadana", year=2021,
        ),
        "recycling": make_practice(
            "Reciclaje en escuelas", summary="Escuelas que separan residuos.",
            comuna="04102", category_name="Medio ambiente", year=2021,
        ),
        "seal": make_distinction("Sello de calidad en participación", comuna="13101", summary="Premio a la participación vecinal."),
        "news": make_news("Convocatoria abierta", intro="Postule su práctica de participación."),
    }
    call_command("search_rebuild", "--no-progress", stdout=io.StringIO())
    return pages


def get(client, **params):
    return client.get(reverse("search:search"), params)


def test_empty_page_shows_the_form(client, db):
    response = get(client)
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
    assert 'role="search"' in response.content.decode()


def test_query_without_accents_finds_and_highlights(client, library):
    response = get(client, q="participacion")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Manual de Buenas Prácticas para el Municipalismo" in html
    assert "<mark>participación</mark>" in html
    assert response.context["results"].total == 4
    assert "search.js" in html and "search.css" in html


def test_facets_show_counts_and_narrow(client, library):
    results = get(client, q="participacion").context["results"]
    assert {v.value: v.count for v in results.facets["type"]} == {"practica": 2, "distincion": 1, "noticia": 1}
    assert {v.value: v.count for v in results.facets["region"]} == {"Coquimbo": 1, "Metropolitana": 2}

    response = get(client, q="participacion", tipo="practica", region="Metropolitana")
    results = response.context["results"]
    assert [hit.page_id for hit in results.hits] == [library["budget"].pk]
    # Each facet counts with the other facet applied.
    assert {v.value: v.count for v in results.facets["type"]} == {"practica": 1, "distincion": 1}
    assert {v.value: v.count for v in results.facets["region"]} == {"Coquimbo": 1, "Metropolitana": 1}
    html = response.content.decode()
    assert 'name="tipo" value="practica" checked' in html
    assert 'name="region" value="Metropolitana" checked' in html


def test_url_carries_the_whole_state(client, library, settings):
    response = get(client, q="participacion", region="Metropolitana", orden="recientes")
    (active,) = response.context["active_filters"]
    assert active["remove_url"] == "?q=participacion&orden=recientes"
    assert response.context["clear_filters_url"] == "?q=participacion&orden=recientes"


def test_pagination_links_keep_query_and_filters(client, library, monkeypatch):
    monkeypatch.setattr("search.views.PER_PAGE", 2)
    response = get(client, q="participacion", tipo="practica")
    assert response.context["results"].num_pages == 1
    response = get(client, q="participacion")
    assert response.context["next_url"] == "?q=participacion&pagina=2"
    second = get(client, q="participacion", pagina="2")
    assert len(second.context["results"].hits) == 2
    assert get(client, q="participacion", pagina="99").context["state"]["page"] == 2
    assert get(client, q="participacion", pagina="abc").status_code == 200


def test_sort_newest(client, library):
    results = get(client, orden="recientes").context["results"]
    dates = [hit.date for hit in results.hits]
    assert dates == sorted(dates, reverse=True)


def test_no_results_page_helps(client, library):
    html = get(client, q="astronautas", region="Coquimbo").content.decode()
    assert "No encontramos resultados" in html
    assert "Quite los filtros" in html
    assert "/biblioteca/" in html
    assert "Revise la ortografía" in html


def test_user_input_is_escaped(client, library):
    html = get(client, q="<script>alert(1)</script>").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_query_count_does_not_grow_with_results(client, library, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        get(client, q="participacion")


def test_search_server_down_falls_back_with_a_message(client, library, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    response = get(client, q="participacion")
    assert response.status_code == 200
    assert "El servidor de búsqueda no responde" in response.content.decode()
    assert response.context["results"].total == 4


def test_no_backend_at_all_gives_a_clear_message(client, library, settings, monkeypatch):
    from search.backends import SearchUnavailable

    settings.ELASTICSEARCH_URL = ""

    def broken(self, request):
        raise SearchUnavailable("sin base")

    monkeypatch.setattr("search.backends.embedded.EmbeddedBackend.search", broken)
    response = get(client, q="participacion")
    assert response.status_code == 200
    assert "La búsqueda no está disponible en este momento" in response.content.decode()


def test_suggest_returns_titles(client, library):
    response = client.get(reverse("search:suggest"), {"q": "munic"})
    assert response.status_code == 200
    assert response.json()["suggestions"][0] == {
        "text": "Manual de Buenas Prácticas para el Municipalismo",
        "url": library["manual"].url,
        "type": "practica",
    }
    assert client.get(reverse("search:suggest"), {"q": "m"}).json() == {"suggestions": []}
