"""One contract, every backend: the embedded one always (SQLite locally, PostgreSQL when
DATABASE_URL points to it) and Elasticsearch when ELASTICSEARCH_URL is set."""

import datetime as dt

import pytest

from search.backends import SearchRequest
from search.entries import Entry


def practice(page_id, title, summary, *, category, region, comuna, year, date, body="", level=""):
    return Entry(
        page_id=page_id,
        doc_type="practica",
        title=title,
        url=f"/biblioteca/p{page_id}/",
        summary=summary,
        body=body,
        category=category,
        region=region,
        comuna=comuna,
        municipality=f"Municipalidad de {comuna}",
        year=year,
        level=level,
        date=date,
    )


CORPUS = [
    practice(
        1,
        "Manual de Buenas Prácticas para el Municipalismo",
        "Guía de participación ciudadana para gobiernos locales.",
        category="Participación ciudadana",
        region="Coquimbo",
        comuna="La Serena",
        year=2019,
        date=dt.date(2020, 1, 10),
        level="oro",
    ),
    practice(
        2,
        "Reciclaje en escuelas municipales",
        "Las escuelas separan residuos y reciclan papel.",
        category="Medio ambiente",
        region="Biobío",
        comuna="Concepción",
        year=2021,
        date=dt.date(2021, 6, 1),
    ),
    practice(
        3,
        "Reciclajes comunitarios de vidrio",
        "Puntos limpios de vidrio en los barrios.",
        category="Medio ambiente",
        region="Coquimbo",
        comuna="Coquimbo",
        year=2022,
        date=dt.date(2022, 3, 1),
    ),
    practice(
        4,
        "Presupuestos participativos",
        "Vecinos y vecinas deciden parte de la inversión comunal.",
        category="Participación ciudadana",
        region="Metropolitana",
        comuna="Santiago",
        year=2021,
        date=dt.date(2021, 9, 1),
    ),
    Entry(
        5,
        "distincion",
        "Sello de calidad en gestión municipal",
        "/distinciones/sello/",
        "Distinción por la mejora continua.",
        region="Metropolitana",
        comuna="Santiago",
        municipality="Municipalidad de Santiago",
        year=2023,
        level="plata",
        date=dt.date(2023, 5, 10),
    ),
    Entry(
        6,
        "noticia",
        "Escuela de verano para funcionarios",
        "/noticias/escuela/",
        "Cursos abiertos en enero.",
        year=2024,
        date=dt.date(2024, 1, 5),
    ),
    practice(
        7,
        "Huertos escolares",
        "Una escuela de Ovalle cultiva hortalizas con apoderados.",
        category="Educación",
        region="Coquimbo",
        comuna="Ovalle",
        year=2020,
        date=dt.date(2020, 8, 1),
    ),
    Entry(
        8,
        "pagina",
        "Quiénes somos",
        "/quienes-somos/",
        "La asociación de municipios y su programa.",
        date=dt.date(2018, 1, 1),
    ),
    practice(
        9,
        "Taller <b>digital</b> para personas mayores",
        "Alfabetización digital <script>alert(1)</script> en sedes vecinales.",
        category="Inclusión",
        region="Valparaíso",
        comuna="Valparaíso",
        year=2023,
        date=dt.date(2023, 2, 1),
    ),
]


@pytest.fixture
def indexed(backend):
    backend.index_entries(CORPUS)
    return backend


def ids(results):
    return [hit.page_id for hit in results.hits]


def counts(results, facet):
    return {value.value: value.count for value in results.facets[facet]}


def test_ping(backend):
    backend.ping()


def test_accents_and_case_do_not_matter(indexed):
    # 1 says it in its summary, 4 through its category name (and "participativos", same root).
    for query in ("participacion", "PARTICIPACIÓN", "Participación"):
        assert set(ids(indexed.search(SearchRequest(query=query)))) == {1, 4}


def test_singular_finds_plural_and_back(indexed):
    assert set(ids(indexed.search(SearchRequest(query="escuela")))) == {2, 6, 7}
    assert set(ids(indexed.search(SearchRequest(query="escuelas")))) == {2, 6, 7}
    assert set(ids(indexed.search(SearchRequest(query="reciclaje")))) == {2, 3}


