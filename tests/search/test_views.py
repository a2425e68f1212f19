"""The public search page /buscar/ and its autocomplete endpoint."""

import io
import os

import pytest
from django.core.management import call_command
from django.urls import reverse


@pytest.fixture
def library(make_practice, make_distinction, make_news):
    pages = {
        "manual": make_practice(
            "Manual de Buenas Prácticas para el Municipalismo",
            summary="Guía de participación ciudadana para gobiernos locales.",
            comuna="04101",
            category_name="Participación ciudadana",
            year=2019,
        ),
        "budget": make_practice(
            "Presupuestos participativos en Santiago",
            summary="Vecinos deciden parte de la inversión.",
            comuna="13101",
            category_name="Participación ciudadana",
            year=2021,
        ),
        "recycling": make_practice(
            "Reciclaje en escuelas",
            summary="Escuelas que separan residuos.",
            comuna="04102",
            category_name="Medio ambiente",
            year=2021,
        ),
        "seal": make_distinction(
            "Sello de calidad en participación", comuna="13101", summary="Premio a la participación vecinal."
        ),
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
    # With ELASTICSEARCH_URL set this page was answered by the search server, not the fallback.
    assert response.context["results"].backend == (
        "elasticsearch" if os.environ.get("ELASTICSEARCH_URL") else "embedded"
    )
    assert response.context["notice"] is None
    assert "search.js" in html and "search.css" in html


def test_facets_show_counts_and_narrow(client, library):
    results = get(client, q="participacion").context["results"]
    assert {v.value: v.count for v in results.facets["type"]} == {
        "practica": 2,
        "distincion": 1,
        "noticia": 1,
    }
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


def test_query_count_is_the_same_for_one_result_and_many(client, library, count_queries):
    url = reverse("search:search")
    one = count_queries(client, f"{url}?q=reciclaje")
    many = count_queries(client, f"{url}?q=participacion")
    assert (one, many) == (one, one)


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


def test_pagination_keeps_filters_and_sort(client, library, monkeypatch):
    monkeypatch.setattr("search.views.PER_PAGE", 1)
    response = get(client, q="participacion", tipo=["practica", "distincion"], orden="recientes")
    assert response.context["results"].total == 3
    assert (
        response.context["next_url"]
        == "?q=participacion&tipo=practica&tipo=distincion&orden=recientes&pagina=2"
    )
    html = response.content.decode()
    assert (
        'href="?q=participacion&amp;tipo=practica&amp;tipo=distincion&amp;orden=recientes&amp;pagina=3"'
        in html
    )
    second = get(client, q="participacion", tipo=["practica", "distincion"], orden="recientes", pagina="2")
    assert second.context["previous_url"] == "?q=participacion&tipo=practica&tipo=distincion&orden=recientes"
    first_ids = [hit.page_id for hit in response.context["results"].hits]
    assert first_ids != [hit.page_id for hit in second.context["results"].hits]
    # Newest first across pages.
    dates = [
        get(client, q="participacion", tipo=["practica", "distincion"], orden="recientes", pagina=str(n))
        .context["results"]
        .hits[0]
        .date
        for n in (1, 2, 3)
    ]
    assert dates == sorted(dates, reverse=True)


def test_no_results_offers_titles_without_javascript(client, library):
    # A word cut short (too short to be corrected) finds nothing as a search, but the page offers
    # what autocomplete would.
    html = get(client, q="munic").content.decode()
    assert "No encontramos resultados" in html
    assert "¿Buscaba alguno de estos contenidos?" in html
    assert f'<a href="{library["manual"].url}">Manual de Buenas Prácticas para el Municipalismo</a>' in html
    assert "¿Buscaba alguno" not in get(client, q="participacion").content.decode()


def test_facet_form_is_accessible(client, library):
    """Every facet is a fieldset with a legend; every checkbox and the sort select have a label."""
    from html.parser import HTMLParser

    class Form(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack, self.inputs, self.labels, self.legends, self.fieldsets = [], [], set(), 0, 0
            self.in_legend = False

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "fieldset":
                self.fieldsets += 1
                self.stack.append({"legend": False})
            elif tag == "legend" and self.stack:
                self.stack[-1]["legend"] = True
                self.legends += 1
            elif tag == "label" and "for" in attrs:
                self.labels.add(attrs["for"])
            elif tag in ("input", "select") and attrs.get("type") != "hidden":
                self.inputs.append((attrs, bool(self.stack) and self.stack[-1]["legend"]))

        def handle_endtag(self, tag):
            if tag == "fieldset":
                self.stack.pop()

    parser = Form()
    parser.feed(get(client, q="participacion", region="Coquimbo").content.decode())
    assert parser.fieldsets == parser.legends >= 5
    checkboxes = [(attrs, legend) for attrs, legend in parser.inputs if attrs.get("type") == "checkbox"]
    assert len(checkboxes) >= 6
    ids_seen = [attrs["id"] for attrs, _legend in checkboxes]
    assert len(ids_seen) == len(set(ids_seen))
    for attrs, inside_legend_fieldset in checkboxes:
        assert attrs["id"] in parser.labels, attrs
        assert inside_legend_fieldset, attrs
    others = {attrs.get("name"): attrs for attrs, _legend in parser.inputs if attrs.get("type") != "checkbox"}
    assert others["q"]["id"] in parser.labels and others["orden"]["id"] in parser.labels
    # Without JavaScript the form is applied with real buttons (search.js hides them and says so).
    html = get(client, q="participacion").content.decode()
    assert 'class="button facet-apply"' in html and "sort-apply" in html
    assert 'aria-describedby="facets-help"' in html


def test_search_server_down_never_breaks_suggestions_or_case_pages(client, library, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    response = client.get(reverse("search:suggest"), {"q": "munic"})
    assert response.status_code == 200
    assert response.json()["suggestions"][0]["text"] == "Manual de Buenas Prácticas para el Municipalismo"
    case = client.get(library["manual"].url)
    assert case.status_code == 200
    assert "Prácticas relacionadas" in case.content.decode()


def test_case_page_shows_related_practices(client, library):
    html = client.get(library["budget"].url).content.decode()
    assert "Prácticas relacionadas" in html
    assert library["manual"].title in html.split("Prácticas relacionadas", 1)[1]


def test_a_misspelled_query_is_retried_and_says_so(client, library):
    response = get(client, q="partisipacion")
    html = response.content.decode()
    assert response.context["results"].total == 4
    assert (
        "No encontramos resultados para «partisipacion». Mostramos los resultados para <strong>«participación»</strong>."
        in html
    )
    assert "4 resultados para «participación»" in html
    assert "<mark>participación</mark>" in html
    # The person can insist on what they typed: no retry then.
    exact_url = "?q=partisipacion&amp;exacta=1"
    assert f'<a href="{exact_url}">Buscar solo «partisipacion»</a>' in html
    insisted = get(client, q="partisipacion", exacta="1")
    assert insisted.context["results"].total == 0
    assert "Mostramos los resultados para" not in insisted.content.decode()


def test_a_rare_spelling_offers_did_you_mean(client, library, make_practice):
    make_practice("Ferias de emprendedoras", summary="Apoyo a la comercializasion local.")
    for number in range(5):
        make_practice(f"Comercialización campesina {number}", summary="Venta directa de productos.")
    call_command("search_rebuild", "--no-progress", stdout=io.StringIO())
    response = get(client, q="comercializasion")
    html = response.content.decode()
    assert response.context["results"].total == 1
    link = "?q=comercializaci%C3%B3n"
    assert f'¿Quiso decir <a href="{link}" class="search-did-you-mean">comercialización</a>?' in html


def test_autocomplete_endpoint_tolerates_a_typo(client, library):
    data = client.get(reverse("search:suggest"), {"q": "partis"}).json()
    assert "Presupuestos participativos en Santiago" in [item["text"] for item in data["suggestions"]]