def test_every_word_must_match(indexed):
    assert ids(indexed.search(SearchRequest(query="reciclaje escuelas"))) == [2]


def test_place_names_are_searchable(indexed):
    assert set(ids(indexed.search(SearchRequest(query="ovalle")))) == {7}


def test_highlight_marks_the_original_word(indexed):
    hit = next(hit for hit in indexed.search(SearchRequest(query="participacion")).hits if hit.page_id == 1)
    assert "<mark>participación</mark>" in hit.snippet_html


def test_highlight_escapes_stored_html(indexed):
    hit = indexed.search(SearchRequest(query="digital")).hits[0]
    assert hit.page_id == 9
    assert "<mark>digital</mark>" in hit.title_html
    assert "&lt;b&gt;" in hit.title_html
    assert "<script>" not in hit.snippet_html
    assert "<b>" not in hit.title_html


def test_facet_counts_without_filters(indexed):
    results = indexed.search(SearchRequest())
    assert results.total == len(CORPUS)
    assert counts(results, "region") == {"Coquimbo": 3, "Biobío": 1, "Metropolitana": 2, "Valparaíso": 1}
    assert counts(results, "type") == {"practica": 6, "distincion": 1, "noticia": 1, "pagina": 1}
    assert counts(results, "level") == {"oro": 1, "plata": 1}
    assert counts(results, "year")["2021"] == 2


def test_multi_select_facets_count_the_other_filters(indexed):
    results = indexed.search(
        SearchRequest(filters={"region": ("Coquimbo",), "category": ("Medio ambiente",)})
    )
    assert ids(results) == [3]
    # Region counts apply only the category filter; category counts only the region filter.
    assert counts(results, "region") == {"Coquimbo": 1, "Biobío": 1}
    assert counts(results, "category") == {"Participación ciudadana": 1, "Medio ambiente": 1, "Educación": 1}
    selected = {value.value for value in results.facets["region"] if value.selected}
    assert selected == {"Coquimbo"}


def test_values_of_one_facet_are_alternatives(indexed):
    results = indexed.search(
        SearchRequest(filters={"region": ("Coquimbo", "Biobío"), "category": ("Medio ambiente",)})
    )
    assert set(ids(results)) == {2, 3}


def test_year_and_text_filters_combine(indexed):
    assert set(ids(indexed.search(SearchRequest(filters={"year": ("2021",)})))) == {2, 4}
    assert ids(indexed.search(SearchRequest(query="reciclaje", filters={"year": ("2022",)}))) == [3]


def test_selected_value_stays_visible_with_zero_count(indexed):
    results = indexed.search(SearchRequest(query="huertos", filters={"region": ("Biobío",)}))
    assert results.total == 0
    assert [(v.value, v.count, v.selected) for v in results.facets["region"] if v.value == "Biobío"] == [
        ("Biobío", 0, True)
    ]


def test_sort_newest(indexed):
    results = indexed.search(SearchRequest(sort="newest", per_page=20))
    dates = [hit.date for hit in results.hits]
    assert dates == sorted(dates, reverse=True)
    assert ids(results)[0] == 6


def test_pagination(indexed):
    first = indexed.search(SearchRequest(sort="newest", per_page=4, page=1))
    second = indexed.search(SearchRequest(sort="newest", per_page=4, page=2))
    third = indexed.search(SearchRequest(sort="newest", per_page=4, page=3))
    assert first.total == second.total == len(CORPUS)
    assert first.num_pages == 3
    assert len(ids(first)) == 4 and len(ids(second)) == 4 and len(ids(third)) == 1
    assert not set(ids(first)) & set(ids(second))


def test_autocomplete_by_prefix_of_any_title_word(indexed):
    assert {s.text for s in indexed.suggest("recic")} == {
        "Reciclaje en escuelas municipales",
        "Reciclajes comunitarios de vidrio",
    }
    assert "Manual de Buenas Prácticas para el Municipalismo" in {
        s.text for s in indexed.suggest("municipalis")
    }
    assert [s.text for s in indexed.suggest("partic")] == ["Presupuestos participativos"]
    assert indexed.suggest("x") == []


def test_suggestions_carry_the_url(indexed):
    (suggestion,) = indexed.suggest("huert")
    assert (suggestion.url, suggestion.doc_type) == ("/biblioteca/p7/", "practica")


def test_related_are_other_practices_sharing_terms(indexed):
    related = indexed.related(2, limit=3)
    assert related[0] == 3
    assert 2 not in related
    assert set(related) <= {1, 3, 4, 7, 9}


def test_delete_removes_from_results_and_facets(indexed):
    indexed.delete([3])
    results = indexed.search(SearchRequest(query="reciclaje"))
    assert ids(results) == [2]
    assert counts(results, "region") == {"Biobío": 1}
    assert indexed.indexed_ids() == {entry.page_id for entry in CORPUS} - {3}


def test_reindexing_replaces_the_old_text(indexed):
    changed = practice(
        2,
        "Compostaje en escuelas municipales",
        "Las escuelas compostan.",
        category="Medio ambiente",
        region="Biobío",
        comuna="Concepción",
        year=2021,
        date=dt.date(2021, 6, 1),
    )
    indexed.index_entries([changed])
    assert ids(indexed.search(SearchRequest(query="compostaje"))) == [2]
    assert ids(indexed.search(SearchRequest(query="reciclaje"))) == [3]


def test_rebuild_replaces_the_whole_index(indexed):
    seen = []
    count = indexed.rebuild(iter(CORPUS[:2]), chunk_size=1, progress=seen.append)
    assert count == 2
    assert sum(seen) == 2
    assert indexed.indexed_ids() == {1, 2}
    assert ids(indexed.search(SearchRequest(query="vidrio"))) == []


def test_query_without_searchable_words_browses_everything(indexed):
    # Only stop words or punctuation: every backend lists everything, newest first, instead of
    # one backend showing all and the other nothing.
    for query in ("de la", "*", '"'):
        results = indexed.search(SearchRequest(query=query, per_page=20))
        assert results.total == len(CORPUS), query
        assert ids(results)[0] == 6


def test_facets_list_every_region_and_comuna(backend):
    # Chile has 16 regions and 346 comunas: every one must get its own count, none cut off.
    regions = [f"Región {number:02d}" for number in range(1, 17)]
    entries = [
        practice(
            1000 + n,
            f"Plaza activa {n}",
            "Plazas con juegos y bancas.",
            category="Espacio público",
            region=regions[n % 16],
            comuna=f"Comuna {n:03d}",
            year=2020,
            date=dt.date(2020, 1, 1),
        )
        for n in range(360)
    ]
    backend.index_entries(entries)
    results = backend.search(SearchRequest(query="plazas"))
    assert results.total == 360
    assert len(results.facets["comuna"]) == 360
    assert all(value.count == 1 for value in results.facets["comuna"])
    assert counts(results, "region") == {
        region: 360 // 16 + (1 if i < 360 % 16 else 0) for i, region in enumerate(regions)
    }
    # Selecting one comuna still lists all others, with the counts they would have on their own.
    narrowed = backend.search(SearchRequest(query="plazas", filters={"comuna": ("Comuna 007",)}))
    assert narrowed.total == 1
    assert len(narrowed.facets["comuna"]) == 360
    assert counts(narrowed, "region") == {regions[7]: 1}


def test_elasticsearch_facets_ask_for_every_comuna():
    from search.documents import FACET_SIZE, PortalFacetedSearch

    search = PortalFacetedSearch(index="x", using=None, query="agua", filters={"region": ("Coquimbo",)})
    aggregations = search.build_search().to_dict()["aggs"]
    sizes = {
        name: body["aggs"][name]["terms"]["size"]
        for name, body in ((key[len("_filter_") :], value) for key, value in aggregations.items())
    }
    assert set(sizes) == {"type", "category", "region", "comuna", "year", "level"}
    assert min(sizes.values()) == FACET_SIZE >= 346
